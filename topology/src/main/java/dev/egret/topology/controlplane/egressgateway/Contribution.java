package dev.egret.topology.controlplane.egressgateway;

import dev.egret.datapath.net.Cidr4;

/**
 * Why a desired map entry exists: one policy, through one of its selectors, selected one endpoint,
 * and one of its destination (or excluded) CIDRs pairs with the endpoint's IP. The value is
 * resolved from the policy's current gateway configs when the map is written, so a gateway change
 * needs no new contributions.
 *
 * @param policy the policy's name
 * @param selectorIndex the first {@code selectors[]} item that matched the endpoint
 * @param cidr the CIDR as written in the policy
 * @param excluded whether it comes from {@code excludedCIDRs} (gateway 0.0.0.1)
 * @param cidrIndex its index in {@code destinationCIDRs} or {@code excludedCIDRs}
 */
public record Contribution(
    String policy,
    int selectorIndex,
    Endpoint endpoint,
    Cidr4 cidr,
    boolean excluded,
    int cidrIndex) {

  /** The field path of the CIDR in the policy, e.g. {@code spec.excludedCIDRs[1]}. */
  public String cidrField() {
    return "spec." + (excluded ? "excludedCIDRs" : "destinationCIDRs") + "[" + cidrIndex + "]";
  }
}
