package dev.egret.datapath.config;

import dev.egret.datapath.nat.PortClamp;
import java.util.List;

/**
 * The datapath behaviour that differs between Cilium versions, as data (DESIGN principle 7). The
 * programs read these switches instead of comparing version strings.
 *
 * @param name the version as the scenario names it ("1.10", "1.16", ...)
 * @param portClamp the SNAT port clamp ({@code __snat_clamp_port_range})
 * @param hooks where the egress gateway steering runs
 * @param legacyEgressMap whether the policy map is 1.10's {@code cilium_egress_v4}: value (egress
 *     IP, tunnel endpoint), no special gateway values, no cluster-destination skip; the gateway
 *     SNATs matching traffic to the entry's egress IP in to-netdev, and from-overlay has no EGW
 *     step
 * @param dropNoEgressIp 1.17+ (upstream 47e25e233c): a matching entry whose egress IP is 0.0.0.0
 *     drops with DROP_NO_EGRESS_IP (204) at the gateway; 1.16 SNATs to 0.0.0.0
 * @param recreateStaleSnat 1.17+: an existing SNAT entry whose source IP or needs_ct differs from
 *     the current target is replaced, and a missing RevSNAT/SNAT partner (LRU eviction) is restored
 *     ({@code tc_egressgw_tuple_collision*}); 1.16 reuses the entry as is
 * @param icmpEchoIdUnclamped 1.18 (cilium/cilium#39614, inferred from its merge date): the ICMP
 *     echo id is "NATed" over 0..65535 instead of the SNAT port range
 */
public record CiliumVersion(
    String name,
    PortClamp portClamp,
    EgwHooks hooks,
    boolean legacyEgressMap,
    boolean dropNoEgressIp,
    boolean recreateStaleSnat,
    boolean icmpEchoIdUnclamped) {

  /** Where the source-node side of the egress gateway runs. */
  public enum EgwHooks {
    /** 1.10: bpf_lxc only, always tunnelling a match to the entry's tunnel endpoint. */
    LXC_LEGACY,
    /** 1.16: bpf_lxc {@code handle_ipv4_from_lxc}, plus the second hook in bpf_host to-netdev. */
    LXC_AND_TO_NETDEV,
    /** 1.17+: bpf_host to-netdev only ({@code egress_gw_handle_request}). */
    TO_NETDEV
  }

  /** Cilium 1.10.0–1.10.5 (CiliumEgressNATPolicy, {@code cilium_egress_v4}). */
  public static final CiliumVersion V1_10 =
      new CiliumVersion(
          "1.10", PortClamp.OPEN_MODULO, EgwHooks.LXC_LEGACY, true, false, false, false);

  /** Cilium 1.16, the default. */
  public static final CiliumVersion V1_16 =
      new CiliumVersion(
          "1.16", PortClamp.OPEN_MODULO, EgwHooks.LXC_AND_TO_NETDEV, false, false, false, false);

  /** Cilium 1.17. */
  public static final CiliumVersion V1_17 =
      new CiliumVersion(
          "1.17", PortClamp.CLOSED_MULTIPLY_SHIFT, EgwHooks.TO_NETDEV, false, true, true, false);

  /** Cilium 1.18 (multi-gateway policies change the control plane, not this datapath). */
  public static final CiliumVersion V1_18 =
      new CiliumVersion(
          "1.18", PortClamp.CLOSED_MULTIPLY_SHIFT, EgwHooks.TO_NETDEV, false, true, true, true);

  /** The default version. */
  public static final CiliumVersion DEFAULT = V1_16;

  /** The versions this model knows. */
  public static List<CiliumVersion> known() {
    return List.of(V1_10, V1_16, V1_17, V1_18);
  }

  /**
   * Parses "1.16", "v1.16" or a patch version such as "1.16.3".
   *
   * @throws IllegalArgumentException naming the supported versions
   */
  public static CiliumVersion parse(String s) {
    if (s != null) {
      String v = s.startsWith("v") ? s.substring(1) : s;
      for (CiliumVersion k : known()) {
        if (v.equals(k.name) || v.startsWith(k.name + ".")) {
          return k;
        }
      }
    }
    throw new IllegalArgumentException(
        "\"" + s + "\" is not a supported Cilium version (expected 1.10, 1.16, 1.17 or 1.18)");
  }

  /** Whether bpf_lxc runs the egress gateway step. */
  public boolean egwInLxc() {
    return hooks != EgwHooks.TO_NETDEV;
  }

  /** Whether bpf_host to-netdev runs a source-node egress gateway hook. */
  public boolean egwInToNetdev() {
    return hooks != EgwHooks.LXC_LEGACY;
  }

  @Override
  public String toString() {
    return name;
  }
}
