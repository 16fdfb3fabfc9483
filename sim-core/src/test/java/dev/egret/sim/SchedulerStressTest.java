package dev.egret.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Distributions that break naive event lists must stay fast and exact. */
class SchedulerStressTest {

  @ParameterizedTest
  @EnumSource(
      value = SchedulerKind.class,
      names = {"CALENDAR", "HEAP4"})
  void burstsOfEqualTimesStayFifoAndLinear(SchedulerKind kind) {
    EventScheduler<Object> q = kind.create();
    int n = 200_000;
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      q.insert(Durations.seconds(300), i); // e.g. every node's CT GC timer at the same instant
    }
    for (int i = 0; i < n; i++) {
      assertEquals(i, q.removeNext());
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertTrue(ms < 3_000, kind + " took " + ms + " ms for " + n + " equal-time events");
  }

  @ParameterizedTest
  @EnumSource(
      value = SchedulerKind.class,
      names = {"CALENDAR", "HEAP4"})
  void nearAndFarEventsMixed(SchedulerKind kind) {
    // Microsecond packet events alongside minute-scale timers, as a network simulation has.
    EventScheduler<Object> q = kind.create();
    Rng r = Rng.root(5);
    long now = 0;
    for (int i = 0; i < 5_000; i++) {
      q.insert(Durations.seconds(60 + r.nextInt(600)), "far");
    }
    int popped = 0;
    long start = System.nanoTime();
    for (int i = 0; i < 1_000; i++) {
      q.insert(now + r.nextInt(50_000), "near");
    }
    for (int i = 0; i < 400_000; i++) {
      long before = q.peekTime();
      Object p = q.removeNext();
      assertTrue(q.lastRemovedTime() >= now, "time never goes back");
      assertEquals(before, q.lastRemovedTime());
      now = q.lastRemovedTime();
      popped++;
      if ("near".equals(p)) {
        q.insert(now + 1 + r.nextInt(50_000), "near");
      }
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertEquals(400_000, popped);
    assertTrue(ms < 3_000, kind + " took " + ms + " ms");
  }
}
