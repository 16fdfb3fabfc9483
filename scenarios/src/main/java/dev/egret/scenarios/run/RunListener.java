package dev.egret.scenarios.run;

import dev.egret.scenarios.model.TimelineItem;
import dev.egret.scenarios.record.FlowRecord;

/**
 * Observes a run as it goes (the outputs, the GUI, {@code explain}). Every method defaults to
 * nothing; all are called on the simulation thread.
 */
public interface RunListener {
  /** Whether flows should be recorded at all (copying every monitor event costs time). */
  default boolean wantsFlows() {
    return false;
  }

  /** A monitor notification, copied with its context. */
  default void flow(FlowRecord flow) {}

  /** A frame seen on a captured interface (the buffer is only valid during the call). */
  default void frame(String node, String iface, long timeNanos, byte[] buf, int off, int len) {}

  /** Whether {@code node}'s interface {@code iface} is captured. */
  default boolean captures(String node, String iface) {
    return false;
  }

  /** A timeline item is about to be carried out. */
  default void action(TimelineItem item) {}

  /** The control plane reconciled (maps may have changed). */
  default void reconciled(long timeNanos) {}

  /** Simulated time advanced (called at most every few thousand events). */
  default void progress(long timeNanos) {}
}
