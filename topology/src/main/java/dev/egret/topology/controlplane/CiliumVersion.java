package dev.egret.topology.controlplane;

/**
 * The Cilium versions egret models, and every behaviour of the egress gateway control plane that
 * differs between them (reference §0.1), as data: code asks the version, never compares numbers.
 */
public enum CiliumVersion {
  /** 1.10.0–1.10.5: CiliumEgressNATPolicy, {@code cilium_egress_v4}, writes on every event. */
  V1_10("1.10", true, false, false, false, true, false),
  /** 1.16 (the default): CiliumEgressGatewayPolicy, batched reconcile, regenerate every time. */
  V1_16("1.16", false, false, false, false, true, false),
  /** 1.17: adds {@code selectors[].nodeSelector}; no regeneration on endpoint-only events. */
  V1_17("1.17", false, true, false, false, false, false),
  /** 1.18: adds {@code egressGateways} and IPv6 CIDRs; failed egress-IP derivation is 0.0.0.0. */
  V1_18("1.18", false, true, true, true, false, true);

  /** The version used when a scenario names none. */
  public static final CiliumVersion DEFAULT = V1_16;

  private final String label;
  private final boolean natPolicyEra;
  private final boolean sourceNodeSelector;
  private final boolean multiGateway;
  private final boolean ipv6Cidrs;
  private final boolean regenerateOnEndpointEvents;
  private final boolean egressIpFailureIsZero;

  CiliumVersion(
      String label,
      boolean natPolicyEra,
      boolean sourceNodeSelector,
      boolean multiGateway,
      boolean ipv6Cidrs,
      boolean regenerateOnEndpointEvents,
      boolean egressIpFailureIsZero) {
    this.label = label;
    this.natPolicyEra = natPolicyEra;
    this.sourceNodeSelector = sourceNodeSelector;
    this.multiGateway = multiGateway;
    this.ipv6Cidrs = ipv6Cidrs;
    this.regenerateOnEndpointEvents = regenerateOnEndpointEvents;
    this.egressIpFailureIsZero = egressIpFailureIsZero;
  }

  /** The version written as in a scenario ("1.10", "1.16", "1.17", "1.18"), or null if unknown. */
  public static CiliumVersion parse(String s) {
    for (CiliumVersion v : values()) {
      if (v.label.equals(s)) {
        return v;
      }
    }
    return null;
  }

  /** "1.16". */
  public String label() {
    return label;
  }

  /**
   * 1.10: policies are {@code cilium.io/v2alpha1} CiliumEgressNATPolicy, the map is {@code
   * cilium_egress_v4}, entries are written on each event (no reconcile loop).
   */
  public boolean natPolicyEra() {
    return natPolicyEra;
  }

  /** ≥1.17: {@code selectors[].nodeSelector} restricts source endpoints by their node's labels. */
  public boolean sourceNodeSelector() {
    return sourceNodeSelector;
  }

  /** ≥1.18: {@code egressGateways}, endpoints spread by FNV-1a-32 of their UID. */
  public boolean multiGateway() {
    return multiGateway;
  }

  /** ≥1.18: IPv6 destination and excluded CIDRs are accepted (egret writes no IPv6 map). */
  public boolean ipv6Cidrs() {
    return ipv6Cidrs;
  }

  /**
   * ≤1.16: every reconciliation regenerates gateway configs (and re-derives egress IPs); from 1.17
   * on only sync, policy and node events do (commit c123fb4f).
   */
  public boolean regenerateOnEndpointEvents() {
    return regenerateOnEndpointEvents;
  }

  /**
   * 1.18 (commit 7823a5f8): a failed egress-IP derivation always yields 0.0.0.0; ≤1.17 the {@code
   * egressIP} path keeps the configured IP even when no interface holds it.
   */
  public boolean egressIpFailureIsZero() {
    return egressIpFailureIsZero;
  }

  /** 1.18: a gateway entry matching no node stays in the list as a 0.0.0.0 slot. */
  public boolean keepsUnmatchedGateways() {
    return multiGateway;
  }

  @Override
  public String toString() {
    return label;
  }
}
