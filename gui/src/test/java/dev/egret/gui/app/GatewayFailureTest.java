package dev.egret.gui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.cli.Main;
import dev.egret.gui.Examples;
import dev.egret.gui.panel.EgressListTable;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.stream.Collectors;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import picocli.CommandLine;

/**
 * Example 006 in the window: the dead gateway loses frames, the unlabelled one makes the source
 * node drop with NO_EGRESS_GATEWAY, and the egress map panel shows what {@code egret egress-list}
 * prints.
 */
@ExtendWith(ApplicationExtension.class)
class GatewayFailureTest {
  private static final long S = 1_000_000_000L;
  private EgretWindow window;

  @Start
  void start(Stage stage) {
    window = new EgretWindow(stage);
    stage.show();
  }

  private static String texts(Node n) {
    if (n instanceof Text t) {
      return t.getText();
    }
    if (n instanceof Parent p) {
      return p.getChildrenUnmodifiable().stream()
          .map(GatewayFailureTest::texts)
          .collect(Collectors.joining(" "));
    }
    return "";
  }

  @Test
  void steppingToTheDropShowsNoEgressGatewayAtTheSourceNode(FxRobot robot) throws Exception {
    WindowFixture.open(window, Examples.load(Examples.GATEWAY_FAILURE), 16 * S);
    assertTrue(window.topology().lookupAll(".drop-mark").isEmpty());
    assertFalse(
        window.topology().lookup("#node-gw").getStyleClass().contains("gateway"),
        "the label is gone: no node matches the policy's gateway selector");
    for (int i = 0; i < 3 && window.topology().lookupAll(".drop-mark").isEmpty(); i++) {
      robot.clickOn("#step");
    }
    assertEquals(17 * S, window.playhead().time(), "the request at 17 s is dropped at once");
    Node mark = window.topology().lookup(".drop-mark");
    assertNotNull(mark);
    assertTrue(texts(mark).contains("NO_EGRESS_GATEWAY"), texts(mark));
    // The mark stands on the worker node's box, where the packet was dropped.
    var worker = window.topology().layoutInUse().node("worker");
    var b = mark.getBoundsInParent();
    assertTrue(b.getMaxX() > worker.x() && b.getMinX() < worker.right(), b.toString());
    WindowFixture.render(window, "egret-window-006");
  }

  @Test
  void deadGatewayLosesTheFrames() throws Exception {
    WindowFixture.open(window, Examples.load(Examples.GATEWAY_FAILURE), 6 * S + 60_000);
    Node lost = window.topology().lookup(".lost-mark");
    assertNotNull(lost);
    assertTrue(texts(lost).contains("node gw is down"), texts(lost));
    assertTrue(window.topology().lookup("#node-gw").getStyleClass().contains("down"));
  }

  @Test
  void egressMapPanelShowsTheRowsOfEgressList() throws Exception {
    for (long t : new long[] {0, 16 * S}) {
      WindowFixture.open(window, Examples.load(Examples.GATEWAY_FAILURE), t);
      for (String node : List.of("worker", "gw")) {
        WindowFixture.fx(() -> window.egressPanel().selectNode(node));
        String cli = egressList(node, t + "ns");
        assertEquals(
            EgressListTable.rows(cli),
            WindowFixture.get(() -> List.copyOf(window.egressPanel().rows())),
            node + " at " + t);
        assertEquals(
            EgressListTable.header(cli), WindowFixture.get(() -> window.egressPanel().header()));
      }
    }
    // After the label is removed every map says the gateway is not found.
    assertEquals(
        List.of(List.of("10.0.1.2", "203.0.113.0/24", "0.0.0.0", "Not Found")),
        WindowFixture.get(() -> List.copyOf(window.egressPanel().rows())));
  }

  /** What {@code egret egress-list SCENARIO --node N --at T} prints. */
  private static String egressList(String node, String at) {
    StringWriter out = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(new StringWriter()));
    int rc =
        cl.execute(
            "egress-list",
            Examples.path(Examples.GATEWAY_FAILURE).toString(),
            "--node",
            node,
            "--at",
            at);
    assertEquals(0, rc);
    return out.toString();
  }
}
