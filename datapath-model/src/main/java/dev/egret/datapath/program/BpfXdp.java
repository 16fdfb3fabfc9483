package dev.egret.datapath.program;

import dev.egret.datapath.Datapath;
import dev.egret.datapath.config.DatapathConfig;
import dev.egret.datapath.egress.EgressGw;
import dev.egret.datapath.identity.Identities;
import dev.egret.datapath.maps.RemoteEndpointInfo;
import dev.egret.datapath.monitor.DropReason;
import dev.egret.datapath.monitor.Metrics;
import dev.egret.datapath.monitor.ProgramId;
import dev.egret.datapath.monitor.TraceCtx;
import dev.egret.datapath.monitor.TraceObservationPoint;
import dev.egret.datapath.monitor.TraceReason;
import dev.egret.datapath.nat.NatTarget;
import dev.egret.datapath.nat.SnatV4;
import dev.egret.datapath.node.FibResult;
import dev.egret.datapath.node.NodeContext;
import dev.egret.datapath.packet.Eth;
import dev.egret.datapath.packet.Ipv4;
import dev.egret.datapath.packet.Skb;
import dev.egret.datapath.tunnel.XdpEncap;

/** bpf_xdp.c on a native device with nodeport acceleration (v1.16). */
public final class BpfXdp {
  private BpfXdp() {}

  /**
   * Models: bpf/bpf_xdp.c cil_xdp_entry (v1.16) for the egress gateway reply: RevSNAT; for a reply
   * that matches a policy and belongs to a pod on another node, TTL − 1, outer headers built in
   * place ({@link XdpEncap}: source {@code IPV4_DIRECT_ROUTING}, VNI = LOCAL_NODE_ID), a FIB lookup
   * towards the tunnel endpoint (SUCCESS: MACs written, redirect; anything else: DROP_NO_FIB).
   * Everything else passes (XDP_PASS = OK) to the TC programs.
   */
  public static int xdpEntry(Datapath dp, NodeContext ctx, Skb skb) {
    DatapathConfig cfg = dp.config();
    if (skb.len() < Eth.HLEN || Eth.proto(skb.data(), skb.off()) != Eth.ETH_P_IP) {
      return Verdict.OK;
    }
    byte[] b = skb.data();
    int end = skb.off() + skb.len();
    int l3 = skb.off() + Eth.HLEN;
    if (!Ipv4.valid(b, l3, end - l3)) {
      return drop(dp, ctx, skb, DropReason.DROP_INVALID);
    }
    TraceCtx trace = dp.scratch.trace;
    trace.reset();
    NatTarget target = dp.scratch.target.reset(cfg.snatMinPort(), cfg.snatMaxPort());
    int ret = dp.snat().revNat(ctx, skb, l3, target, trace);
    if (ret == SnatV4.NAT_PUNT_TO_STACK || ret == Verdict.drop(DropReason.DROP_NAT_NO_MAPPING)) {
      return Verdict.OK;
    }
    if (ret < 0) {
      return drop(dp, ctx, skb, DropReason.of(-ret));
    }
    if (cfg.version().legacyEgressMap()) {
      return Verdict.OK;
    }
    int saddr = Ipv4.saddr(b, l3);
    int daddr = Ipv4.daddr(b, l3);
    long info = EgressGw.replyNeedsRedirectHook(ctx, saddr, daddr);
    if (info == RemoteEndpointInfo.MISS) {
      return Verdict.OK;
    }
    trace.reason = TraceReason.REPLY;
    ret = L3.ipv4L3(skb, l3, false, 0, 0);
    if (Verdict.isDrop(ret)) {
      return drop(dp, ctx, skb, DropReason.of(-ret));
    }
    int tunnelEndpoint = RemoteEndpointInfo.tunnelEndpoint(info);
    int seclabel = Identities.LOCAL_NODE_ID;
    dp.monitor()
        .trace(
            ctx.nowNanos(),
            ProgramId.XDP_ENTRY,
            skb,
            TraceObservationPoint.TRACE_TO_OVERLAY,
            seclabel,
            RemoteEndpointInfo.identity(info),
            0,
            ctx.encapIfindex(),
            trace.reason,
            trace.monitor,
            ctx.hostEndpointId());
    int src = ctx.directRoutingIp();
    XdpEncap.setEncapInfo(
        skb,
        cfg.tunnelProtocol(),
        src,
        tunnelEndpoint,
        Identities.tunnelId(seclabel, cfg.dualStack()),
        cfg.tunnelHashSeed());
    FibResult fib = dp.scratch.fib.reset(skb.ifindex());
    int fr = ctx.fibLookup(src, tunnelEndpoint, fib);
    if (fr != FibResult.SUCCESS) {
      return Notify.drop(
          dp,
          ctx,
          skb,
          ProgramId.XDP_ENTRY,
          0,
          0,
          DropReason.DROP_NO_FIB.code(),
          fr,
          Metrics.METRIC_INGRESS,
          skb.ifindex(),
          ctx.hostEndpointId());
    }
    Eth.setSrc(skb.data(), skb.off(), fib.smac);
    Eth.setDst(skb.data(), skb.off(), fib.dmac);
    return Verdict.redirect(fib.ifindex);
  }

  private static int drop(Datapath dp, NodeContext ctx, Skb skb, DropReason reason) {
    return Notify.drop(
        dp,
        ctx,
        skb,
        ProgramId.XDP_ENTRY,
        0,
        0,
        reason.code(),
        0,
        Metrics.METRIC_INGRESS,
        skb.ifindex(),
        ctx.hostEndpointId());
  }
}
