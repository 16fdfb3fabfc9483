package dev.egret.scenarios.run;

import dev.egret.scenarios.model.TimelineItem;
import dev.egret.scenarios.record.FlowRecord;

/**
 * Observes a run as it goes (the outputs, the GUI, {@code explain}). Every method defaults to
 * nothing; all are called on the simulation thread.
 */
public interface RunListener {
  /** The world is built, before anything ran: a live view for listeners that need to look. */
  default void started(RunView view) {}

  /**
   * Timeline item {@code itemIndex} opened a connection (or flow, or ping) whose frames carry
   * {@code tag}, from pod {@code pod} (namespace/name).
   */
  default void connectionStarted(int itemIndex, long tag, String pod) {}

  /** Whether flows should be recorded at all (copying every monitor event costs time). */
  default boolean wantsFlows() {
    return false;
  }

  /** Whether {@link #hop} should be called (building its arguments costs a little). */
  default boolean wantsHops() {
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

  /**
   * A frame crossed the underlay: it left {@code from} at {@code timeNanos} toward {@code to},
   * arriving {@code delayNanos} later ({@code from}/{@code to} are {@code node/device}, an
   * external's name or {@code router}). The buffer is only valid during the call.
   */
  default void hop(
      long timeNanos,
      String from,
      String to,
      long delayNanos,
      long tag,
      byte[] buf,
      int off,
      int len) {}

  /** A datapath program dropped a frame on {@code node}. */
  default void dropped(long timeNanos, String node, long tag, String reason) {}

  /** A frame vanished without a drop ({@code where}: a node or the underlay). */
  default void lost(long timeNanos, String where, long tag, String why) {}

  /** Simulated time advanced (called at most every few thousand events). */
  default void progress(long timeNanos) {}
}
