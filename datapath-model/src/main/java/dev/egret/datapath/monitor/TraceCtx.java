package dev.egret.datapath.monitor;

/**
 * {@code struct trace_ctx} (bpf/lib/trace.h): the reason and CT monitor feedback a program carries
 * to its trace notification. Mutable scratch owned by a datapath.
 */
public final class TraceCtx {
  /** The trace reason (see {@link TraceReason}). */
  public int reason = TraceReason.UNKNOWN;

  /** Non-zero when a CT lookup asked for the packet to be reported. */
  public int monitor;

  /** Resets to {@code {.reason = TRACE_REASON_UNKNOWN, .monitor = 0}}. */
  public void reset() {
    reason = TraceReason.UNKNOWN;
    monitor = 0;
  }
}
