package dev.egret.datapath.program;

import dev.egret.datapath.Datapath;
import dev.egret.datapath.monitor.DropReason;
import dev.egret.datapath.monitor.ProgramId;
import dev.egret.datapath.node.NodeContext;
import dev.egret.datapath.packet.Skb;

/** Drop notification plumbing shared by the programs ({@code send_drop_notify*} + metrics). */
final class Notify {
  private Notify() {}

  /**
   * Models: bpf/lib/drop.h send_drop_notify_ext (v1.16): emits the drop event, counts it in {@code
   * cilium_metrics} and returns the drop verdict.
   */
  static int drop(
      Datapath dp,
      NodeContext ctx,
      Skb skb,
      ProgramId program,
      int srcIdentity,
      int dstIdentity,
      int code,
      int extError,
      int direction,
      int ifindex,
      int sourceEndpointId) {
    DropReason r = DropReason.of(code);
    dp.metrics().update(r.code(), direction, skb.len());
    dp.monitor()
        .drop(
            ctx.nowNanos(),
            program,
            skb,
            srcIdentity,
            dstIdentity,
            r,
            extError,
            direction,
            ifindex,
            sourceEndpointId);
    return -r.code();
  }
}
