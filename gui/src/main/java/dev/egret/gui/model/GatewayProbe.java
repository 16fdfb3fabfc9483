package dev.egret.gui.model;

import dev.egret.datapath.egress.EgressPolicyEntry;
import dev.egret.datapath.egress.EgressPolicyMap4;
import dev.egret.topology.controlplane.egressgateway.EgressControlPlane;
import dev.egret.topology.controlplane.egressgateway.EntryExplanation;
import dev.egret.topology.model.Node;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads which nodes are gateways from what the control plane wrote into the nodes' egress maps: a
 * node is a gateway when some map entry names one of its addresses as gateway IP; its egress IPs
 * are the egress IPs of those entries in its own map (where the agent fills them in). The policies
 * come from the control plane's recorded explanation of a few of those entries.
 */
final class GatewayProbe {
  /** Entries explained per gateway to name its policies (explanations cost a lookup each). */
  private static final int EXPLAINED_ENTRIES_PER_GATEWAY = 16;

  /** Policies named per gateway at most. */
  private static final int POLICIES_PER_GATEWAY = 3;

  /** A gateway's egress IPs and policies. */
  record Gateway(List<Integer> egressIps, List<String> policies) {}

  private GatewayProbe() {}

  /** Gateway facts for every gateway node among {@code nodes}. */
  static Map<String, Gateway> probe(EgressControlPlane cp, Collection<Node> nodes) {
    Map<Integer, String> byIp = new HashMap<>();
    Map<String, Node> byName = new HashMap<>();
    for (Node n : nodes) {
      byName.put(n.name(), n);
      for (int ip : n.nodeIps()) {
        byIp.putIfAbsent(ip, n.name());
      }
    }
    Map<EgressPolicyMap4, Boolean> seen = new IdentityHashMap<>();
    Map<String, List<EgressPolicyEntry>> pointingTo = new HashMap<>();
    for (Node n : nodes) {
      EgressPolicyMap4 m = cp.mapFor(n.name());
      if (m == null || seen.put(m, Boolean.TRUE) != null) {
        continue;
      }
      for (EgressPolicyEntry e : m.dump()) {
        String gw = byIp.get(e.gatewayIp());
        if (gw != null) {
          pointingTo.computeIfAbsent(gw, k -> new ArrayList<>()).add(e);
        }
      }
    }
    Map<String, Gateway> out = new HashMap<>();
    for (Map.Entry<String, List<EgressPolicyEntry>> g : pointingTo.entrySet()) {
      out.put(g.getKey(), gateway(cp, byName.get(g.getKey()), g.getValue()));
    }
    return out;
  }

  private static Gateway gateway(EgressControlPlane cp, Node n, List<EgressPolicyEntry> any) {
    String node = n.name();
    List<Integer> ips = n.nodeIps();
    Set<Integer> egress = new TreeSet<>(Integer::compareUnsigned);
    Set<String> policies = new LinkedHashSet<>();
    EgressPolicyMap4 own = cp.mapFor(node);
    int explained = 0;
    for (EgressPolicyEntry e : own == null ? List.<EgressPolicyEntry>of() : own.dump()) {
      if (ips.contains(e.gatewayIp()) && e.egressIp() != 0) {
        egress.add(e.egressIp());
      }
      if (explained < EXPLAINED_ENTRIES_PER_GATEWAY && policies.size() < POLICIES_PER_GATEWAY) {
        explained++;
        EntryExplanation x = cp.explain(node, e.sourceIp(), e.destination());
        for (EntryExplanation.Provenance p : x.contributions()) {
          if (p.gateway() != null && node.equals(p.gateway().node())) {
            policies.add(p.contribution().policy());
          }
        }
      }
    }
    if (egress.isEmpty()) {
      for (EgressPolicyEntry e : any) {
        if (e.egressIp() != 0) {
          egress.add(e.egressIp());
        }
      }
    }
    return new Gateway(new ArrayList<>(egress), new ArrayList<>(policies));
  }
}
