package dev.egret.topology.controlplane.egressgateway;

/** The kinds of surprising-but-accepted inputs the manager reports (SPEC §6). */
public enum WarningKind {
  /** Two policies (or a destination and an excluded CIDR) produce the same map key. */
  CONFLICTING_KEY,
  /** An excludedCIDRs item lies outside every destinationCIDR of its policy. */
  EXCLUDED_CIDR_OUTSIDE_DESTINATIONS,
  /** An update failed with ENOSPC: the map holds egressPolicyMapMax entries. */
  MAP_FULL,
  /** A selectors[] item matches no running pod. */
  SELECTOR_MATCHES_NO_POD,
  /** A gateway nodeSelector matches no node: matching traffic is dropped. */
  GATEWAY_MATCHES_NO_NODE,
  /** The gateway node could not derive an egress IP: the gateway drops the traffic. */
  EGRESS_IP_NOT_FOUND,
  /** 1.10: a CiliumEgressNATPolicy was rejected (duplicate egressSourceIP or name). */
  POLICY_REJECTED
}
