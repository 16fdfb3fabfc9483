package dev.egret.topology.k8s;

import dev.egret.datapath.net.Cidr4;
import java.util.List;

/**
 * The spec of a CiliumEgressGatewayPolicy, as validated for the scenario's Cilium version. CIDRs
 * keep host bits as written (Cilium ≥1.15, {@code netip.ParsePrefix}); IPv6 CIDRs (accepted from
 * 1.18) are not kept because egret models the IPv4 map only.
 *
 * @param egressGateways the 1.18 list (empty otherwise)
 */
public record CiliumEgressGatewayPolicySpec(
    List<EgressRule> selectors,
    List<Cidr4> destinationCIDRs,
    List<Cidr4> excludedCIDRs,
    EgressGateway egressGateway,
    List<EgressGateway> egressGateways) {
  public CiliumEgressGatewayPolicySpec {
    selectors = List.copyOf(selectors);
    destinationCIDRs = List.copyOf(destinationCIDRs);
    excludedCIDRs = List.copyOf(excludedCIDRs);
    egressGateways = List.copyOf(egressGateways);
  }
}
