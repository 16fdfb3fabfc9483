package dev.egret.bench.sim;

import dev.egret.sim.Event;
import dev.egret.sim.Rng;
import dev.egret.sim.SchedulerKind;
import dev.egret.sim.Simulation;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import umontreal.ssj.simevents.eventlist.BinaryTree;
import umontreal.ssj.simevents.eventlist.EventList;
import umontreal.ssj.simevents.eventlist.Henriksen;
import umontreal.ssj.simevents.eventlist.RedblackTree;
import umontreal.ssj.simevents.eventlist.SplayTree;

/**
 * The classic hold model (Vaucher and Duval 1975; Jones 1986): N events pending; each operation
 * removes the earliest event, runs it, and the event reschedules itself at now + Exp(1). Every
 * engine runs its own whole event loop (remove, dispatch, schedule) over the same pre-drawn
 * increments, so only the engines differ. One JMH operation is one hold.
 *
 * <p>Engines: egret's {@link Simulation} over each {@link SchedulerKind}; SSJ 3.3.2's {@code
 * Simulator} over its SplayTree (its default), BinaryTree, RedblackTree and Henriksen event lists;
 * and {@link PriorityQueue} of reused objects as a floor (no dispatch, no cancel support).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HoldModel {
  /** Holds per JMH invocation. */
  static final int K = 1024;

  /** Pre-drawn Exp(1) increments, shared by every engine (index wraps). */
  static final int INCREMENTS = 1 << 16;

  /** egret time is in nanoseconds: an increment of 1.0 is one millisecond. */
  static final double NANOS_PER_UNIT = 1_000_000.0;

  @Param({"1000", "100000"})
  public int n;

  @Param({
    "egret-calendar",
    "egret-heap4",
    "egret-binary",
    "ssj-splay",
    "ssj-binarytree",
    "ssj-redblack",
    "ssj-henriksen",
    "jdk-priorityqueue"
  })
  public String engine;

  static final double[] INC = new double[INCREMENTS];
  static final long[] INC_NANOS = new long[INCREMENTS];

  static {
    Rng rng = Rng.root(20261121).stream("bench/hold");
    for (int i = 0; i < INCREMENTS; i++) {
      INC[i] = rng.nextExponential(1.0);
      INC_NANOS[i] = Math.max(1, (long) (INC[i] * NANOS_PER_UNIT));
    }
  }

  private Runner runner;

  interface Runner {
    void holds(int k);
  }

  @Setup(Level.Trial)
  public void setUp() {
    runner =
        switch (engine) {
          case "egret-heap4" -> new EgretRunner(SchedulerKind.HEAP4, n);
          case "egret-calendar" -> new EgretRunner(SchedulerKind.CALENDAR, n);
          case "egret-binary" -> new EgretRunner(SchedulerKind.BINARY, n);
          case "ssj-splay" -> new SsjRunner(new SplayTree(), n);
          case "ssj-binarytree" -> new SsjRunner(new BinaryTree(), n);
          case "ssj-redblack" -> new SsjRunner(new RedblackTree(), n);
          case "ssj-henriksen" -> new SsjRunner(new Henriksen(), n);
          case "jdk-priorityqueue" -> new PqRunner(n);
          default -> throw new IllegalArgumentException(engine);
        };
    runner.holds(n * 4); // reach the steady-state distribution of pending times
  }

  @Benchmark
  @OperationsPerInvocation(K)
  public void hold() {
    runner.holds(K);
  }

  // ------------------------------------------------------------------ egret

  static final class EgretRunner implements Runner {
    final Simulation sim;
    int remaining;
    int cursor;

    final class Hold implements Event {
      @Override
      public void run(Simulation s) {
        s.scheduleAfter(INC_NANOS[cursor++ & (INCREMENTS - 1)], this);
        if (--remaining == 0) {
          s.stop();
        }
      }
    }

    EgretRunner(SchedulerKind kind, int n) {
      sim = Simulation.create(1, kind);
      for (int i = 0; i < n; i++) {
        sim.scheduleAfter(INC_NANOS[cursor++ & (INCREMENTS - 1)], new Hold());
      }
    }

    @Override
    public void holds(int k) {
      remaining = k;
      sim.run();
    }
  }

  // ------------------------------------------------------------------ SSJ

  static final class SsjRunner implements Runner {
    final umontreal.ssj.simevents.Simulator sim;
    int remaining;
    int cursor;

    final class Hold extends umontreal.ssj.simevents.Event {
      Hold(umontreal.ssj.simevents.Simulator s) {
        super(s);
      }

      @Override
      public void actions() {
        schedule(INC[cursor++ & (INCREMENTS - 1)]);
        if (--remaining == 0) {
          simulator().stop();
        }
      }
    }

    SsjRunner(EventList list, int n) {
      sim = new umontreal.ssj.simevents.Simulator(list);
      sim.init();
      for (int i = 0; i < n; i++) {
        new Hold(sim).schedule(INC[cursor++ & (INCREMENTS - 1)]);
      }
    }

    @Override
    public void holds(int k) {
      remaining = k;
      sim.start();
    }
  }

  // ------------------------------------------------------------------ java.util.PriorityQueue

  static final class PqRunner implements Runner {
    static final class Item implements Comparable<Item> {
      double time;

      @Override
      public int compareTo(Item o) {
        return Double.compare(time, o.time);
      }
    }

    final PriorityQueue<Item> pq = new PriorityQueue<>();
    int cursor;

    PqRunner(int n) {
      for (int i = 0; i < n; i++) {
        Item it = new Item();
        it.time = INC[cursor++ & (INCREMENTS - 1)];
        pq.add(it);
      }
    }

    @Override
    public void holds(int k) {
      for (int i = 0; i < k; i++) {
        Item it = pq.poll();
        it.time += INC[cursor++ & (INCREMENTS - 1)];
        pq.add(it);
      }
    }
  }
}
