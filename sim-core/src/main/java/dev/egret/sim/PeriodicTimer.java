package dev.egret.sim;

/**
 * A timer that fires every {@code period} nanoseconds until cancelled. Created by {@link
 * Simulation#every(long, long, Event)}.
 */
public final class PeriodicTimer implements Event {
  private final long period;
  private final Event action;
  private long handle;
  private boolean cancelled;
  private long fired;

  PeriodicTimer(long period, Event action) {
    if (period <= 0) {
      throw new IllegalArgumentException("period must be positive: " + period);
    }
    this.period = period;
    this.action = action;
  }

  void start(Simulation sim, long firstAt) {
    handle = sim.scheduleAt(firstAt, this);
  }

  @Override
  public void run(Simulation sim) {
    if (cancelled) {
      return;
    }
    fired++;
    action.run(sim);
    if (!cancelled) {
      handle = sim.scheduleAt(sim.now() + period, this);
    }
  }

  /** Stops the timer; a firing already pending is withdrawn. */
  public void cancel(Simulation sim) {
    if (!cancelled) {
      cancelled = true;
      sim.cancel(handle);
    }
  }

  /** How many times the timer has fired. */
  public long firings() {
    return fired;
  }

  /** The period in nanoseconds. */
  public long period() {
    return period;
  }

  /** Whether {@link #cancel(Simulation)} was called. */
  public boolean isCancelled() {
    return cancelled;
  }
}
