package dev.egret.gui.model;

/**
 * One step of a connection's trace: a monitor event on a node, a frame on the wire, a drop or a
 * loss.
 *
 * @param where the node (or, for a wire step, the sending host)
 * @param what the observation point ({@code to-overlay}), {@code wire}, {@code DROP} or {@code
 *     LOST}
 * @param detail addresses, translation, interface and identities, or the reason
 * @param kind what sort of step it is
 */
public record TraceStep(long time, String where, String what, String detail, Kind kind) {
  /** The sort of a step. */
  public enum Kind {
    TRACE,
    WIRE,
    DROP,
    LOST
  }
}
