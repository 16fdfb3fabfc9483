package dev.egret.gui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.gui.Examples;
import dev.egret.gui.model.Injection;
import dev.egret.scenarios.record.FlowRecord;
import javafx.scene.Node;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The main window on example 001: stepping, playing, the flow table, explain, injection. */
@ExtendWith(ApplicationExtension.class)
class EgretWindowTest {
  private static final long S = 1_000_000_000L;
  private EgretWindow window;

  @Start
  void start(Stage stage) {
    window = new EgretWindow(stage);
    stage.show();
  }

  @Test
  void stepButtonMovesFromEventToEvent(FxRobot robot) throws Exception {
    WindowFixture.open(window, Examples.load(Examples.RESCHEDULE), 0);
    assertEquals(0, window.playhead().time());
    robot.clickOn("#step");
    assertEquals(2 * S, window.playhead().time(), "the first actions are at 2 s");
    long first = window.playhead().time();
    robot.clickOn("#step");
    robot.clickOn("#step");
    long third = window.playhead().time();
    assertTrue(third > first);
    assertEquals(
        third, window.recording().nextEventAfter(window.recording().previousEventBefore(third)));
    // A frame is on the wire: the topology shows it, and the tunnel it rides.
    assertFalse(window.topology().lookupAll(".packet").isEmpty());
    assertFalse(window.topology().lookupAll(".tunnel").isEmpty());
    robot.clickOn("#step-back");
    assertTrue(window.playhead().time() < third);
  }

  @Test
  void playAdvancesTimeAndPauseStopsIt(FxRobot robot) throws Exception {
    WindowFixture.open(window, Examples.load(Examples.RESCHEDULE), 0);
    robot.clickOn("#play");
    Thread.sleep(600);
    robot.clickOn("#play");
    long t = window.playhead().time();
    assertTrue(t > 0, "playing skips the idle start and moves on");
    assertFalse(window.playhead().isPlaying());
    Thread.sleep(200);
    assertEquals(t, window.playhead().time());
  }

  @Test
  void flowTableListsFlowsUpToNowAndFilters() throws Exception {
    WindowFixture.open(window, Examples.load(Examples.RESCHEDULE), 0);
    assertEquals(0, WindowFixture.get(() -> window.flows().rows().size()));
    WindowFixture.fx(() -> window.seek(10 * S));
    int all = WindowFixture.get(() -> window.flows().rows().size());
    assertEquals(window.recording().flows().size(), all);
    WindowFixture.fx(() -> window.flows().filterPod("default/other-app"));
    int other = WindowFixture.get(() -> window.flows().rows().size());
    assertTrue(other > 0 && other < all);
    for (FlowRecord r : WindowFixture.get(() -> window.flows().rows())) {
      boolean mentions =
          "other-app".equals(r.source().podName()) || "other-app".equals(r.destination().podName());
      assertTrue(mentions, r.toString());
    }
    WindowFixture.fx(() -> window.flows().filterPod(""));
    WindowFixture.fx(() -> window.flows().filterNode("k8s-worker-2"));
    assertTrue(
        WindowFixture.get(() -> window.flows().rows()).stream()
            .allMatch(r -> r.node().equals("k8s-worker-2")));
    WindowFixture.fx(() -> window.flows().filterNode(null));
    WindowFixture.fx(() -> window.flows().filterVerdict("DROPPED"));
    assertEquals(0, WindowFixture.get(() -> window.flows().rows().size()), "001 drops nothing");
  }

  @Test
  void selectingAFlowHighlightsItsPathAndExplainsIt() throws Exception {
    WindowFixture.open(window, Examples.load(Examples.RESCHEDULE), 10 * S);
    FlowRecord first =
        WindowFixture.get(
            () ->
                window.flows().rows().stream()
                    .filter(r -> "my-app".equals(r.source().podName()))
                    .findFirst()
                    .orElseThrow());
    WindowFixture.fx(() -> window.flows().select(first));
    WindowFixture.settle(window);
    assertFalse(window.topology().lookupAll(".highlight").isEmpty(), "the path is highlighted");
    var steps = WindowFixture.get(() -> window.explainPanel().stepRows());
    assertTrue(steps.size() > 10, steps.toString());
    assertTrue(steps.stream().anyMatch(r -> r.get(2).equals("to-overlay")));
    assertTrue(
        steps.stream().anyMatch(r -> r.get(3).contains("SNAT: source was 10.0.0.2")),
        "the gateway's to-network step shows the translation");
    // The same text as egret explain --from default/my-app --to echo:80 --at 2s.
    String decision = WindowFixture.get(() -> window.explainPanel().decisionText());
    assertEquals(
        cli(
                "explain",
                Examples.path(Examples.RESCHEDULE).toString(),
                "--from",
                "default/my-app",
                "--to",
                "echo:80",
                "--at",
                "2s")
            .stripTrailing(),
        decision);
    assertTrue(decision.contains("policy egress-sample"), decision);
    WindowFixture.render(window, "egret-window-001");
  }

  private static String cli(String... args) {
    java.io.StringWriter out = new java.io.StringWriter();
    picocli.CommandLine cl = dev.egret.cli.Main.commandLine();
    cl.setOut(new java.io.PrintWriter(out));
    cl.setErr(new java.io.PrintWriter(new java.io.StringWriter()));
    assertEquals(0, cl.execute(args));
    return out.toString();
  }

  @Test
  void injectedNodeDownIsReplayed() throws Exception {
    WindowFixture.open(window, Examples.load(Examples.RESCHEDULE), 7 * S);
    WindowFixture.fx(() -> window.inject(Injection.nodeDown("k8s-worker-2")));
    WindowFixture.settle(window);
    assertEquals(1, window.recording().injected().size());
    assertEquals(7 * S, window.playhead().time(), "the time is kept");
    assertEquals(7 * S, window.recording().injected().get(0).at());
    assertFalse(window.recording().frameAt(7 * S).node("k8s-worker-2").up());
    // my-app's request at 8 s now vanishes at the dead gateway instead of reaching echo.
    assertTrue(
        window.recording().drops().stream()
            .anyMatch(d -> d.lost() && d.where().equals("k8s-worker-2") && d.time() > 8 * S));
    WindowFixture.fx(() -> window.seek(8 * S + 60_000));
    Node lost = window.topology().lookup(".lost-mark");
    assertNotNull(lost, "a grey mark where the frame was lost");
    assertTrue(
        window.timeline().lookupAll(".timeline-mark").size()
            == window.recording().actions().size());
    WindowFixture.fx(() -> window.clearInjected());
    WindowFixture.settle(window);
    assertTrue(window.recording().injected().isEmpty());
    assertTrue(window.recording().frameAt(9 * S).node("k8s-worker-2").up());
  }

  @Test
  void injectingThroughTheMenuAndDialog(FxRobot robot) throws Exception {
    WindowFixture.open(window, Examples.load(Examples.RESCHEDULE), 7 * S);
    robot.clickOn("#inject");
    robot.clickOn("nodeDown…");
    // The dialog offers the nodes that are up at 7 s, the first selected: k8s-worker-1.
    robot.clickOn("OK");
    WindowFixture.settle(window);
    assertEquals(1, window.recording().injected().size());
    assertEquals(
        "nodeDown k8s-worker-1",
        dev.egret.gui.model.ActionText.describe(window.recording().injected().get(0).action()));
    assertFalse(window.recording().frameAt(7 * S).node("k8s-worker-1").up());
  }

  @Test
  void clickingTheTimelineMovesTheTime(FxRobot robot) throws Exception {
    WindowFixture.open(window, Examples.load(Examples.RESCHEDULE), 0);
    robot.clickOn(window.timeline());
    long t = window.playhead().time();
    long end = window.recording().endNanos();
    assertTrue(Math.abs(t - end / 2) < end / 20, "the middle of the run: " + t);
    assertEquals(t, window.topology().time());
  }

  @Test
  void speedSliderSetsThePlaybackSpeed() throws Exception {
    WindowFixture.open(window, Examples.load(Examples.RESCHEDULE), 0);
    javafx.scene.control.Slider speed =
        (javafx.scene.control.Slider) window.stage().getScene().lookup("#speed");
    WindowFixture.fx(() -> speed.setValue(7));
    assertEquals(1e7, window.playhead().speed(), 1);
  }

  @Test
  void chartsShowTheGateway() throws Exception {
    WindowFixture.open(window, Examples.load(Examples.RESCHEDULE), 0);
    var titles = WindowFixture.get(() -> window.charts().chartTitles());
    assertTrue(titles.contains("k8s-worker-2: SNAT mappings in use"), titles.toString());
  }
}
