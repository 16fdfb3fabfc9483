package dev.egret.sim;

/**
 * Something that happens at a point of simulated time. An event object may be scheduled again from
 * inside its own {@link #run(Simulation)} (or reused later), so hot paths need not allocate one per
 * occurrence.
 */
@FunctionalInterface
public interface Event {
  /** Runs the event; {@code sim.now()} is the event's time. */
  void run(Simulation sim);
}
