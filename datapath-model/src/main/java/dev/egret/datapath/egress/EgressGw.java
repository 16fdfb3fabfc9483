package dev.egret.datapath.egress;

import dev.egret.datapath.Datapath;
import dev.egret.datapath.ct.Conntrack;
import dev.egret.datapath.identity.Identities;
import dev.egret.datapath.maps.RemoteEndpointInfo;
import dev.egret.datapath.monitor.DropReason;
import dev.egret.datapath.monitor.ProgramId;
import dev.egret.datapath.monitor.TraceCtx;
import dev.egret.datapath.node.FibResult;
import dev.egret.datapath.node.NodeContext;
import dev.egret.datapath.packet.Eth;
import dev.egret.datapath.packet.Skb;
import dev.egret.datapath.program.Verdict;
import dev.egret.datapath.tunnel.Encap;

/**
 * The egress gateway functions of bpf/lib/egress_gateway.h (v1.16, reference §1): steering at the
 * source node, the SNAT decision at the gateway, the reply redirect, and the FIB redirect towards
 * the egress interface. All lookups go through the node's current {@link EgressPolicyMap4}.
 */
public final class EgressGw {
  /** What {@link #snatNeededHook} returns when no SNAT is needed. */
  public static final long NO_SNAT = -1L;

  private EgressGw() {}

  /**
   * Models: bpf/lib/egress_gateway.h egress_gw_handle_packet (v1.16). No effect (OK) when the
   * destination identity is a cluster identity or the packet belongs to a reply/related flow; then
   * the policy lookup (saddr, daddr): no entry → OK; gateway 0.0.0.0 → DROP_NO_EGRESS_GATEWAY;
   * 0.0.0.1 (excluded CIDR) → OK; the gateway is this node (ENDPOINT_F_HOST) → OK (the normal path,
   * SNAT later in to-netdev); otherwise the packet is tunnelled to the gateway with the source
   * identity as VNI.
   *
   * @return {@link Verdict#OK}, a redirect to ENCAP_IFINDEX, or DROP_NO_EGRESS_GATEWAY
   */
  public static int handlePacket(
      Datapath dp,
      NodeContext ctx,
      Skb skb,
      ProgramId program,
      int saddr,
      int daddr,
      int ctStatus,
      int srcSecIdentity,
      int dstSecIdentity,
      TraceCtx trace,
      int sourceEndpointId) {
    if (Identities.isCluster(dstSecIdentity, dp.config().dualStack())) {
      return Verdict.OK;
    }
    // egress_gw_request_needs_redirect_hook (bpf_lxc): only connections the pod opened
    if (ctStatus == Conntrack.CT_REPLY || ctStatus == Conntrack.CT_RELATED) {
      return Verdict.OK;
    }
    EgressPolicyMap4 map = ctx.egressPolicyMap();
    int id = map.find(saddr, daddr);
    if (id == EgressPolicyMap4.NOT_FOUND) {
      return Verdict.OK;
    }
    int gateway = map.gatewayIp(id);
    if (gateway == EgressPolicyMap4.EGRESS_GATEWAY_NO_GATEWAY) {
      return Verdict.drop(DropReason.DROP_NO_EGRESS_GATEWAY);
    }
    if (gateway == EgressPolicyMap4.EGRESS_GATEWAY_EXCLUDED_CIDR) {
      return Verdict.OK;
    }
    if (ctx.isLocalHostIp(gateway)) {
      return Verdict.OK;
    }
    return Encap.encapAndRedirectWithNodeid(
        dp, ctx, skb, program, gateway, srcSecIdentity, dstSecIdentity, 0, trace, sourceEndpointId);
  }

  /**
   * Models: the 1.10.0–1.10.5 bpf_lxc egress block ({@code lookup_ip4_egress_endpoint} on {@code
   * cilium_egress_v4}): any match is tunnelled to the entry's tunnel endpoint, even when that is
   * this node; no special values, no cluster-destination skip.
   *
   * @return OK (no entry) or a redirect to ENCAP_IFINDEX
   */
  public static int handlePacketLegacy110(
      Datapath dp,
      NodeContext ctx,
      Skb skb,
      ProgramId program,
      int saddr,
      int daddr,
      int srcSecIdentity,
      int dstSecIdentity,
      TraceCtx trace,
      int sourceEndpointId) {
    EgressPolicyMap4 map = ctx.egressPolicyMap();
    int id = map.find(saddr, daddr);
    if (id == EgressPolicyMap4.NOT_FOUND) {
      return Verdict.OK;
    }
    return Encap.encapAndRedirectWithNodeid(
        dp,
        ctx,
        skb,
        program,
        map.gatewayIp(id),
        srcSecIdentity,
        dstSecIdentity,
        0,
        trace,
        sourceEndpointId);
  }

  /**
   * Models: bpf/lib/egress_gateway.h egress_gw_snat_needed_hook (v1.16): false when the ipcache
   * gives the destination a cluster identity; otherwise the policy lookup, false for no entry or
   * the special gateways 0.0.0.0 and 0.0.0.1. Does not check that this node is the gateway, nor
   * that the egress IP is set (1.16).
   *
   * @return the entry's egress IP as an unsigned value (0..2^32-1), or {@link #NO_SNAT}
   */
  public static long snatNeededHook(NodeContext ctx, boolean dualStack, int saddr, int daddr) {
    long info = ctx.ipcacheLookup(daddr);
    if (info != RemoteEndpointInfo.MISS
        && Identities.isCluster(RemoteEndpointInfo.identity(info), dualStack)) {
      return NO_SNAT;
    }
    EgressPolicyMap4 map = ctx.egressPolicyMap();
    int id = map.find(saddr, daddr);
    if (id == EgressPolicyMap4.NOT_FOUND) {
      return NO_SNAT;
    }
    int gateway = map.gatewayIp(id);
    if (gateway == EgressPolicyMap4.EGRESS_GATEWAY_NO_GATEWAY
        || gateway == EgressPolicyMap4.EGRESS_GATEWAY_EXCLUDED_CIDR) {
      return NO_SNAT;
    }
    return map.egressIp(id) & 0xffffffffL;
  }

  /**
   * Models: bpf/lib/egress_gateway.h egress_gw_reply_needs_redirect_hook (v1.16): a reply (after
   * RevSNAT) to an endpoint whose connection matches a policy with a real gateway, and whose
   * ipcache entry has a tunnel endpoint (the pod is on another node).
   *
   * @param saddr the reply's source (the external)
   * @param daddr the reply's destination (the pod)
   * @return the pod's ipcache entry ({@link RemoteEndpointInfo}) or {@link RemoteEndpointInfo#MISS}
   */
  public static long replyNeedsRedirectHook(NodeContext ctx, int saddr, int daddr) {
    EgressPolicyMap4 map = ctx.egressPolicyMap();
    int id = map.find(daddr, saddr);
    if (id == EgressPolicyMap4.NOT_FOUND) {
      return RemoteEndpointInfo.MISS;
    }
    int gateway = map.gatewayIp(id);
    if (gateway == EgressPolicyMap4.EGRESS_GATEWAY_NO_GATEWAY
        || gateway == EgressPolicyMap4.EGRESS_GATEWAY_EXCLUDED_CIDR) {
      return RemoteEndpointInfo.MISS;
    }
    long info = ctx.ipcacheLookup(daddr);
    if (info == RemoteEndpointInfo.MISS || RemoteEndpointInfo.tunnelEndpoint(info) == 0) {
      return RemoteEndpointInfo.MISS;
    }
    return info;
  }

  /**
   * Models: bpf/lib/egress_gateway.h egress_gw_fib_lookup_and_redirect (v1.16): FIB lookup from the
   * egress IP to the destination; SUCCESS or NO_NEIGH continue, anything else is DROP_NO_FIB; in
   * bpf_host, staying on the current device returns OK (SNAT happens here); otherwise {@code
   * fib_do_redirect}: SUCCESS rewrites the MACs and redirects; NO_NEIGH redirects through the
   * neighbour subsystem when the kernel can ({@code redirect_neigh}), else returns OK to the stack.
   */
  public static int fibLookupAndRedirect(
      Datapath dp, NodeContext ctx, Skb skb, int egressIp, int daddr, boolean isBpfHost) {
    FibResult fib = dp.scratch.fib.reset(skb.ifindex());
    int ret = ctx.fibLookup(egressIp, daddr, fib);
    if (ret != FibResult.SUCCESS && ret != FibResult.NO_NEIGH) {
      dp.scratch.extErr = ret;
      return Verdict.drop(DropReason.DROP_NO_FIB);
    }
    int oif = fib.ifindex;
    if (isBpfHost && oif == skb.ifindex()) {
      return Verdict.OK;
    }
    return fibDoRedirect(dp, skb, fib, ret, oif);
  }

  /** Models: bpf/lib/fib.h fib_do_redirect (v1.16, TC). */
  public static int fibDoRedirect(Datapath dp, Skb skb, FibResult fib, int fibRet, int oif) {
    if (fibRet == FibResult.NO_NEIGH) {
      return dp.config().neighResolver() ? Verdict.redirect(oif) : Verdict.OK;
    }
    if (skb.len() >= Eth.HLEN) {
      Eth.setDst(skb.data(), skb.off(), fib.dmac);
      Eth.setSrc(skb.data(), skb.off(), fib.smac);
    }
    return Verdict.redirect(oif);
  }
}
