package dev.egret.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * A discrete-event simulation: a clock in nanoseconds, a pending-event list and a root random seed.
 *
 * <p>Events scheduled for the same time run in the order they were scheduled. {@link #run()} runs
 * until no event is pending or {@link #stop()} is called; {@link #runUntil(long)} also stops before
 * the first event later than its limit and then advances the clock to the limit. Not thread-safe: a
 * simulation belongs to one thread.
 */
public final class Simulation {
  private final EventScheduler<Event> scheduler;
  private final long seed;
  private final Rng rootRng;
  private final List<SimulationListener> listeners = new ArrayList<>();
  private SimulationListener[] listenerArray = new SimulationListener[0];
  private long now;
  private long executed;
  private boolean stopRequested;
  private boolean running;

  private Simulation(SchedulerKind kind, long seed) {
    this.scheduler = kind.create();
    this.seed = seed;
    this.rootRng = Rng.root(seed);
  }

  /** A simulation with the default scheduler. */
  public static Simulation create(long seed) {
    return new Simulation(SchedulerKind.DEFAULT, seed);
  }

  /** A simulation over the given event-list implementation. */
  public static Simulation create(long seed, SchedulerKind kind) {
    return new Simulation(kind, seed);
  }

  /** The current simulated time in nanoseconds. */
  public long now() {
    return now;
  }

  /** The root seed. */
  public long seed() {
    return seed;
  }

  /** The named random stream of a component (see {@link Rng#stream(String)}). */
  public Rng rng(String component) {
    return rootRng.stream(component);
  }

  /** Schedules {@code event} at absolute time {@code time} (not before now); returns a handle. */
  public long scheduleAt(long time, Event event) {
    if (time < now) {
      throw new IllegalArgumentException(
          "cannot schedule in the past: "
              + Durations.format(time)
              + " < now "
              + Durations.format(now));
    }
    return scheduler.insert(time, event);
  }

  /** Schedules {@code event} {@code delay} nanoseconds from now; returns a handle. */
  public long scheduleAfter(long delay, Event event) {
    if (delay < 0) {
      throw new IllegalArgumentException("negative delay " + delay);
    }
    return scheduler.insert(Math.addExact(now, delay), event);
  }

  /** Cancels a pending event by handle; false if it already ran or was cancelled. */
  public boolean cancel(long handle) {
    return handle != EventScheduler.NO_HANDLE && scheduler.cancel(handle);
  }

  /** Runs {@code action} at {@code firstAt} and then every {@code period} until cancelled. */
  public PeriodicTimer every(long firstAt, long period, Event action) {
    PeriodicTimer t = new PeriodicTimer(period, action);
    t.start(this, firstAt);
    return t;
  }

  /** Adds a tracing listener. */
  public void addListener(SimulationListener l) {
    listeners.add(l);
    listenerArray = listeners.toArray(new SimulationListener[0]);
  }

  /** Removes a tracing listener. */
  public void removeListener(SimulationListener l) {
    listeners.remove(l);
    listenerArray = listeners.toArray(new SimulationListener[0]);
  }

  /** Asks the running loop to return after the current event. */
  public void stop() {
    stopRequested = true;
  }

  /** Whether the last run ended because {@link #stop()} was called. */
  public boolean wasStopped() {
    return stopRequested;
  }

  /** Runs until nothing is pending or {@link #stop()} is called. */
  public void run() {
    loop(Long.MAX_VALUE, false);
  }

  /**
   * Runs every event whose time is at most {@code limit}, then sets the clock to {@code limit}
   * (unless stopped earlier).
   */
  public void runUntil(long limit) {
    loop(limit, true);
  }

  private void loop(long limit, boolean advanceToLimit) {
    if (running) {
      throw new IllegalStateException("run() called from inside an event");
    }
    running = true;
    stopRequested = false;
    try {
      final EventScheduler<Event> q = scheduler;
      while (!stopRequested) {
        Event e = q.removeNextUpTo(limit);
        if (e == null) {
          break;
        }
        long t = q.lastRemovedTime();
        now = t;
        executed++;
        SimulationListener[] ls = listenerArray;
        if (ls.length == 0) {
          e.run(this);
        } else {
          for (SimulationListener l : ls) {
            l.beforeEvent(t, e);
          }
          e.run(this);
          for (SimulationListener l : ls) {
            l.afterEvent(t, e);
          }
        }
      }
      if (advanceToLimit && !stopRequested && limit > now && limit != Long.MAX_VALUE) {
        now = limit;
      }
    } finally {
      running = false;
      for (SimulationListener l : listenerArray) {
        l.onRunEnd(now, executed);
      }
    }
  }

  /** The number of events executed so far. */
  public long eventsExecuted() {
    return executed;
  }

  /** The number of pending events. */
  public int pending() {
    return scheduler.size();
  }

  /** The time of the next pending event, or {@link Long#MAX_VALUE}. */
  public long nextEventTime() {
    return scheduler.peekTime();
  }

  /** The name of the event-list implementation. */
  public String schedulerName() {
    return scheduler.name();
  }
}
