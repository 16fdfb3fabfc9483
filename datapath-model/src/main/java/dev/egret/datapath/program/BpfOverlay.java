package dev.egret.datapath.program;

import dev.egret.datapath.Datapath;
import dev.egret.datapath.config.DatapathConfig;
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

/** bpf_overlay.c: the program on the tunnel device ({@code cilium_vxlan}), v1.16. */
public final class BpfOverlay {
  private BpfOverlay() {}

  /**
   * Models: bpf/bpf_overlay.c cil_from_overlay (v1.16): a decapsulated packet (the caller ran
   * {@link dev.egret.datapath.tunnel.TunnelDevice#decap} and set {@code skb.ifindex} to
   * ENCAP_IFINDEX). IPv4 goes to {@link #handleIpv4}; ARP passes; other ethertypes drop with
   * DROP_UNKNOWN_L3.
   */
  public static int fromOverlay(Datapath dp, NodeContext ctx, Skb skb) {
    if (skb.len() < Eth.HLEN) {
      return drop(dp, ctx, skb, 0, DropReason.DROP_UNSUPPORTED_L2.code());
    }
    int proto = Eth.proto(skb.data(), skb.off());
    if (proto == Eth.ETH_P_IP) {
      return handleIpv4(dp, ctx, skb);
    }
    if (proto == Eth.ETH_P_ARP) {
      return Verdict.OK;
    }
    return drop(dp, ctx, skb, 0, DropReason.DROP_UNKNOWN_L3.code());
  }

  /**
   * Models: bpf/bpf_overlay.c handle_ipv4 (v1.16, via tail_handle_ipv4): the source identity from
   * the VNI (HOST_ID is invalid from a remote node); FROM_OVERLAY trace; {@code nodeport_lb4}'s
   * RevSNAT attempt (a miss or punt just continues); remote-node identities replaced by the ipcache
   * identity of the inner source; the egress gateway step ({@code egress_gw_snat_needed_hook}: TTL
   * − 1, EGW-done mark, FIB redirect to the egress device — SNAT follows in that device's
   * to-netdev; no drop for a 0.0.0.0 gateway here); else local delivery or the host stack.
   */
  static int handleIpv4(Datapath dp, NodeContext ctx, Skb skb) {
    DatapathConfig cfg = dp.config();
    if (!skb.hasTunnelKey()) {
      return drop(dp, ctx, skb, 0, DropReason.DROP_NO_TUNNEL_KEY.code());
    }
    int srcId = Identities.fromTunnelId(skb.tunnelId(), cfg.dualStack());
    if (srcId == Identities.HOST_ID) {
      return drop(dp, ctx, skb, srcId, DropReason.DROP_INVALID_IDENTITY.code());
    }
    long now = ctx.nowNanos();
    dp.monitor()
        .trace(
            now,
            ProgramId.FROM_OVERLAY,
            skb,
            TraceObservationPoint.TRACE_FROM_OVERLAY,
            srcId,
            0,
            0,
            skb.ifindex(),
            TraceReason.UNKNOWN,
            MonitorEvent.TRACE_PAYLOAD_LEN,
            0);
    byte[] b = skb.data();
    int end = skb.off() + skb.len();
    int l3 = skb.off() + Eth.HLEN;
    if (!Ipv4.valid(b, l3, end - l3)) {
      return drop(dp, ctx, skb, srcId, DropReason.DROP_INVALID.code());
    }
    TraceCtx trace = dp.scratch.trace;
    trace.reset();
    // nodeport_lb4: no service; the NAT ingress tail call tries RevSNAT and recircles on a miss
    NatTarget target = dp.scratch.target.reset(cfg.snatMinPort(), cfg.snatMaxPort());
    int ret = dp.snat().revNat(ctx, skb, l3, target, trace);
    if (ret < 0
        && ret != SnatV4.NAT_PUNT_TO_STACK
        && ret != Verdict.drop(DropReason.DROP_NAT_NO_MAPPING)) {
      return drop(dp, ctx, skb, srcId, -ret);
    }
    int saddr = Ipv4.saddr(b, l3);
    int daddr = Ipv4.daddr(b, l3);
    if (Identities.isRemoteNode(srcId)) {
      long info = ctx.ipcacheLookup(saddr);
      if (info != RemoteEndpointInfo.MISS) {
        srcId = RemoteEndpointInfo.identity(info);
      }
    }
    if (!cfg.version().legacyEgressMap()) {
      long egress = EgressGw.snatNeededHook(ctx, cfg.dualStack(), saddr, daddr);
      if (egress != EgressGw.NO_SNAT) {
        int egressIp = (int) egress;
        if (egressIp == 0 && cfg.version().dropNoEgressIp()) {
          return drop(dp, ctx, skb, srcId, DropReason.DROP_NO_EGRESS_IP.code());
        }
        ret = L3.ipv4L3(skb, l3, false, 0, 0);
        if (Verdict.isDrop(ret)) {
          return drop(dp, ctx, skb, srcId, -ret);
        }
        Marks.setEgwDone(skb);
        ret = EgressGw.fibLookupAndRedirect(dp, ctx, skb, egressIp, daddr, false);
        if (Verdict.isDrop(ret)) {
          return Notify.drop(
              dp,
              ctx,
              skb,
              ProgramId.FROM_OVERLAY,
              srcId,
              0,
              -ret,
              dp.scratch.extErr,
              Metrics.METRIC_INGRESS,
              skb.ifindex(),
              0);
        }
        return ret;
      }
    }
    int ep = ctx.lookupEndpoint(daddr);
    if (ep != NodeContext.NO_ENDPOINT) {
      return L3.ipv4LocalDelivery(dp, ctx, skb, ProgramId.FROM_OVERLAY, ep, srcId, true);
    }
    skb.setMark(Marks.identityMark(srcId, Marks.MARK_MAGIC_IDENTITY));
    dp.monitor()
        .trace(
            now,
            ProgramId.FROM_OVERLAY,
            skb,
            TraceObservationPoint.TRACE_TO_STACK,
            srcId,
            0,
            0,
            0,
            trace.reason,
            trace.monitor,
            0);
    return Verdict.OK;
  }

  private static int drop(Datapath dp, NodeContext ctx, Skb skb, int srcId, int code) {
    return Notify.drop(
        dp,
        ctx,
        skb,
        ProgramId.FROM_OVERLAY,
        srcId,
        0,
        code,
        0,
        Metrics.METRIC_INGRESS,
        skb.ifindex(),
        0);
  }
}
