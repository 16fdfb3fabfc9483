package dev.egret.datapath.program;

import dev.egret.datapath.Datapath;
import dev.egret.datapath.config.CiliumVersion;
import dev.egret.datapath.config.DatapathConfig;
import dev.egret.datapath.ct.Conntrack;
import dev.egret.datapath.ct.Tuple4;
import dev.egret.datapath.egress.EgressGw;
import dev.egret.datapath.identity.Identities;
import dev.egret.datapath.maps.RemoteEndpointInfo;
import dev.egret.datapath.monitor.DropReason;
import dev.egret.datapath.monitor.Metrics;
import dev.egret.datapath.monitor.MonitorEvent;
import dev.egret.datapath.monitor.ProgramId;
import dev.egret.datapath.monitor.TraceCtx;
import dev.egret.datapath.monitor.TraceObservationPoint;
import dev.egret.datapath.monitor.TraceReason;
import dev.egret.datapath.nat.NatTarget;
import dev.egret.datapath.nat.SnatV4;
import dev.egret.datapath.node.NodeContext;
import dev.egret.datapath.packet.Eth;
import dev.egret.datapath.packet.Ipv4;
import dev.egret.datapath.packet.Skb;
import dev.egret.datapath.tunnel.Encap;

/**
 * bpf_host.c on a native device (v1.16): {@link #toNetdev} for packets leaving the node and {@link
 * #fromNetdev} for packets arriving. The caller sets {@code skb.ifindex} to the device. Non-IPv4
 * frames pass unchanged (this model routes IPv4 only).
 */
public final class BpfHost {
  private BpfHost() {}

  /**
   * Models: bpf/bpf_host.c cil_to_netdev (v1.16). First the source-node egress gateway hook (1.16's
   * second hook: skipped for host traffic and EGW-done packets; applies only to CT_ESTABLISHED
   * connections whose entry bpf_lxc created; 1.17+: every non-reply connection), then {@code
   * handle_nat_fwd} unless the packet is SNAT-done or overlay-marked: {@link Nodeport#snatFwdIpv4},
   * which performs the gateway's egress SNAT and BPF masquerading.
   */
  public static int toNetdev(Datapath dp, NodeContext ctx, Skb skb) {
    DatapathConfig cfg = dp.config();
    CiliumVersion v = cfg.version();
    if (skb.len() < Eth.HLEN) {
      return drop(dp, ctx, skb, ProgramId.TO_NETDEV, 0, DropReason.DROP_UNSUPPORTED_L2, 2);
    }
    if (Eth.proto(skb.data(), skb.off()) != Eth.ETH_P_IP) {
      return Verdict.OK;
    }
    byte[] b = skb.data();
    int end = skb.off() + skb.len();
    int l3 = skb.off() + Eth.HLEN;
    if (!Ipv4.valid(b, l3, end - l3)) {
      return drop(dp, ctx, skb, ProgramId.TO_NETDEV, 0, DropReason.DROP_INVALID, 2);
    }
    int srcId = Marks.inheritIdentityFromHost(skb.mark());
    TraceCtx trace = dp.scratch.trace;
    trace.reset();
    if (v.egwInToNetdev() && !Marks.egwDone(skb) && srcId != Identities.HOST_ID) {
      // the hook's CT lookup reports into its own trace context: a lookup that merely finds no
      // entry (an encapsulated packet, say) must not turn the TO_NETWORK trace on
      TraceCtx hookTrace = dp.scratch.trace2;
      hookTrace.reset();
      int ret = egressGwHook(dp, ctx, skb, l3, srcId, hookTrace);
      if (Verdict.isDrop(ret)) {
        return drop(dp, ctx, skb, ProgramId.TO_NETDEV, srcId, DropReason.of(-ret), 2);
      }
      if (ret != Verdict.OK) {
        return ret;
      }
    }
    if (!Marks.snatDone(skb) && !Marks.overlay(skb)) {
      return Nodeport.snatFwdIpv4(dp, ctx, skb, l3, trace);
    }
    dp.monitor()
        .trace(
            ctx.nowNanos(),
            ProgramId.TO_NETDEV,
            skb,
            TraceObservationPoint.TRACE_TO_NETWORK,
            srcId,
            0,
            0,
            skb.ifindex(),
            trace.reason,
            trace.monitor,
            ctx.hostEndpointId());
    return Verdict.OK;
  }

  /**
   * The source-node egress gateway hook of cil_to_netdev. 1.16: extract ports, reverse the tuple,
   * {@code ct_lazy_lookup4(CT_EGRESS, SCOPE_FORWARD)}; only CT_ESTABLISHED goes on. 1.17+ ({@code
   * egress_gw_handle_request}): skip replies ({@code ct_is_reply4}). Then the source identity from
   * the endpoint map, the destination identity from the ipcache, and {@link EgressGw#handlePacket}.
   * Unknown L4 protocols skip the hook.
   */
  static int egressGwHook(
      Datapath dp, NodeContext ctx, Skb skb, int l3, int srcId, TraceCtx trace) {
    DatapathConfig cfg = dp.config();
    byte[] b = skb.data();
    int end = skb.off() + skb.len();
    int saddr = Ipv4.saddr(b, l3);
    int daddr = Ipv4.daddr(b, l3);
    int l4 = l3 + Ipv4.hdrLen(b, l3);
    boolean hasL4 = !Ipv4.isNotFirstFragment(b, l3);
    Tuple4 t = dp.scratch.tuple2.set(daddr, saddr, 0, 0, Ipv4.protocol(b, l3), 0);
    t.flags = Tuple4.TUPLE_F_IN;
    int ret = Conntrack.extractPorts4(b, l4, end, hasL4, t);
    if (ret == DropReason.DROP_CT_UNKNOWN_PROTO.bpfValue()) {
      return Verdict.OK;
    }
    if (ret < 0) {
      return ret;
    }
    int ctStatus;
    if (cfg.version().hooks() == CiliumVersion.EgwHooks.LXC_AND_TO_NETDEV) {
      t.reverse();
      ctStatus =
          dp.conntrack()
              .lazyLookup4(
                  b,
                  l4,
                  end,
                  skb.len(),
                  hasL4,
                  t,
                  Conntrack.CT_EGRESS,
                  Conntrack.SCOPE_FORWARD,
                  trace,
                  ctx.nowNanos());
      if (ctStatus < 0) {
        return ctStatus;
      }
      if (ctStatus != Conntrack.CT_ESTABLISHED) {
        return Verdict.OK;
      }
    } else {
      if (dp.conntrack().isReply4(t)) {
        return Verdict.OK;
      }
      ctStatus = Conntrack.CT_NEW;
    }
    int ep = ctx.lookupEndpoint(saddr);
    if (ep != NodeContext.NO_ENDPOINT) {
      srcId = ctx.endpointIdentity(ep);
    }
    int dstId = cfg.worldIdentity();
    long info = ctx.ipcacheLookup(daddr);
    if (info != RemoteEndpointInfo.MISS) {
      dstId = RemoteEndpointInfo.identity(info);
    }
    return EgressGw.handlePacket(
        dp,
        ctx,
        skb,
        ProgramId.TO_NETDEV,
        saddr,
        daddr,
        ctStatus,
        srcId,
        dstId,
        trace,
        ctx.hostEndpointId());
  }

  /**
   * Models: bpf/bpf_host.c cil_from_netdev (v1.16) → handle_ipv4 → nodeport_lb4 → {@code
   * tail_nodeport_nat_ingress_ipv4}: FROM_NETWORK trace; RevSNAT ({@link SnatV4#revNat}); a punt or
   * a missing mapping recircles to {@link #handleIpv4Host}; after a translation, SNAT-done and
   * {@code nodeport_rev_dnat_ingress_ipv4}: an egress gateway reply to a pod on another node is
   * TTL-decremented and tunnelled back to that node (VNI = LOCAL_NODE_ID 6, reason REPLY), in
   * tunnel and native routing alike; otherwise the packet recircles.
   */
  public static int fromNetdev(Datapath dp, NodeContext ctx, Skb skb) {
    DatapathConfig cfg = dp.config();
    if (skb.len() < Eth.HLEN) {
      return drop(dp, ctx, skb, ProgramId.FROM_NETDEV, 0, DropReason.DROP_UNSUPPORTED_L2, 1);
    }
    if (Eth.proto(skb.data(), skb.off()) != Eth.ETH_P_IP) {
      return Verdict.OK;
    }
    byte[] b = skb.data();
    int end = skb.off() + skb.len();
    int l3 = skb.off() + Eth.HLEN;
    if (!Ipv4.valid(b, l3, end - l3)) {
      return drop(dp, ctx, skb, ProgramId.FROM_NETDEV, 0, DropReason.DROP_INVALID, 1);
    }
    long now = ctx.nowNanos();
    dp.monitor()
        .trace(
            now,
            ProgramId.FROM_NETDEV,
            skb,
            TraceObservationPoint.TRACE_FROM_NETWORK,
            0,
            0,
            0,
            skb.ifindex(),
            TraceReason.UNKNOWN,
            MonitorEvent.TRACE_PAYLOAD_LEN,
            ctx.hostEndpointId());
    TraceCtx trace = dp.scratch.trace;
    trace.reset();
    NatTarget target = dp.scratch.target.reset(cfg.snatMinPort(), cfg.snatMaxPort());
    int ret = dp.snat().revNat(ctx, skb, l3, target, trace);
    if (ret == SnatV4.NAT_PUNT_TO_STACK || ret == Verdict.drop(DropReason.DROP_NAT_NO_MAPPING)) {
      return handleIpv4Host(dp, ctx, skb, l3, trace);
    }
    if (ret < 0) {
      return drop(dp, ctx, skb, ProgramId.FROM_NETDEV, 0, DropReason.of(-ret), 1);
    }
    Marks.setSnatDone(skb);
    if (!cfg.version().legacyEgressMap()) {
      int saddr = Ipv4.saddr(b, l3);
      int daddr = Ipv4.daddr(b, l3);
      long info = EgressGw.replyNeedsRedirectHook(ctx, saddr, daddr);
      if (info != RemoteEndpointInfo.MISS) {
        trace.reason = TraceReason.REPLY;
        ret = L3.ipv4L3(skb, l3, false, 0, 0);
        if (Verdict.isDrop(ret)) {
          return drop(dp, ctx, skb, ProgramId.FROM_NETDEV, 0, DropReason.of(-ret), 1);
        }
        return Encap.encapAndRedirectWithNodeid(
            dp,
            ctx,
            skb,
            ProgramId.FROM_NETDEV,
            RemoteEndpointInfo.tunnelEndpoint(info),
            Identities.HOST_ID,
            RemoteEndpointInfo.identity(info),
            0,
            trace,
            ctx.hostEndpointId());
      }
    }
    return handleIpv4Host(dp, ctx, skb, l3, trace);
  }

  /**
   * Models: bpf/bpf_host.c handle_ipv4 after nodeport (the recircled path, v1.16): with BPF host
   * routing, a packet for a local endpoint is delivered directly ({@code ipv4_local_delivery},
   * source identity from the ipcache); for 1.10, a RevSNATed reply for a pod on another node is
   * routed through the tunnel (the host's route via cilium_host, approximated here); everything
   * else goes to the host stack (OK).
   */
  static int handleIpv4Host(Datapath dp, NodeContext ctx, Skb skb, int l3, TraceCtx trace) {
    DatapathConfig cfg = dp.config();
    byte[] b = skb.data();
    int daddr = Ipv4.daddr(b, l3);
    int ep = ctx.lookupEndpoint(daddr);
    if (ep != NodeContext.NO_ENDPOINT && cfg.hostRouting()) {
      int srcId = cfg.worldIdentity();
      long info = ctx.ipcacheLookup(Ipv4.saddr(b, l3));
      if (info != RemoteEndpointInfo.MISS && RemoteEndpointInfo.identity(info) != 0) {
        srcId = RemoteEndpointInfo.identity(info);
      }
      return L3.ipv4LocalDelivery(dp, ctx, skb, ProgramId.FROM_NETDEV, ep, srcId, false);
    }
    if (cfg.version().legacyEgressMap() && cfg.tunnelRouting() && Marks.snatDone(skb)) {
      long info = ctx.ipcacheLookup(daddr);
      if (info != RemoteEndpointInfo.MISS && RemoteEndpointInfo.tunnelEndpoint(info) != 0) {
        trace.reason = TraceReason.REPLY;
        return Encap.encapAndRedirectWithNodeid(
            dp,
            ctx,
            skb,
            ProgramId.FROM_NETDEV,
            RemoteEndpointInfo.tunnelEndpoint(info),
            Identities.HOST_ID,
            RemoteEndpointInfo.identity(info),
            0,
            trace,
            ctx.hostEndpointId());
      }
    }
    return Verdict.OK;
  }

  private static int drop(
      Datapath dp,
      NodeContext ctx,
      Skb skb,
      ProgramId program,
      int srcId,
      DropReason reason,
      int direction) {
    return Notify.drop(
        dp,
        ctx,
        skb,
        program,
        srcId,
        0,
        reason.code(),
        0,
        direction == 1 ? Metrics.METRIC_INGRESS : Metrics.METRIC_EGRESS,
        skb.ifindex(),
        ctx.hostEndpointId());
  }
}
