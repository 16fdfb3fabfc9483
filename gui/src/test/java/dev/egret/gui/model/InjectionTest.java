package dev.egret.gui.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.gui.Examples;
import dev.egret.scenarios.model.Scenario;
import dev.egret.scenarios.model.TimelineItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InjectionTest {
  private static final long S = 1_000_000_000L;

  @Test
  void injectedItemsGoAfterTheScenariosItemsOfTheSameTime() {
    Scenario base = Examples.load(Examples.RESCHEDULE);
    List<TimelineItem> inj = new ArrayList<>();
    inj.add(Injection.item(base, inj, 2 * S, Injection.nodeDown("k8s-worker-2")));
    inj.add(
        Injection.item(
            base, inj, S, Injection.labelNode("k8s-worker-3", Map.of("a", "b"), List.of())));
    Scenario s = Injection.apply(base, inj);
    List<Integer> order = s.timeline().stream().map(TimelineItem::index).toList();
    // 001's items: 0 and 1 at 2 s, 2 at 5 s, 3 at 8 s; injected: 4 at 2 s, 5 at 1 s.
    assertEquals(List.of(5, 0, 1, 4, 2, 3), order);
    assertSame(base, Injection.apply(base, List.of()));
  }

  @Test
  void replayIsIdenticalBeforeTheInjectionAndDiffersAfter() {
    Scenario base = Examples.load(Examples.RESCHEDULE);
    Recording before = Recorder.record(base);
    List<TimelineItem> inj =
        List.of(Injection.item(base, List.of(), 7 * S, Injection.nodeDown("k8s-worker-2")));
    Recording after = Recorder.record(Injection.apply(base, inj), inj);
    assertEquals(before.hopsIn(-1, 7 * S), after.hopsIn(-1, 7 * S));
    assertEquals(before.flowsIn(-1, 7 * S).size(), after.flowsIn(-1, 7 * S).size());
    assertTrue(
        after.hopsIn(7 * S, after.endNanos()).size()
            < before.hopsIn(7 * S, before.endNanos()).size());
    assertEquals(inj, after.injected());
    assertTrue(after.actions().containsAll(inj));
    // The reply never comes: the expectation on the 8 s request fails in the replay.
    assertTrue(before.result().passed());
    assertTrue(!after.result().passed());
  }

  @Test
  void actionsReadAsOneLine() {
    assertEquals("nodeDown gw", ActionText.describe(Injection.nodeDown("gw")));
    assertEquals(
        "reschedule default/app → n2",
        ActionText.describe(Injection.reschedule("default/app", "n2")));
    assertEquals(
        "label gw a=1 egress-",
        ActionText.describe(Injection.labelNode("gw", Map.of("a", "1"), List.of("egress"))));
    assertEquals(
        "http default/my-app → echo:80",
        ActionText.describe(Examples.load(Examples.RESCHEDULE).timeline().get(0).action()));
  }
}
