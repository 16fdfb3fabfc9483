package dev.egret.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SimulationTest {

  @ParameterizedTest
  @EnumSource(SchedulerKind.class)
  void equalTimesRunInSchedulingOrder(SchedulerKind kind) {
    Simulation sim = Simulation.create(1, kind);
    List<String> log = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String name = "e" + i;
      sim.scheduleAt(Durations.seconds(1), s -> log.add(name));
    }
    sim.scheduleAt(0, s -> log.add("first"));
    sim.run();
    assertEquals(List.of("first", "e0", "e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8", "e9"), log);
    assertEquals(11, sim.eventsExecuted());
    assertEquals(Durations.seconds(1), sim.now());
  }

  @ParameterizedTest
  @EnumSource(SchedulerKind.class)
  void eventsScheduledFromEventsSeeTheirOwnTime(SchedulerKind kind) {
    Simulation sim = Simulation.create(1, kind);
    List<Long> times = new ArrayList<>();
    Event chain =
        new Event() {
          int left = 5;

          @Override
          public void run(Simulation s) {
            times.add(s.now());
            if (--left > 0) {
              s.scheduleAfter(Durations.millis(3), this);
            }
          }
        };
    sim.scheduleAt(Durations.millis(1), chain);
    sim.run();
    assertEquals(List.of(1_000_000L, 4_000_000L, 7_000_000L, 10_000_000L, 13_000_000L), times);
  }

  @Test
  void cancelledEventsDoNotRun() {
    Simulation sim = Simulation.create(1);
    List<String> log = new ArrayList<>();
    long a = sim.scheduleAt(10, s -> log.add("a"));
    sim.scheduleAt(20, s -> log.add("b"));
    assertTrue(sim.cancel(a));
    assertFalse(sim.cancel(a), "a second cancel is a no-op");
    sim.run();
    assertEquals(List.of("b"), log);
    assertEquals(1, sim.eventsExecuted());
  }

  @Test
  void runUntilStopsBeforeLaterEventsAndAdvancesTheClock() {
    Simulation sim = Simulation.create(1);
    List<Long> seen = new ArrayList<>();
    for (long t : new long[] {5, 10, 15, 20}) {
      sim.scheduleAt(t, s -> seen.add(s.now()));
    }
    sim.runUntil(15);
    assertEquals(List.of(5L, 10L, 15L), seen);
    assertEquals(15, sim.now());
    assertEquals(1, sim.pending());
    sim.runUntil(100);
    assertEquals(List.of(5L, 10L, 15L, 20L), seen);
    assertEquals(100, sim.now());
  }

  @Test
  void stopEndsTheRunAfterTheCurrentEvent() {
    Simulation sim = Simulation.create(1);
    List<String> log = new ArrayList<>();
    sim.scheduleAt(1, s -> log.add("a"));
    sim.scheduleAt(
        2,
        s -> {
          log.add("b");
          s.stop();
        });
    sim.scheduleAt(3, s -> log.add("c"));
    sim.run();
    assertEquals(List.of("a", "b"), log);
    assertTrue(sim.wasStopped());
    sim.run();
    assertEquals(List.of("a", "b", "c"), log);
  }

  @Test
  void periodicTimerFiresUntilCancelled() {
    Simulation sim = Simulation.create(1);
    List<Long> fires = new ArrayList<>();
    PeriodicTimer t =
        sim.every(Durations.seconds(1), Durations.seconds(2), s -> fires.add(s.now()));
    sim.scheduleAt(Durations.seconds(6), s -> t.cancel(s));
    sim.runUntil(Durations.seconds(20));
    assertEquals(List.of(Durations.seconds(1), Durations.seconds(3), Durations.seconds(5)), fires);
    assertEquals(3, t.firings());
    assertTrue(t.isCancelled());
  }

  @Test
  void listenersSeeEveryEvent() {
    Simulation sim = Simulation.create(1);
    List<String> trace = new ArrayList<>();
    sim.addListener(
        new SimulationListener() {
          @Override
          public void beforeEvent(long time, Event event) {
            trace.add("before@" + time);
          }

          @Override
          public void afterEvent(long time, Event event) {
            trace.add("after@" + time);
          }

          @Override
          public void onRunEnd(long time, long eventsExecuted) {
            trace.add("end@" + time + "/" + eventsExecuted);
          }
        });
    sim.scheduleAt(7, s -> trace.add("run"));
    sim.run();
    assertEquals(List.of("before@7", "run", "after@7", "end@7/1"), trace);
  }

  @Test
  void schedulingInThePastIsRefused() {
    Simulation sim = Simulation.create(1);
    sim.scheduleAt(10, s -> {});
    sim.run();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> sim.scheduleAt(5, s -> {}));
    assertTrue(e.getMessage().contains("past"), e.getMessage());
  }

  @Test
  void sameSeedSameRunDifferentSeedDifferentRun() {
    assertEquals(runRandomModel(42), runRandomModel(42));
    assertFalse(runRandomModel(42).equals(runRandomModel(43)));
  }

  /** A small random process: each event draws a delay from its own stream and logs its time. */
  private static List<Long> runRandomModel(long seed) {
    Simulation sim = Simulation.create(seed);
    List<Long> log = new ArrayList<>();
    for (String name : List.of("a", "b", "c")) {
      Rng rng = sim.rng(name);
      Event e =
          new Event() {
            int left = 50;

            @Override
            public void run(Simulation s) {
              log.add(s.now() * 31 + name.charAt(0));
              if (--left > 0) {
                s.scheduleAfter((long) (rng.nextExponential(1000)), this);
              }
            }
          };
      sim.scheduleAt(0, e);
    }
    sim.run();
    return log;
  }
}
