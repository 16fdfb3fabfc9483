package dev.egret.scenarios.model;

import dev.egret.sim.Durations;
import dev.egret.topology.controlplane.CiliumVersion;

/**
 * {@code spec.cilium}: the Cilium version and the agent settings that matter for egress gateway
 * traffic. Every default is Cilium's own for the version.
 *
 * @param reconcileInterval {@code --egress-gateway-reconciliation-trigger-interval}
 * @param egressPolicyMapMax {@code --egress-gateway-policy-map-max}
 * @param snatPortMin NODEPORT_PORT_MIN_NAT
 * @param snatPortMax NODEPORT_PORT_MAX_NAT
 * @param ctGcInterval {@code --conntrack-gc-interval}; {@link #DYNAMIC_GC} for the dynamic interval
 */
public record CiliumSettings(
    CiliumVersion version,
    Tunnel tunnel,
    long reconcileInterval,
    int egressPolicyMapMax,
    int snatPortMin,
    int snatPortMax,
    long ctTcp,
    long ctTcpSyn,
    long ctTcpClose,
    long ctNonTcp,
    long ctGcInterval,
    MonitorAggregation monitorAggregation) {

  /** {@link #ctGcInterval()} value meaning "dynamic" (Cilium's default). */
  public static final long DYNAMIC_GC = -1;

  /** Cilium's defaults for a version (reference cilium-datapath.md §3.1, §4.2). */
  public static CiliumSettings defaults(CiliumVersion v) {
    return new CiliumSettings(
        v,
        Tunnel.VXLAN,
        Durations.SECOND,
        16384,
        32768,
        65535,
        Durations.seconds(8000),
        Durations.seconds(60),
        Durations.seconds(10),
        Durations.seconds(60),
        DYNAMIC_GC,
        MonitorAggregation.NONE);
  }

  /** The tunnel protocol. */
  public enum Tunnel {
    VXLAN("vxlan", 8472),
    GENEVE("geneve", 6081);

    private final String id;
    private final int port;

    Tunnel(String id, int port) {
      this.id = id;
      this.port = port;
    }

    public String id() {
      return id;
    }

    /** The UDP port ({@code defaults.TunnelPortVXLAN} / {@code TunnelPortGeneve}). */
    public int port() {
      return port;
    }
  }

  /** {@code --monitor-aggregation}. */
  public enum MonitorAggregation {
    NONE("none"),
    MEDIUM("medium");

    private final String id;

    MonitorAggregation(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }
  }
}
