package dev.egret.gui.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.gui.Examples;
import dev.egret.gui.model.HopEvent;
import dev.egret.gui.model.Recorder;
import dev.egret.gui.model.Recording;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The topology view of example 001 under headless Monocle: shapes in the scene graph. */
@ExtendWith(ApplicationExtension.class)
class TopologyViewTest {
  private static final long S = 1_000_000_000L;
  private static Recording r001;
  private TopologyView view;

  @BeforeAll
  static void record() {
    r001 = Recorder.record(Examples.load(Examples.RESCHEDULE));
  }

  @Start
  void start(Stage stage) {
    view = new TopologyView();
    view.setRecording(r001);
    stage.setScene(new Scene(view, 1400, 600));
    stage.show();
  }

  private void at(long t) {
    WaitForAsyncUtils.asyncFx(() -> view.showTime(t));
    WaitForAsyncUtils.waitForFxEvents();
  }

  private Set<Node> all(String selector) {
    return view.lookupAll(selector);
  }

  private static List<String> texts(Node n) {
    if (n instanceof Text t) {
      return List.of(t.getText());
    }
    if (n instanceof Parent p) {
      return p.getChildrenUnmodifiable().stream()
          .flatMap(c -> texts(c).stream())
          .collect(Collectors.toList());
    }
    return List.of();
  }

  @Test
  void nodesAndPodsAreDrawn() {
    at(0);
    assertEquals(3, all(".node-box").size());
    Node w1 = view.lookup("#node-k8s-worker-1");
    assertTrue(texts(w1).contains("k8s-worker-1"));
    assertTrue(texts(w1).contains("my-app"), texts(w1).toString());
    assertTrue(texts(w1).contains("10.0.0.2"));
    assertEquals(2, w1.lookupAll(".pod").size());
    assertEquals(1, all(".external-box").size());
    assertEquals(1, all(".router-box").size());
  }

  @Test
  void gatewayIsMarkedWithItsEgressIp() {
    at(0);
    Node gw = view.lookup("#node-k8s-worker-2");
    assertTrue(gw.getStyleClass().contains("gateway"));
    assertTrue(texts(gw).contains("egress IP 172.18.0.3"), texts(gw).toString());
    assertFalse(view.lookup("#node-k8s-worker-1").getStyleClass().contains("gateway"));
  }

  @Test
  void podMovesWithTheReschedule() {
    at(6 * S);
    assertEquals(1, view.lookup("#node-k8s-worker-3").lookupAll(".pod").size());
    assertTrue(texts(view.lookup("#node-k8s-worker-3")).contains("my-app"));
    assertEquals(1, view.lookup("#node-k8s-worker-1").lookupAll(".pod").size());
  }

  @Test
  void tunnelAppearsWhenTrafficFlows() {
    at(S);
    assertEquals(0, all(".tunnel").size(), "no traffic yet");
    HopEvent first = r001.hops().get(0);
    at(first.time() + first.delay() / 2);
    assertEquals(1, all(".tunnel").size());
    assertTrue(view.lookup("#tunnel-k8s-worker-1-k8s-worker-2") != null);
    // my-app's SYN in the tunnel, and other-app's, masqueraded by its own node, to the router.
    assertEquals(2, all(".packet").size());
    assertEquals(1, all(".packet.forwarded").size(), "in the tunnel it still has the pod's IP");
    assertEquals(1, all(".packet.snat").size(), "other-app leaves with its node's IP");
    List<String> labels = all(".packet-label").stream().flatMap(n -> texts(n).stream()).toList();
    assertTrue(labels.contains("10.0.0.2 → 198.51.100.10 SYN"), labels.toString());
    assertTrue(labels.contains("172.18.0.5 → 198.51.100.10 SYN"), labels.toString());
  }

  @Test
  void packetLabelChangesToTheEgressIpAfterTheGateway() {
    HopEvent out =
        r001.hops().stream()
            .filter(h -> h.from().equals("k8s-worker-2") && h.to().equals("router"))
            .findFirst()
            .orElseThrow();
    at(out.time() + out.delay() / 2);
    // my-app's SYN leaving the gateway, and other-app's masqueraded one on its way to echo.
    assertEquals(2, all(".packet.snat").size());
    List<String> labels = all(".packet-label").stream().flatMap(n -> texts(n).stream()).toList();
    assertTrue(
        labels.stream().anyMatch(l -> l.startsWith("172.18.0.3 → 198.51.100.10")),
        labels.toString());
    List<String> callouts = all(".snat-callout").stream().flatMap(n -> texts(n).stream()).toList();
    assertTrue(callouts.contains("SNAT 10.0.0.2 → 172.18.0.3"), callouts.toString());
  }
}
