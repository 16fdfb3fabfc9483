package dev.egret.datapath.program;

import dev.egret.datapath.Datapath;
import dev.egret.datapath.config.DatapathConfig;
import dev.egret.datapath.ct.Conntrack;
import dev.egret.datapath.ct.Tuple4;
import dev.egret.datapath.egress.EgressGw;
import dev.egret.datapath.maps.RemoteEndpointInfo;
import dev.egret.datapath.monitor.DropReason;
import dev.egret.datapath.monitor.Metrics;
import dev.egret.datapath.monitor.MonitorEvent;
import dev.egret.datapath.monitor.ProgramId;
import dev.egret.datapath.monitor.TraceCtx;
import dev.egret.datapath.monitor.TraceObservationPoint;
import dev.egret.datapath.monitor.TraceReason;
import dev.egret.datapath.node.NodeContext;
import dev.egret.datapath.packet.Eth;
import dev.egret.datapath.packet.Ipv4;
import dev.egret.datapath.packet.Skb;
import dev.egret.datapath.tunnel.Encap;

/**
 * bpf_lxc.c, the program pair on each pod's host-side interface (v1.16): {@link #fromContainer} for
 * what the pod sends and {@link #ipv4Policy} for delivery to the pod.
 *
 * <p>Network policy is modelled as allow-all (no policy map, no policy-verdict events) and the L7
 * proxy is not modelled.
 */
public final class BpfLxc {
  private BpfLxc() {}

  /**
   * Models: bpf/bpf_lxc.c cil_from_container (v1.16): the pod {@code ep}'s egress program. Traces
   * FROM_ENDPOINT, then for IPv4 runs {@link #handleIpv4FromLxc}; ARP passes (the ARP responder is
   * not modelled); other ethertypes (IPv6 included: this model routes IPv4 only) drop with
   * DROP_UNKNOWN_L3.
   *
   * @param ep the endpoint handle (the program's compile-time SECLABEL, LXC_ID, LXC_IPV4)
   */
  public static int fromContainer(Datapath dp, NodeContext ctx, Skb skb, int ep) {
    int secLabel = ctx.endpointIdentity(ep);
    int epId = ctx.endpointId(ep);
    if (skb.len() < Eth.HLEN) {
      return Notify.drop(
          dp,
          ctx,
          skb,
          ProgramId.FROM_CONTAINER,
          secLabel,
          0,
          DropReason.DROP_UNSUPPORTED_L2.code(),
          0,
          Metrics.METRIC_EGRESS,
          skb.ifindex(),
          epId);
    }
    dp.monitor()
        .trace(
            ctx.nowNanos(),
            ProgramId.FROM_CONTAINER,
            skb,
            TraceObservationPoint.TRACE_FROM_LXC,
            secLabel,
            0,
            0,
            0,
            TraceReason.UNKNOWN,
            MonitorEvent.TRACE_PAYLOAD_LEN,
            epId);
    int proto = Eth.proto(skb.data(), skb.off());
    if (proto == Eth.ETH_P_IP) {
      return handleIpv4FromLxc(dp, ctx, skb, ep, secLabel, epId);
    }
    if (proto == Eth.ETH_P_ARP) {
      return Verdict.OK;
    }
    return Notify.drop(
        dp,
        ctx,
        skb,
        ProgramId.FROM_CONTAINER,
        secLabel,
        0,
        DropReason.DROP_UNKNOWN_L3.code(),
        0,
        Metrics.METRIC_EGRESS,
        skb.ifindex(),
        epId);
  }

  /**
   * Models: bpf/bpf_lxc.c handle_ipv4_from_lxc (v1.16), reached via tail_ipv4_ct_egress: ipcache
   * lookup of the destination (world when absent or 0), CT lookup (CT_EGRESS, BIDIR), CT create for
   * new flows (with the ICMP RELATED entry) before any egress gateway decision, local delivery to
   * an endpoint on this node, the egress gateway step ({@link EgressGw#handlePacket}; 1.10: the
   * legacy map; 1.17+: none here), then tunnel routing to the destination's tunnel endpoint or the
   * stack (TO_STACK, identity mark).
   */
  static int handleIpv4FromLxc(
      Datapath dp, NodeContext ctx, Skb skb, int ep, int secLabel, int epId) {
    DatapathConfig cfg = dp.config();
    byte[] b = skb.data();
    int end = skb.off() + skb.len();
    int l3 = skb.off() + Eth.HLEN;
    long now = ctx.nowNanos();
    if (!Ipv4.valid(b, l3, end - l3)) {
      return dropEgress(dp, ctx, skb, secLabel, 0, DropReason.DROP_INVALID.code(), epId);
    }
    int saddr = Ipv4.saddr(b, l3);
    int daddr = Ipv4.daddr(b, l3);
    if (cfg.sourceIpVerification() && saddr != ctx.endpointIp(ep)) {
      return dropEgress(dp, ctx, skb, secLabel, 0, DropReason.DROP_INVALID_SIP.code(), epId);
    }
    long info = ctx.ipcacheLookup(daddr);
    int dstId = cfg.worldIdentity();
    int tunnelEndpoint = 0;
    if (info != RemoteEndpointInfo.MISS) {
      int id = RemoteEndpointInfo.identity(info);
      if (id != 0) {
        dstId = id;
      }
      tunnelEndpoint = RemoteEndpointInfo.tunnelEndpoint(info);
    }
    TraceCtx trace = dp.scratch.trace;
    trace.reset();
    Tuple4 t = dp.scratch.tuple.set(daddr, saddr, 0, 0, Ipv4.protocol(b, l3), 0);
    int l4 = l3 + Ipv4.hdrLen(b, l3);
    boolean hasL4 = !Ipv4.isNotFirstFragment(b, l3);
    Conntrack ct = dp.conntrack();
    int ret = ct.lookup4(b, l4, end, skb.len(), hasL4, t, Conntrack.CT_EGRESS, trace, now);
    if (ret < 0) {
      return dropEgress(dp, ctx, skb, secLabel, dstId, -ret, epId);
    }
    int ctStatus = ret;
    trace.reason = ctStatus;
    // policy_can_egress4: allow-all in this model
    if (ctStatus == Conntrack.CT_NEW) {
      ret =
          ct.create4(
              ct.mapFor(t.nexthdr), ct.anyMap(), t, Conntrack.CT_EGRESS, secLabel, skb.len(), now);
      if (ret < 0) {
        return dropEgress(dp, ctx, skb, secLabel, dstId, -ret, epId);
      }
    }
    int dstEp = ctx.lookupEndpoint(daddr);
    if (dstEp != NodeContext.NO_ENDPOINT) {
      return L3.ipv4LocalDelivery(dp, ctx, skb, ProgramId.FROM_CONTAINER, dstEp, secLabel, false);
    }
    if (cfg.version().egwInLxc()) {
      if (cfg.version().legacyEgressMap()) {
        ret =
            EgressGw.handlePacketLegacy110(
                dp, ctx, skb, ProgramId.FROM_CONTAINER, saddr, daddr, secLabel, dstId, trace, epId);
      } else {
        ret =
            EgressGw.handlePacket(
                dp,
                ctx,
                skb,
                ProgramId.FROM_CONTAINER,
                saddr,
                daddr,
                ctStatus,
                secLabel,
                dstId,
                trace,
                epId);
      }
      if (Verdict.isDrop(ret)) {
        return dropEgress(dp, ctx, skb, secLabel, dstId, -ret, epId);
      }
      if (ret != Verdict.OK) {
        return ret;
      }
    }
    if (cfg.tunnelRouting() && tunnelEndpoint != 0) {
      return Encap.encapAndRedirectWithNodeid(
          dp, ctx, skb, ProgramId.FROM_CONTAINER, tunnelEndpoint, secLabel, dstId, 0, trace, epId);
    }
    skb.setMark(Marks.identityMark(secLabel, Marks.MARK_MAGIC_IDENTITY));
    dp.monitor()
        .trace(
            now,
            ProgramId.FROM_CONTAINER,
            skb,
            TraceObservationPoint.TRACE_TO_STACK,
            secLabel,
            dstId,
            0,
            0,
            trace.reason,
            trace.monitor,
            epId);
    return Verdict.OK;
  }

  /**
   * Models: bpf/bpf_lxc.c ipv4_policy (v1.16, tail_ipv4_policy / cil_to_container): delivery to the
   * pod {@code ep}. CT lookup (CT_INGRESS, BIDIR); a new flow passes the (allow-all) policy and
   * gets a CT entry; traces TO_ENDPOINT with the CT result as reason; redirects to the pod's lxc
   * interface.
   */
  public static int ipv4Policy(
      Datapath dp, NodeContext ctx, Skb skb, int ep, int srcIdentity, boolean fromTunnel) {
    byte[] b = skb.data();
    int end = skb.off() + skb.len();
    int l3 = skb.off() + Eth.HLEN;
    int secLabel = ctx.endpointIdentity(ep);
    int epId = ctx.endpointId(ep);
    int ifindex = ctx.endpointIfindex(ep);
    long now = ctx.nowNanos();
    if (skb.len() < Eth.HLEN || !Ipv4.valid(b, l3, end - l3)) {
      return dropIngress(
          dp, ctx, skb, srcIdentity, secLabel, DropReason.DROP_INVALID.code(), epId, ifindex);
    }
    TraceCtx trace = dp.scratch.trace;
    trace.reset();
    Tuple4 t =
        dp.scratch.tuple.set(Ipv4.daddr(b, l3), Ipv4.saddr(b, l3), 0, 0, Ipv4.protocol(b, l3), 0);
    int l4 = l3 + Ipv4.hdrLen(b, l3);
    boolean hasL4 = !Ipv4.isNotFirstFragment(b, l3);
    Conntrack ct = dp.conntrack();
    int ret = ct.lookup4(b, l4, end, skb.len(), hasL4, t, Conntrack.CT_INGRESS, trace, now);
    if (ret < 0) {
      return dropIngress(dp, ctx, skb, srcIdentity, secLabel, -ret, epId, ifindex);
    }
    trace.reason = ret;
    if (ret == Conntrack.CT_NEW) {
      int c =
          ct.create4(
              ct.mapFor(t.nexthdr),
              ct.anyMap(),
              t,
              Conntrack.CT_INGRESS,
              srcIdentity,
              skb.len(),
              now);
      if (c < 0) {
        return dropIngress(dp, ctx, skb, srcIdentity, secLabel, -c, epId, ifindex);
      }
    }
    dp.monitor()
        .trace(
            now,
            ProgramId.TO_CONTAINER,
            skb,
            TraceObservationPoint.TRACE_TO_LXC,
            srcIdentity,
            secLabel,
            0,
            ifindex,
            trace.reason,
            trace.monitor,
            epId);
    return Verdict.redirect(ifindex);
  }

  private static int dropEgress(
      Datapath dp, NodeContext ctx, Skb skb, int secLabel, int dstId, int code, int epId) {
    return Notify.drop(
        dp,
        ctx,
        skb,
        ProgramId.FROM_CONTAINER,
        secLabel,
        dstId,
        code,
        0,
        Metrics.METRIC_EGRESS,
        skb.ifindex(),
        epId);
  }

  private static int dropIngress(
      Datapath dp,
      NodeContext ctx,
      Skb skb,
      int srcId,
      int secLabel,
      int code,
      int epId,
      int ifindex) {
    return Notify.drop(
        dp,
        ctx,
        skb,
        ProgramId.TO_CONTAINER,
        srcId,
        secLabel,
        code,
        0,
        Metrics.METRIC_INGRESS,
        ifindex,
        epId);
  }
}
