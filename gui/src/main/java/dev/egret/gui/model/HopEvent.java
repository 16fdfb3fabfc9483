package dev.egret.gui.model;

/**
 * A frame crossing the underlay: it leaves {@code from} at {@code time} and reaches {@code to}
 * {@code delay} nanoseconds later. {@code from} and {@code to} are host names ({@code
 * k8s-worker-1}, an external's name or {@code router}); {@code fromDevice} keeps the device part
 * ({@code k8s-worker-1/eth0}).
 *
 * @param tag the connection the frame belongs to (0: none)
 */
public record HopEvent(
    long time, String from, String to, String fromDevice, long delay, long tag, WireFrame frame) {

  /** When the frame arrives. */
  public long arrival() {
    return time + delay;
  }

  /** Whether the frame is on the wire at {@code t} (leaving inclusive, arriving exclusive). */
  public boolean inFlightAt(long t) {
    return t >= time && t < arrival();
  }

  /** How far along the hop the frame is at {@code t}, from 0 to 1. */
  public double progressAt(long t) {
    if (delay <= 0) {
      return 1;
    }
    return Math.max(0, Math.min(1, (double) (t - time) / delay));
  }
}
