package dev.egret.datapath.tunnel;

import dev.egret.datapath.Datapath;
import dev.egret.datapath.identity.Identities;
import dev.egret.datapath.monitor.ProgramId;
import dev.egret.datapath.monitor.TraceCtx;
import dev.egret.datapath.monitor.TraceObservationPoint;
import dev.egret.datapath.node.NodeContext;
import dev.egret.datapath.packet.Ipv4;
import dev.egret.datapath.packet.Skb;
import dev.egret.datapath.program.Marks;
import dev.egret.datapath.program.Verdict;

/**
 * The TC-path encapsulation helpers of bpf/lib/encap.h and overloadable_skb.h (v1.16): the program
 * does not build outer headers; it sets the skb's tunnel key and redirects to {@code
 * ENCAP_IFINDEX}, and the kernel device ({@link TunnelDevice}) builds them.
 */
public final class Encap {
  private Encap() {}

  /**
   * Models: bpf/lib/encap.h __encap_and_redirect_with_nodeid (v1.16), with {@code
   * __encap_with_nodeid} and {@code ctx_set_encap_info} (skb): HOST_ID travels as LOCAL_NODE_ID;
   * emits TRACE_TO_OVERLAY (src = that identity, dst = {@code dstId}, ifindex = ENCAP_IFINDEX);
   * sets the tunnel key (remote = {@code tunnelEndpoint}, tunnel id = {@code vni} if non-zero, else
   * the identity's tunnel id, TTL 64); puts the overlay mark with the identity on the skb; and
   * redirects to ENCAP_IFINDEX.
   *
   * @return {@code Verdict.redirect(ENCAP_IFINDEX)}
   */
  public static int encapAndRedirectWithNodeid(
      Datapath dp,
      NodeContext ctx,
      Skb skb,
      ProgramId program,
      int tunnelEndpoint,
      int seclabel,
      int dstId,
      int vni,
      TraceCtx trace,
      int sourceEndpointId) {
    if (seclabel == Identities.HOST_ID) {
      seclabel = Identities.LOCAL_NODE_ID;
    }
    int encapIfindex = ctx.encapIfindex();
    dp.monitor()
        .trace(
            ctx.nowNanos(),
            program,
            skb,
            TraceObservationPoint.TRACE_TO_OVERLAY,
            seclabel,
            dstId,
            0,
            encapIfindex,
            trace.reason,
            trace.monitor,
            sourceEndpointId);
    int tunnelId = vni != 0 ? vni : Identities.tunnelId(seclabel, dp.config().dualStack());
    skb.setTunnelKey(tunnelEndpoint, tunnelId, Ipv4.DEFAULT_TTL);
    skb.setMark(Marks.identityMark(seclabel, Marks.MARK_MAGIC_OVERLAY));
    return Verdict.redirect(encapIfindex);
  }
}
