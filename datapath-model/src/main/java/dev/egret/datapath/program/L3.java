package dev.egret.datapath.program;

import dev.egret.datapath.Datapath;
import dev.egret.datapath.monitor.DropReason;
import dev.egret.datapath.monitor.Metrics;
import dev.egret.datapath.monitor.ProgramId;
import dev.egret.datapath.node.NodeContext;
import dev.egret.datapath.packet.Eth;
import dev.egret.datapath.packet.Ipv4;
import dev.egret.datapath.packet.Skb;

/** The L3 helpers of bpf/lib/l3.h (v1.16). */
public final class L3 {
  private L3() {}

  /**
   * Models: bpf/lib/l3.h ipv4_l3 (v1.16): decrements the TTL (DROP_TTL_EXCEEDED at TTL ≤ 1, the
   * packet unchanged) and, when MACs are given ({@code rewriteMacs}), writes them.
   *
   * @return {@link Verdict#OK} or DROP_TTL_EXCEEDED
   */
  public static int ipv4L3(Skb skb, int l3, boolean rewriteMacs, long smac, long dmac) {
    if (!Ipv4.decTtl(skb.data(), l3)) {
      return Verdict.drop(DropReason.DROP_TTL_EXCEEDED);
    }
    if (rewriteMacs) {
      Eth.setSrc(skb.data(), skb.off(), smac);
      Eth.setDst(skb.data(), skb.off(), dmac);
    }
    return Verdict.OK;
  }

  /**
   * Models: bpf/lib/l3.h ipv4_local_delivery (v1.16): {@code ipv4_l3} towards the endpoint (TTL −
   * 1, source MAC = the lxc device's, destination MAC = the pod's), then the endpoint's ingress
   * policy program ({@link BpfLxc#ipv4Policy}) with the source identity. A TTL drop is notified
   * here (by {@code caller}); the policy program notifies its own drops.
   *
   * @param caller the program doing the delivery (for drop events before the policy program)
   */
  public static int ipv4LocalDelivery(
      Datapath dp,
      NodeContext ctx,
      Skb skb,
      ProgramId caller,
      int ep,
      int srcIdentity,
      boolean fromTunnel) {
    int l3 = skb.off() + Eth.HLEN;
    int ret = ipv4L3(skb, l3, true, ctx.endpointNodeMac(ep), ctx.endpointMac(ep));
    if (Verdict.isDrop(ret)) {
      return Notify.drop(
          dp,
          ctx,
          skb,
          caller,
          srcIdentity,
          ctx.endpointIdentity(ep),
          -ret,
          0,
          caller == ProgramId.FROM_CONTAINER ? Metrics.METRIC_EGRESS : Metrics.METRIC_INGRESS,
          skb.ifindex(),
          0);
    }
    return BpfLxc.ipv4Policy(dp, ctx, skb, ep, srcIdentity, fromTunnel);
  }
}
