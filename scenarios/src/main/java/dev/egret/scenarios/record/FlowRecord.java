package dev.egret.scenarios.record;

import dev.egret.datapath.monitor.DropReason;
import dev.egret.datapath.monitor.TraceObservationPoint;

/**
 * One monitor notification of one node's datapath, copied with its context: the simulated time, the
 * node, the interface name, the frame as it was, the resolved endpoints and the simulation tag of
 * the frame (the connection it belongs to).
 *
 * @param timeNanos simulated time of the event (t = 0 is 1970-01-01T00:00:00Z in every output)
 * @param type {@code MonitorEvent.TYPE_DROP} (1) or {@code TYPE_TRACE} (4)
 * @param program the emitting program, e.g. {@code bpf_lxc}, {@code bpf_host}, {@code bpf_overlay}
 * @param point the trace observation point; null for drops
 * @param traceReason the datapath trace reason ({@code dev.egret.datapath.monitor.TraceReason})
 * @param dropReason the drop reason; null for traces
 * @param ifindex the interface the event names; {@code ifname} is its name on the node ("" if
 *     unknown)
 * @param origIp4 the pre-SNAT source of a SNATed packet, 0 otherwise
 * @param direction for drops, the metrics direction (1 ingress, 2 egress); 0 for traces
 * @param frame the frame bytes (Ethernet first) at emission
 * @param source the resolved source endpoint (by the packet's original source address)
 * @param destination the resolved destination endpoint
 * @param tag the frame's simulation tag ({@code Skb.tag}), 0 when none
 */
public record FlowRecord(
    long timeNanos,
    String node,
    int type,
    String program,
    TraceObservationPoint point,
    int traceReason,
    DropReason dropReason,
    int extError,
    int srcIdentity,
    int dstIdentity,
    int ifindex,
    String ifname,
    int origIp4,
    int sourceEndpointId,
    int direction,
    byte[] frame,
    EndpointInfo source,
    EndpointInfo destination,
    long tag) {

  public static final int TYPE_DROP = 1;
  public static final int TYPE_TRACE = 4;

  public boolean isDrop() {
    return type == TYPE_DROP;
  }
}
