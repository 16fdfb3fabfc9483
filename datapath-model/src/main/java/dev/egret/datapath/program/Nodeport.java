package dev.egret.datapath.program;

import dev.egret.datapath.Datapath;
import dev.egret.datapath.config.CiliumVersion;
import dev.egret.datapath.config.DatapathConfig;
import dev.egret.datapath.ct.Conntrack;
import dev.egret.datapath.ct.Tuple4;
import dev.egret.datapath.egress.EgressGw;
import dev.egret.datapath.egress.EgressPolicyMap4;
import dev.egret.datapath.identity.Identities;
import dev.egret.datapath.maps.RemoteEndpointInfo;
import dev.egret.datapath.monitor.DropReason;
import dev.egret.datapath.monitor.Metrics;
import dev.egret.datapath.monitor.ProgramId;
import dev.egret.datapath.monitor.TraceCtx;
import dev.egret.datapath.monitor.TraceObservationPoint;
import dev.egret.datapath.nat.NatTarget;
import dev.egret.datapath.nat.SnatV4;
import dev.egret.datapath.node.NodeContext;
import dev.egret.datapath.packet.Ipv4;
import dev.egret.datapath.packet.Skb;

/** The SNAT side of bpf/lib/nodeport.h and nat.h's masquerade decision, as bpf_host runs it. */
public final class Nodeport {
  /** {@code NAT_NEEDED}. */
  public static final int NAT_NEEDED = 0;

  private Nodeport() {}

  /**
   * Models: bpf/lib/nat.h snat_v4_needs_masquerade (v1.16, IS_BPF_HOST): fills {@code target}. Host
   * traffic from the device's masquerade address is tracked (needs_ct); a local endpoint's reply to
   * an inbound connection is punted; an egress gateway match wins over every exclusion (target =
   * egress IP, needs_ct unless the source is local; 1.17+: egress IP 0.0.0.0 drops with
   * DROP_NO_EGRESS_IP; 1.10: the legacy map's egress IP); then the SNAT exclusion CIDR, the
   * remote-node rule (no masquerade in native routing), and BPF masquerade of local endpoints to
   * the device's address.
   *
   * @return {@link #NAT_NEEDED}, {@link SnatV4#NAT_PUNT_TO_STACK} or a negative drop code
   */
  public static int snatV4NeedsMasquerade(
      Datapath dp, NodeContext ctx, Skb skb, int l3, Tuple4 tuple, NatTarget target) {
    DatapathConfig cfg = dp.config();
    CiliumVersion v = cfg.version();
    byte[] b = skb.data();
    int end = skb.off() + skb.len();
    int saddr = Ipv4.saddr(b, l3);
    int daddr = Ipv4.daddr(b, l3);
    int masq = ctx.masqueradeIp(skb.ifindex());
    if (masq != 0 && saddr == masq) {
      target.addr = masq;
      target.needsCt = true;
      return NAT_NEEDED;
    }
    int localEp = ctx.lookupEndpoint(saddr);
    if (localEp != NodeContext.NO_ENDPOINT) {
      target.fromLocalEndpoint = true;
      tuple.set(daddr, saddr, 0, 0, Ipv4.protocol(b, l3), 0);
      int err =
          Conntrack.extractPorts4(
              b, l3 + Ipv4.hdrLen(b, l3), end, !Ipv4.isNotFirstFragment(b, l3), tuple);
      if (err == 0) {
        if (dp.conntrack().isReply4(tuple)) {
          return SnatV4.NAT_PUNT_TO_STACK;
        }
      } else if (err != DropReason.DROP_CT_UNKNOWN_PROTO.bpfValue()) {
        return err;
      }
    }
    if (v.legacyEgressMap()) {
      EgressPolicyMap4 map = ctx.egressPolicyMap();
      int id = map.find(saddr, daddr);
      if (id != EgressPolicyMap4.NOT_FOUND) {
        target.addr = map.egressIp(id);
        target.needsCt = localEp == NodeContext.NO_ENDPOINT;
        return NAT_NEEDED;
      }
    } else {
      long egress = EgressGw.snatNeededHook(ctx, cfg.dualStack(), saddr, daddr);
      if (egress != EgressGw.NO_SNAT) {
        target.addr = (int) egress;
        if (target.addr == 0 && v.dropNoEgressIp()) {
          return DropReason.DROP_NO_EGRESS_IP.bpfValue();
        }
        target.egressGateway = true;
        target.needsCt = localEp == NodeContext.NO_ENDPOINT;
        return NAT_NEEDED;
      }
    }
    if (cfg.snatExclusionCidr() != null && cfg.snatExclusionCidr().contains(daddr)) {
      return SnatV4.NAT_PUNT_TO_STACK;
    }
    long remote = ctx.ipcacheLookup(daddr);
    if (remote != RemoteEndpointInfo.MISS
        && Identities.isRemoteNode(RemoteEndpointInfo.identity(remote))
        && !cfg.tunnelRouting()) {
      return SnatV4.NAT_PUNT_TO_STACK;
    }
    if (localEp != NodeContext.NO_ENDPOINT && masq != 0) {
      target.addr = masq;
      return NAT_NEEDED;
    }
    return SnatV4.NAT_PUNT_TO_STACK;
  }

  /**
   * Models: bpf/lib/nodeport.h nodeport_snat_fwd_ipv4 (v1.16, reached from handle_nat_fwd →
   * tail_handle_snat_fwd_ipv4): decides with {@link #snatV4NeedsMasquerade}; for egress gateway
   * traffic first makes sure the packet leaves by the egress IP's device (FIB redirect, SNAT then
   * happens in that device's to-netdev); then {@code snat_v4_nat}; on success marks SNAT-done and
   * traces TO_NETWORK with the pre-SNAT source as {@code orig_ip4}.
   *
   * @return OK, a redirect, or a drop (already notified)
   */
  public static int snatFwdIpv4(Datapath dp, NodeContext ctx, Skb skb, int l3, TraceCtx trace) {
    DatapathConfig cfg = dp.config();
    NatTarget target = dp.scratch.target.reset(cfg.snatMinPort(), cfg.snatMaxPort());
    Tuple4 tuple = dp.scratch.tuple;
    int ret = snatV4NeedsMasquerade(dp, ctx, skb, l3, tuple, target);
    if (ret == SnatV4.NAT_PUNT_TO_STACK) {
      return traceToNetwork(dp, ctx, skb, 0, trace);
    }
    if (ret < 0) {
      return dropEgress(dp, ctx, skb, -ret);
    }
    if (target.egressGateway && !(target.ifindex != 0 && target.ifindex == skb.ifindex())) {
      ret =
          EgressGw.fibLookupAndRedirect(
              dp, ctx, skb, target.addr, Ipv4.daddr(skb.data(), l3), true);
      if (Verdict.isDrop(ret)) {
        return Notify.drop(
            dp,
            ctx,
            skb,
            ProgramId.TO_NETDEV,
            0,
            0,
            -ret,
            dp.scratch.extErr,
            Metrics.METRIC_EGRESS,
            skb.ifindex(),
            ctx.hostEndpointId());
      }
      if (ret != Verdict.OK) {
        return ret;
      }
    }
    int orig = Ipv4.saddr(skb.data(), l3);
    ret = dp.snat().nat(ctx, skb, l3, tuple, target, trace);
    if (ret == SnatV4.NAT_PUNT_TO_STACK) {
      return traceToNetwork(dp, ctx, skb, 0, trace);
    }
    if (ret < 0) {
      return dropEgress(dp, ctx, skb, -ret);
    }
    Marks.setSnatDone(skb);
    return traceToNetwork(dp, ctx, skb, orig, trace);
  }

  private static int traceToNetwork(
      Datapath dp, NodeContext ctx, Skb skb, int origIp4, TraceCtx trace) {
    dp.monitor()
        .trace(
            ctx.nowNanos(),
            ProgramId.TO_NETDEV,
            skb,
            TraceObservationPoint.TRACE_TO_NETWORK,
            0,
            0,
            origIp4,
            skb.ifindex(),
            trace.reason,
            trace.monitor,
            ctx.hostEndpointId());
    return Verdict.OK;
  }

  private static int dropEgress(Datapath dp, NodeContext ctx, Skb skb, int code) {
    return Notify.drop(
        dp,
        ctx,
        skb,
        ProgramId.TO_NETDEV,
        0,
        0,
        code,
        0,
        Metrics.METRIC_EGRESS,
        skb.ifindex(),
        ctx.hostEndpointId());
  }
}
