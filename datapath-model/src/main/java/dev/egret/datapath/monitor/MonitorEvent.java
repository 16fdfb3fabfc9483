package dev.egret.datapath.monitor;

import dev.egret.datapath.net.Ip4;
import java.util.Arrays;

/**
 * One monitor notification, as {@code send_trace_notify} / {@code send_drop_notify} emit them
 * (bpf/lib/trace.h, drop.h), with what Hubble needs to build a flow (reference §8). A reusable
 * flyweight owned by the {@link Monitor}: valid only during {@link MonitorListener#onEvent}.
 */
public final class MonitorEvent {
  /** {@code CILIUM_NOTIFY_DROP}: Hubble {@code event_type.type} 1. */
  public static final int TYPE_DROP = 1;

  /** {@code CILIUM_NOTIFY_TRACE}: Hubble {@code event_type.type} 4. */
  public static final int TYPE_TRACE = 4;

  /** {@code TRACE_PAYLOAD_LEN}: bytes a CT lookup asks to monitor when it wants a report. */
  public static final int TRACE_PAYLOAD_LEN = 128;

  int type;
  long nodeTimeNanos;
  ProgramId program;
  TraceObservationPoint observationPoint;
  int traceReason;
  DropReason dropReason;
  int extError;
  int srcIdentity;
  int dstIdentity;
  int ifindex;
  int origIp4;
  int sourceEndpointId;
  int direction;
  int monitor;
  byte[] data;
  int frameOff;
  int frameLen;
  long tag;

  MonitorEvent() {}

  /** {@link #TYPE_DROP} or {@link #TYPE_TRACE}. */
  public int type() {
    return type;
  }

  public boolean isDrop() {
    return type == TYPE_DROP;
  }

  /** The node-local clock at emission (the NodeContext's nanoseconds). */
  public long nodeTimeNanos() {
    return nodeTimeNanos;
  }

  /** The program that emitted it. */
  public ProgramId program() {
    return program;
  }

  /** The trace observation point; null for drops. */
  public TraceObservationPoint observationPoint() {
    return observationPoint;
  }

  /** The datapath trace reason (see {@link TraceReason}); {@link TraceReason#UNKNOWN} for drops. */
  public int traceReason() {
    return traceReason;
  }

  /** The drop reason; null for traces. */
  public DropReason dropReason() {
    return dropReason;
  }

  /** The extended error ({@code ext_err}), e.g. the FIB result for DROP_NO_FIB. */
  public int extError() {
    return extError;
  }

  public int srcIdentity() {
    return srcIdentity;
  }

  public int dstIdentity() {
    return dstIdentity;
  }

  /** The interface index the event names (trace: destination ifindex). */
  public int ifindex() {
    return ifindex;
  }

  /**
   * {@code orig_ip4}: the pre-SNAT source address of a SNATed packet (Hubble shows it as {@code
   * IP.source} and the packet's source as {@code source_xlated}); 0 when not SNATed.
   */
  public int origIp4() {
    return origIp4;
  }

  /** The emitting endpoint's ID ({@code EVENT_SOURCE}); 0 when not an endpoint program. */
  public int sourceEndpointId() {
    return sourceEndpointId;
  }

  /**
   * For drops, the metrics direction ({@link Metrics#METRIC_INGRESS}, {@link
   * Metrics#METRIC_EGRESS}); 0 for traces.
   */
  public int direction() {
    return direction;
  }

  /** The CT feedback ({@code monitor}): non-zero when the CT lookup asked for a report. */
  public int monitor() {
    return monitor;
  }

  /** The buffer holding the frame as it was at emission (do not modify). */
  public byte[] data() {
    return data;
  }

  public int frameOffset() {
    return frameOff;
  }

  public int frameLength() {
    return frameLen;
  }

  /** The frame's simulation tag ({@code Skb.tag}); 0 when none. */
  public long tag() {
    return tag;
  }

  /** A copy of the frame bytes. */
  public byte[] copyFrame() {
    return Arrays.copyOfRange(data, frameOff, frameOff + frameLen);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(isDrop() ? "DROP " : "TRACE ").append(program);
    if (isDrop()) {
      sb.append(' ').append(dropReason.hubbleName()).append(" (").append(dropReason.code());
      sb.append(")");
    } else {
      sb.append(' ').append(observationPoint.hubbleName());
      sb.append(" reason=").append(TraceReason.hubbleName(traceReason));
    }
    sb.append(" src=").append(srcIdentity).append(" dst=").append(dstIdentity);
    sb.append(" ifindex=").append(ifindex);
    if (origIp4 != 0) {
      sb.append(" orig=").append(Ip4.format(origIp4));
    }
    return sb.toString();
  }
}
