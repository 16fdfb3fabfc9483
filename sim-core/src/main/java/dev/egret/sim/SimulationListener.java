package dev.egret.sim;

/** Tracing hooks around every executed event. Both methods default to doing nothing. */
public interface SimulationListener {
  /** Called before {@code event} runs at {@code time}. */
  default void beforeEvent(long time, Event event) {}

  /** Called after {@code event} has run at {@code time}. */
  default void afterEvent(long time, Event event) {}

  /** Called once when a {@code run} or {@code runUntil} call returns. */
  default void onRunEnd(long time, long eventsExecuted) {}
}
