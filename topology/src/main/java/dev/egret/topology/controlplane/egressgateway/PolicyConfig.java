package dev.egret.topology.controlplane.egressgateway;

import dev.egret.datapath.net.Cidr4;
import dev.egret.topology.controlplane.CiliumVersion;
import dev.egret.topology.k8s.CiliumEgressGatewayPolicy;
import dev.egret.topology.k8s.CiliumEgressGatewayPolicySpec;
import dev.egret.topology.k8s.CiliumEgressNATPolicy;
import dev.egret.topology.k8s.EgressGateway;
import dev.egret.topology.k8s.EgressRule;
import dev.egret.topology.model.LabelSelector;
import dev.egret.topology.model.Labels;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed policy as the manager keeps it ({@code PolicyConfig} in pkg/egressgateway/policy.go).
 *
 * @param selectors the endpoint selectors, ORed
 * @param nodeSelectors the policy-wide list of source node selectors (≥1.17, reference §5.5: not
 *     tied to the selector item they were written in)
 * @param gateways the gateways (one unless {@code egressGateways} under 1.18)
 * @param egressSourceIp the CiliumEgressNATPolicy's egressSourceIP (1.10), else 0
 */
public record PolicyConfig(
    String name,
    List<EndpointSelector> selectors,
    List<LabelSelector> nodeSelectors,
    List<Cidr4> destinationCIDRs,
    List<Cidr4> excludedCIDRs,
    List<GatewaySpec> gateways,
    int egressSourceIp) {

  public PolicyConfig {
    selectors = List.copyOf(selectors);
    nodeSelectors = List.copyOf(nodeSelectors);
    destinationCIDRs = List.copyOf(destinationCIDRs);
    excludedCIDRs = List.copyOf(excludedCIDRs);
    gateways = List.copyOf(gateways);
  }

  /** Models: pkg/egressgateway/policy.go ParseCEGP (v1.16; egressGateways per v1.18). */
  public static PolicyConfig parseCegp(CiliumEgressGatewayPolicy p, CiliumVersion version) {
    CiliumEgressGatewayPolicySpec s = p.spec();
    List<EndpointSelector> sel = new ArrayList<>();
    List<LabelSelector> nodeSel = new ArrayList<>();
    for (int i = 0; i < s.selectors().size(); i++) {
      EgressRule r = s.selectors().get(i);
      sel.add(EndpointSelector.of(i, r.namespaceSelector(), r.podSelector()));
      if (r.nodeSelector() != null && version.sourceNodeSelector()) {
        nodeSel.add(r.nodeSelector());
      }
    }
    List<GatewaySpec> gws = new ArrayList<>();
    if (version.multiGateway()) {
      for (EgressGateway g : s.egressGateways()) {
        gws.add(new GatewaySpec(g.nodeSelector(), g.iface(), g.egressIP()));
      }
    }
    if (gws.isEmpty() && s.egressGateway() != null) {
      EgressGateway g = s.egressGateway();
      gws.add(new GatewaySpec(g.nodeSelector(), g.iface(), g.egressIP()));
    }
    return new PolicyConfig(
        p.metadata().name(), sel, nodeSel, s.destinationCIDRs(), s.excludedCIDRs(), gws, 0);
  }

  /** Models: pkg/egresspolicy (v1.10.0) ParseCENP. */
  public static PolicyConfig parseCenp(CiliumEgressNATPolicy p) {
    List<EndpointSelector> sel = new ArrayList<>();
    for (int i = 0; i < p.egress().size(); i++) {
      EgressRule r = p.egress().get(i);
      sel.add(EndpointSelector.of(i, r.namespaceSelector(), r.podSelector()));
    }
    return new PolicyConfig(
        p.metadata().name(),
        sel,
        List.of(),
        p.destinationCIDRs(),
        List.of(),
        List.of(),
        p.egressSourceIP());
  }

  /** The index of the first selector matching {@code identityLabels}, or -1. */
  public int firstMatchingSelector(Labels identityLabels) {
    for (EndpointSelector s : selectors) {
      if (s.selector().matches(identityLabels)) {
        return s.index();
      }
    }
    return -1;
  }

  /**
   * Bit {@code i} set when {@code selectors[i]} matches (the first 64 items; for counting which
   * items select something).
   */
  public long matchingSelectorsMask(Labels identityLabels) {
    long mask = 0;
    for (EndpointSelector s : selectors) {
      if (s.index() < Long.SIZE && s.selector().matches(identityLabels)) {
        mask |= 1L << s.index();
      }
    }
    return mask;
  }

  /** Whether the policy-wide source node selectors admit a node with {@code nodeLabels}. */
  public boolean admitsNode(Labels nodeLabels) {
    if (nodeSelectors.isEmpty()) {
      return true;
    }
    for (LabelSelector n : nodeSelectors) {
      if (n.matches(nodeLabels)) {
        return true;
      }
    }
    return false;
  }
}
