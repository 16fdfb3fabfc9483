package dev.egret.scenarios.output;

import dev.egret.datapath.monitor.DropReason;
import dev.egret.datapath.monitor.Metrics;
import dev.egret.datapath.monitor.TraceObservationPoint;
import dev.egret.datapath.monitor.TraceReason;
import dev.egret.datapath.net.Ip4;
import dev.egret.datapath.packet.FrameBuilder;
import dev.egret.datapath.packet.Icmp4;
import dev.egret.datapath.packet.Mac;
import dev.egret.datapath.packet.Tcp;
import dev.egret.scenarios.record.EndpointInfo;
import dev.egret.scenarios.record.FlowRecord;
import java.util.List;

/** Test fixtures: frames and flow records shaped like reference cilium-datapath.md §8. */
final class Flows {
  static final int POD_IP = Ip4.parse("10.0.1.23");
  static final int EGRESS_IP = Ip4.parse("192.0.2.10");
  static final int WORLD_IP = Ip4.parse("93.184.216.34");
  static final long POD_MAC = Mac.parse("0a:58:0a:00:01:17");
  static final long ROUTER_MAC = Mac.parse("0a:58:0a:00:01:01");
  static final long GW_MAC = Mac.parse("02:42:ac:12:00:03");
  static final long NEXT_HOP_MAC = Mac.parse("02:42:ac:12:00:01");
  static final int POD_EP_ID = 1234;
  static final int POD_IDENTITY = 51234;
  static final int HOST_EP_ID = 42;
  static final int SPORT = 40112;
  static final int DPORT = 443;

  static final EndpointInfo CLIENT_POD =
      new EndpointInfo(
          POD_EP_ID,
          POD_IDENTITY,
          "default",
          "client-abc",
          List.of("k8s:app=client", "k8s:io.kubernetes.pod.namespace=default"),
          "Deployment",
          "client");

  /** The same pod seen from another node: no endpoint ID there. */
  static final EndpointInfo CLIENT_POD_REMOTE =
      new EndpointInfo(
          0,
          POD_IDENTITY,
          "default",
          "client-abc",
          List.of("k8s:app=client", "k8s:io.kubernetes.pod.namespace=default"),
          "Deployment",
          "client");

  static final EndpointInfo WORLD = EndpointInfo.reserved(2, "reserved:world");

  private Flows() {}

  static byte[] tcp(int saddr, int daddr, int sport, int dport, int flags, long srcMac) {
    FrameBuilder fb = new FrameBuilder().macs(srcMac, ROUTER_MAC).ipv4(saddr, daddr);
    byte[] b = new byte[fb.tcpLength()];
    fb.writeTcp(b, 0, sport, dport, 1000, 0, flags, 64240);
    return b;
  }

  static byte[] udp(int saddr, int daddr, int sport, int dport) {
    FrameBuilder fb =
        new FrameBuilder().macs(POD_MAC, ROUTER_MAC).ipv4(saddr, daddr).payload(new byte[5]);
    byte[] b = new byte[fb.udpLength()];
    fb.writeUdp(b, 0, sport, dport);
    return b;
  }

  static byte[] icmpEcho(int type, int saddr, int daddr) {
    FrameBuilder fb = new FrameBuilder().macs(POD_MAC, ROUTER_MAC).ipv4(saddr, daddr);
    byte[] b = new byte[fb.icmpLength()];
    fb.writeIcmpEcho(b, 0, type, 7, 1);
    return b;
  }

  static byte[] icmpError(int type, int code) {
    FrameBuilder fb = new FrameBuilder().macs(POD_MAC, ROUTER_MAC).ipv4(EGRESS_IP, POD_IP);
    byte[] b = new byte[fb.icmpLength()];
    fb.writeIcmpError(b, 0, type, code, 0);
    return b;
  }

  /** §8 example 1: source node, the first packet redirected to the gateway. */
  static FlowRecord toOverlay() {
    return new FlowRecord(
        1,
        "worker-1",
        FlowRecord.TYPE_TRACE,
        "bpf_lxc",
        TraceObservationPoint.TRACE_TO_OVERLAY,
        TraceReason.NEW,
        null,
        0,
        POD_IDENTITY,
        2,
        7,
        "cilium_vxlan",
        0,
        POD_EP_ID,
        0,
        tcp(POD_IP, WORLD_IP, SPORT, DPORT, Tcp.SYN, POD_MAC),
        CLIENT_POD,
        WORLD,
        17);
  }

  /** §8 example 2: source node, no gateway. */
  static FlowRecord noEgressGateway() {
    return new FlowRecord(
        2_000_000_000L,
        "worker-1",
        FlowRecord.TYPE_DROP,
        "bpf_lxc",
        null,
        TraceReason.UNKNOWN,
        DropReason.DROP_NO_EGRESS_GATEWAY,
        0,
        POD_IDENTITY,
        2,
        0,
        "",
        0,
        POD_EP_ID,
        Metrics.METRIC_EGRESS,
        tcp(POD_IP, WORLD_IP, SPORT, DPORT, Tcp.SYN, POD_MAC),
        CLIENT_POD,
        WORLD,
        18);
  }

  /** §8 example 3: the gateway's to-netdev after SNAT (original port kept). */
  static FlowRecord gatewayAfterSnat() {
    return new FlowRecord(
        1_000_050_000L,
        "worker-2",
        FlowRecord.TYPE_TRACE,
        "bpf_host",
        TraceObservationPoint.TRACE_TO_NETWORK,
        TraceReason.NEW,
        null,
        0,
        0,
        0,
        2,
        "eth0",
        POD_IP,
        HOST_EP_ID,
        0,
        tcp(EGRESS_IP, WORLD_IP, SPORT, DPORT, Tcp.SYN, GW_MAC),
        CLIENT_POD_REMOTE,
        WORLD,
        17);
  }

  /** The reply delivered to the pod on the source node (TO_ENDPOINT, datapath point 0). */
  static FlowRecord replyToEndpoint() {
    return new FlowRecord(
        1_000_200_000L,
        "worker-1",
        FlowRecord.TYPE_TRACE,
        "bpf_lxc",
        TraceObservationPoint.TRACE_TO_LXC,
        TraceReason.REPLY,
        null,
        0,
        2,
        POD_IDENTITY,
        9,
        "lxc1234",
        0,
        POD_EP_ID,
        0,
        tcp(WORLD_IP, POD_IP, DPORT, SPORT, Tcp.SYN | Tcp.ACK, ROUTER_MAC),
        WORLD,
        CLIENT_POD,
        17);
  }

  /** A trace of {@code frame} with no context beyond the frame. */
  static FlowRecord traceOf(byte[] frame) {
    return new FlowRecord(
        5,
        "worker-1",
        FlowRecord.TYPE_TRACE,
        "bpf_lxc",
        TraceObservationPoint.TRACE_TO_STACK,
        TraceReason.ESTABLISHED,
        null,
        0,
        POD_IDENTITY,
        2,
        3,
        "",
        0,
        POD_EP_ID,
        0,
        frame,
        CLIENT_POD,
        WORLD,
        0);
  }

  /** A drop of {@code reason} on {@code node} with a default TCP frame. */
  static FlowRecord dropOn(String node, DropReason reason, EndpointInfo src) {
    return new FlowRecord(
        9,
        node,
        FlowRecord.TYPE_DROP,
        "bpf_host",
        null,
        TraceReason.UNKNOWN,
        reason,
        0,
        0,
        0,
        0,
        "",
        0,
        HOST_EP_ID,
        Metrics.METRIC_EGRESS,
        tcp(POD_IP, WORLD_IP, SPORT, DPORT, Tcp.SYN, POD_MAC),
        src,
        WORLD,
        0);
  }

  /** {@code r} with other resolved endpoints. */
  static FlowRecord withEnds(FlowRecord r, EndpointInfo source, EndpointInfo destination) {
    return new FlowRecord(
        r.timeNanos(),
        r.node(),
        r.type(),
        r.program(),
        r.point(),
        r.traceReason(),
        r.dropReason(),
        r.extError(),
        r.srcIdentity(),
        r.dstIdentity(),
        r.ifindex(),
        r.ifname(),
        r.origIp4(),
        r.sourceEndpointId(),
        r.direction(),
        r.frame(),
        source,
        destination,
        r.tag());
  }

  static byte[] icmpEchoRequest() {
    return icmpEcho(Icmp4.ICMP_ECHO, POD_IP, WORLD_IP);
  }
}
