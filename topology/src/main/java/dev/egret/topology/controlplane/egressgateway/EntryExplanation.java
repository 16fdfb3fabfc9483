package dev.egret.topology.controlplane.egressgateway;

import dev.egret.datapath.egress.EgressPolicyEntry;
import java.util.List;

/**
 * Why a node's map holds (or lacks) an entry: what the map holds now, and every contribution with
 * the gateway decision that gave its value. Built from recorded state, never re-computed.
 *
 * @param node the node whose map is explained
 * @param inMap the entry in that node's map now, or null
 * @param contributions every policy contribution to this key (two or more: a conflict)
 * @param reconciledAt the simulated time of the last reconciliation that wrote the maps
 */
public record EntryExplanation(
    String node,
    EntryKey key,
    EgressPolicyEntry inMap,
    List<Provenance> contributions,
    long reconciledAt) {

  /** One contribution and the value it asks for on this node. */
  public record Provenance(
      Contribution contribution,
      GatewayConfig gateway,
      int gatewaySlot,
      int gatewayCount,
      long uidHash,
      int egressIp,
      int gatewayIp) {}

  public boolean isConflict() {
    return contributions.size() > 1;
  }
}
