package dev.egret.topology.controlplane.egressgateway;

import dev.egret.datapath.egress.EgressPolicyMap4;
import dev.egret.datapath.net.Cidr4;
import dev.egret.topology.controlplane.CiliumVersion;
import java.util.List;

/**
 * The egress gateway control plane of every node of a cluster: what each agent writes into its
 * node's egress policy map. Implemented by {@link EgressGatewayManager} (1.16–1.18) and {@link
 * EgressNatPolicyManager} (1.10); create one with {@link EgressControlPlanes#create}.
 */
public interface EgressControlPlane {
  CiliumVersion version();

  /**
   * The map node {@code node}'s datapath must use now. Nodes that are not the gateway of any policy
   * share one map object (their contents are identical by construction); a gateway node has its
   * own. The object returned may change after a reconciliation (a node becoming or ceasing to be a
   * gateway), so ask again per packet; O(1).
   */
  EgressPolicyMap4 mapFor(String node);

  /**
   * A number that changes whenever {@link #mapFor} may return a different map for some node (a node
   * gets or loses a map of its own), so callers on the packet path can cache the map.
   */
  default long mapAssignmentVersion() {
    return 0;
  }

  /** The initial Kubernetes sync is done: reconciliation starts ({@code eventK8sSyncDone}). */
  void start();

  /** How many reconciliations ran ({@code reconciliationEventsCount}). */
  long reconciliationCount();

  /** The simulated time of every reconciliation, in order. */
  List<Long> reconciliationTimes();

  /** The current warnings (conflicts, full maps, selectors or gateways matching nothing, …). */
  List<EgressWarning> warnings();

  /** Why node {@code node}'s map holds what it holds for (src, dst); from recorded state. */
  EntryExplanation explain(String node, int sourceIp, Cidr4 destination);

  /**
   * Explains the entry a packet from {@code saddr} to {@code daddr} hits in {@code node}'s map (the
   * longest prefix, as the datapath looks it up); an explanation without entry when none matches.
   */
  default EntryExplanation explainPacket(String node, int saddr, int daddr) {
    EgressPolicyMap4 m = mapFor(node);
    int id = m.find(saddr, daddr);
    if (id == EgressPolicyMap4.NOT_FOUND) {
      long at =
          reconciliationTimes().isEmpty()
              ? -1
              : reconciliationTimes().get(reconciliationTimes().size() - 1);
      return new EntryExplanation(node, new EntryKey(saddr, daddr, 32), null, List.of(), at);
    }
    return explain(node, saddr, new Cidr4(m.destinationAddress(id), m.destinationPrefixLen(id)));
  }
}
