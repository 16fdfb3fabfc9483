package dev.egret.datapath.monitor;

import dev.egret.datapath.packet.Skb;
import java.util.Arrays;

/**
 * The node's monitor ring (the perf event array {@code cilium_events}): programs call {@link
 * #trace} and {@link #drop}; attached {@link MonitorListener}s receive a reusable {@link
 * MonitorEvent}. Trace aggregation follows {@code emit_trace_notify} (see {@link
 * MonitorAggregation}); drops are never aggregated.
 *
 * <p>With no listener attached, emission returns after one field read and allocates nothing; with
 * listeners, the flyweight is refilled per event, also without allocating.
 */
public final class Monitor {
  private static final MonitorListener[] NONE = new MonitorListener[0];

  private final MonitorAggregation aggregation;
  private final MonitorEvent event = new MonitorEvent();
  private MonitorListener[] listeners = NONE;
  private long traces;
  private long drops;

  public Monitor(MonitorAggregation aggregation) {
    this.aggregation = aggregation;
  }

  public MonitorAggregation aggregation() {
    return aggregation;
  }

  /** Attaches a listener (events go to listeners in attachment order). */
  public void addListener(MonitorListener l) {
    if (l == null) {
      throw new IllegalArgumentException("listener is null");
    }
    listeners = Arrays.copyOf(listeners, listeners.length + 1);
    listeners[listeners.length - 1] = l;
  }

  /** Detaches a listener; false if it was not attached. */
  public boolean removeListener(MonitorListener l) {
    for (int i = 0; i < listeners.length; i++) {
      if (listeners[i] == l) {
        MonitorListener[] n = new MonitorListener[listeners.length - 1];
        System.arraycopy(listeners, 0, n, 0, i);
        System.arraycopy(listeners, i + 1, n, i, listeners.length - i - 1);
        listeners = n;
        return true;
      }
    }
    return false;
  }

  public boolean hasListeners() {
    return listeners.length > 0;
  }

  /** Trace events that passed aggregation (counted even without listeners). */
  public long tracesEmitted() {
    return traces;
  }

  /** Drop events emitted. */
  public long dropsEmitted() {
    return drops;
  }

  /**
   * {@code send_trace_notify4}: emits a trace unless aggregation suppresses it.
   *
   * @param monitor the CT feedback ({@code trace.monitor})
   */
  public void trace(
      long nowNanos,
      ProgramId program,
      Skb skb,
      TraceObservationPoint point,
      int srcIdentity,
      int dstIdentity,
      int origIp4,
      int ifindex,
      int reason,
      int monitor,
      int sourceEndpointId) {
    if (!aggregation.emits(point, monitor)) {
      return;
    }
    traces++;
    MonitorListener[] ls = listeners;
    if (ls.length == 0) {
      return;
    }
    MonitorEvent e = event;
    e.type = MonitorEvent.TYPE_TRACE;
    e.nodeTimeNanos = nowNanos;
    e.program = program;
    e.observationPoint = point;
    e.traceReason = reason;
    e.dropReason = null;
    e.extError = 0;
    e.srcIdentity = srcIdentity;
    e.dstIdentity = dstIdentity;
    e.ifindex = ifindex;
    e.origIp4 = origIp4;
    e.sourceEndpointId = sourceEndpointId;
    e.direction = 0;
    e.monitor = monitor;
    fill(e, skb);
    for (MonitorListener l : ls) {
      l.onEvent(e);
    }
  }

  /** {@code send_drop_notify_ext}: emits a drop (never aggregated). */
  public void drop(
      long nowNanos,
      ProgramId program,
      Skb skb,
      int srcIdentity,
      int dstIdentity,
      DropReason reason,
      int extError,
      int direction,
      int ifindex,
      int sourceEndpointId) {
    drops++;
    MonitorListener[] ls = listeners;
    if (ls.length == 0) {
      return;
    }
    MonitorEvent e = event;
    e.type = MonitorEvent.TYPE_DROP;
    e.nodeTimeNanos = nowNanos;
    e.program = program;
    e.observationPoint = null;
    e.traceReason = TraceReason.UNKNOWN;
    e.dropReason = reason;
    e.extError = extError;
    e.srcIdentity = srcIdentity;
    e.dstIdentity = dstIdentity;
    e.ifindex = ifindex;
    e.origIp4 = 0;
    e.sourceEndpointId = sourceEndpointId;
    e.direction = direction;
    e.monitor = 0;
    fill(e, skb);
    for (MonitorListener l : ls) {
      l.onEvent(e);
    }
  }

  private static void fill(MonitorEvent e, Skb skb) {
    e.data = skb.data();
    e.frameOff = skb.off();
    e.frameLen = skb.len();
    e.tag = skb.tag();
  }
}
