package dev.egret.gui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.gui.Examples;
import java.util.List;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** Example 005 (2,000 held connections through a narrow SNAT range) in the window. */
@ExtendWith(ApplicationExtension.class)
class SnatExhaustionTest {
  private static final long S = 1_000_000_000L;
  private EgretWindow window;

  @Start
  void start(Stage stage) {
    window = new EgretWindow(stage);
    stage.show();
  }

  @Test
  void gatewayRunsOutOfPortsAndThePanelsShowIt() throws Exception {
    WindowFixture.open(window, Examples.load(Examples.SNAT_EXHAUSTION), 10 * S);
    var mark = window.topology().lookup(".drop-mark");
    assertNotNull(mark, "drops in the last second at 10 s");
    assertTrue(
        window.recording().dropsIn(9 * S, 10 * S).stream()
            .allMatch(d -> d.reason().equals("NO_MAPPING_FOR_NAT_MASQUERADE")));

    WindowFixture.fx(() -> window.gatewayPanel().selectNode("gateway"));
    List<List<String>> nat = WindowFixture.get(() -> List.copyOf(window.gatewayPanel().natRows()));
    assertTrue(nat.size() > 200, "SNAT entries: " + nat.size());
    List<String> out = nat.stream().filter(r -> r.get(1).equals("OUT")).findFirst().orElseThrow();
    assertEquals("TCP", out.get(0));
    assertTrue(out.get(3).equals("203.0.113.7:5432"), out.toString());
    assertTrue(out.get(4).startsWith("XLATE_SRC 172.18.0.2:"), out.toString());
    int port = Integer.parseInt(out.get(4).substring(out.get(4).lastIndexOf(':') + 1));
    assertTrue(port >= 32768 && port <= 33791, "inside the narrowed range: " + port);
    assertTrue(WindowFixture.get(() -> window.gatewayPanel().ctRows().size()) > 200);
    WindowFixture.fx(() -> window.showTab(1));
    WindowFixture.render(window, "egret-window-005-snat");

    String retries = "gateway: allocation retries and failures per second";
    assertTrue(WindowFixture.get(() -> window.charts().max(retries, "retries")) > 128);
    assertTrue(
        WindowFixture.get(() -> window.charts().max(retries, "failed allocations (NO_MAPPING)"))
            > 0);
    double inUse =
        WindowFixture.get(() -> window.charts().max("gateway: SNAT mappings in use", "in use"));
    assertTrue(inUse > 500 && inUse <= 1024, "mappings in use peak at " + inUse);
    WindowFixture.fx(() -> window.showTab(2));
    WindowFixture.render(window, "egret-window-005-charts");
  }
}
