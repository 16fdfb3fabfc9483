package dev.egret.datapath.config;

import dev.egret.datapath.egress.EgressPolicyMap4;
import dev.egret.datapath.monitor.MonitorAggregation;
import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.packet.Tcp;

/**
 * One node's datapath configuration: the values the agent writes into {@code node_config.h} and the
 * map sizes, with Cilium's defaults (reference §3–§6). Immutable; build with {@link #builder()}.
 *
 * <p>Map sizes: the agent sizes CT and NAT maps from node memory by default ({@code
 * --bpf-map-dynamic-size-ratio} 0.0025, e.g. 265121/132560/265121 for 4 GB); simulated nodes have
 * no memory, so the defaults here are the static ones that apply when the sizes are set explicitly:
 * CT TCP 524288, CT any 262144, NAT 524288. Storage grows lazily, so these are upper bounds (they
 * only matter for LRU eviction under heavy load), not allocations.
 */
public final class DatapathConfig {
  /** {@code NODEPORT_PORT_MIN_NAT} = node-port-range max (32767) + 1. */
  public static final int NODEPORT_PORT_MIN_NAT = 32768;

  /** {@code NODEPORT_PORT_MAX_NAT} (Go {@code NodePortMaxNAT}). */
  public static final int NODEPORT_PORT_MAX_NAT = 65535;

  /** {@code CT_MAP_SIZE_TCP} static default. */
  public static final int CT_MAP_SIZE_TCP = 524288;

  /** {@code CT_MAP_SIZE_ANY} static default. */
  public static final int CT_MAP_SIZE_ANY = 262144;

  /** {@code SNAT_MAPPING_IPV4_SIZE} static default ({@code NATMapEntriesGlobalDefault}). */
  public static final int SNAT_MAPPING_IPV4_SIZE = 524288;

  /** {@code CT_CONNECTION_LIFETIME_TCP} agent default, seconds. */
  public static final int CT_CONNECTION_LIFETIME_TCP = 8000;

  /** {@code CT_CONNECTION_LIFETIME_NONTCP}, seconds. */
  public static final int CT_CONNECTION_LIFETIME_NONTCP = 60;

  /** {@code CT_SERVICE_LIFETIME_TCP}, seconds. */
  public static final int CT_SERVICE_LIFETIME_TCP = 8000;

  /** {@code CT_SERVICE_LIFETIME_NONTCP}, seconds. */
  public static final int CT_SERVICE_LIFETIME_NONTCP = 60;

  /** {@code CT_SYN_TIMEOUT}, seconds. */
  public static final int CT_SYN_TIMEOUT = 60;

  /** {@code CT_CLOSE_TIMEOUT}, seconds. */
  public static final int CT_CLOSE_TIMEOUT = 10;

  /** {@code CT_REPORT_INTERVAL} ({@code --monitor-aggregation-interval}), seconds. */
  public static final int CT_REPORT_INTERVAL = 5;

  /** {@code CT_REPORT_FLAGS} default ({@code --monitor-aggregation-flags} syn,fin,rst). */
  public static final int CT_REPORT_FLAGS = Tcp.SYN | Tcp.FIN | Tcp.RST;

  /** The kernel's default {@code ip_local_port_range}, which bounds the outer UDP source port. */
  public static final int EPHEMERAL_PORT_MIN = 32768;

  public static final int EPHEMERAL_PORT_MAX = 60999;

  private final CiliumVersion version;
  private final int snatMinPort;
  private final int snatMaxPort;
  private final int ctLifetimeTcp;
  private final int ctLifetimeNonTcp;
  private final int ctSynTimeout;
  private final int ctCloseTimeout;
  private final int ctReportInterval;
  private final int ctReportFlags;
  private final int ctMapSizeTcp;
  private final int ctMapSizeAny;
  private final int natMapSize;
  private final int egressPolicyMapSize;
  private final MonitorAggregation monitorAggregation;
  private final TunnelProtocol tunnelProtocol;
  private final boolean tunnelRouting;
  private final boolean dualStack;
  private final boolean hostRouting;
  private final boolean sourceIpVerification;
  private final boolean neighResolver;
  private final Cidr4 snatExclusionCidr;
  private final long ctGcIntervalNanos;
  private final long ctGcMaxIntervalNanos;
  private final int tunnelSourcePortMin;
  private final int tunnelSourcePortMax;
  private final long tunnelHashSeed;

  private DatapathConfig(Builder b) {
    this.version = b.version;
    this.snatMinPort = b.snatMinPort;
    this.snatMaxPort = b.snatMaxPort;
    this.ctLifetimeTcp = b.ctLifetimeTcp;
    this.ctLifetimeNonTcp = b.ctLifetimeNonTcp;
    this.ctSynTimeout = b.ctSynTimeout;
    this.ctCloseTimeout = b.ctCloseTimeout;
    this.ctReportInterval = b.ctReportInterval;
    this.ctReportFlags = b.ctReportFlags;
    this.ctMapSizeTcp = b.ctMapSizeTcp;
    this.ctMapSizeAny = b.ctMapSizeAny;
    this.natMapSize = b.natMapSize;
    this.egressPolicyMapSize = b.egressPolicyMapSize;
    this.monitorAggregation = b.monitorAggregation;
    this.tunnelProtocol = b.tunnelProtocol;
    this.tunnelRouting = b.tunnelRouting;
    this.dualStack = b.dualStack;
    this.hostRouting = b.hostRouting;
    this.sourceIpVerification = b.sourceIpVerification;
    this.neighResolver = b.neighResolver;
    this.snatExclusionCidr = b.snatExclusionCidr;
    this.ctGcIntervalNanos = b.ctGcIntervalNanos;
    this.ctGcMaxIntervalNanos = b.ctGcMaxIntervalNanos;
    this.tunnelSourcePortMin = b.tunnelSourcePortMin;
    this.tunnelSourcePortMax = b.tunnelSourcePortMax;
    this.tunnelHashSeed = b.tunnelHashSeed;
  }

  /** Cilium's defaults for version 1.16. */
  public static DatapathConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.version = version;
    b.snatMinPort = snatMinPort;
    b.snatMaxPort = snatMaxPort;
    b.ctLifetimeTcp = ctLifetimeTcp;
    b.ctLifetimeNonTcp = ctLifetimeNonTcp;
    b.ctSynTimeout = ctSynTimeout;
    b.ctCloseTimeout = ctCloseTimeout;
    b.ctReportInterval = ctReportInterval;
    b.ctReportFlags = ctReportFlags;
    b.ctMapSizeTcp = ctMapSizeTcp;
    b.ctMapSizeAny = ctMapSizeAny;
    b.natMapSize = natMapSize;
    b.egressPolicyMapSize = egressPolicyMapSize;
    b.monitorAggregation = monitorAggregation;
    b.tunnelProtocol = tunnelProtocol;
    b.tunnelRouting = tunnelRouting;
    b.dualStack = dualStack;
    b.hostRouting = hostRouting;
    b.sourceIpVerification = sourceIpVerification;
    b.neighResolver = neighResolver;
    b.snatExclusionCidr = snatExclusionCidr;
    b.ctGcIntervalNanos = ctGcIntervalNanos;
    b.ctGcMaxIntervalNanos = ctGcMaxIntervalNanos;
    b.tunnelSourcePortMin = tunnelSourcePortMin;
    b.tunnelSourcePortMax = tunnelSourcePortMax;
    b.tunnelHashSeed = tunnelHashSeed;
    return b;
  }

  public CiliumVersion version() {
    return version;
  }

  /** {@code NODEPORT_PORT_MIN_NAT}. */
  public int snatMinPort() {
    return snatMinPort;
  }

  /** {@code NODEPORT_PORT_MAX_NAT}. */
  public int snatMaxPort() {
    return snatMaxPort;
  }

  /** {@code CT_CONNECTION_LIFETIME_TCP}, seconds. */
  public int ctLifetimeTcp() {
    return ctLifetimeTcp;
  }

  /** {@code CT_CONNECTION_LIFETIME_NONTCP}, seconds. */
  public int ctLifetimeNonTcp() {
    return ctLifetimeNonTcp;
  }

  /** {@code CT_SYN_TIMEOUT}, seconds. */
  public int ctSynTimeout() {
    return ctSynTimeout;
  }

  /** {@code CT_CLOSE_TIMEOUT}, seconds. */
  public int ctCloseTimeout() {
    return ctCloseTimeout;
  }

  /** {@code CT_REPORT_INTERVAL}, seconds. */
  public int ctReportInterval() {
    return ctReportInterval;
  }

  /** {@code CT_REPORT_FLAGS}: the TCP flags whose first sighting asks for a trace report. */
  public int ctReportFlags() {
    return ctReportFlags;
  }

  public int ctMapSizeTcp() {
    return ctMapSizeTcp;
  }

  public int ctMapSizeAny() {
    return ctMapSizeAny;
  }

  public int natMapSize() {
    return natMapSize;
  }

  /** {@code EGRESS_POLICY_MAP_SIZE} ({@code --egress-gateway-policy-map-max}). */
  public int egressPolicyMapSize() {
    return egressPolicyMapSize;
  }

  public MonitorAggregation monitorAggregation() {
    return monitorAggregation;
  }

  public TunnelProtocol tunnelProtocol() {
    return tunnelProtocol;
  }

  /** {@code TUNNEL_PORT}. */
  public int tunnelPort() {
    return tunnelProtocol.port();
  }

  /**
   * Routing mode tunnel ({@code TUNNEL_MODE}, the default). The egress gateway tunnels to the
   * gateway in both modes; this only decides how other pod traffic is forwarded.
   */
  public boolean tunnelRouting() {
    return tunnelRouting;
  }

  /** IPv4 and IPv6 both enabled: world is then WORLD_IPV4_ID (9) for IPv4. */
  public boolean dualStack() {
    return dualStack;
  }

  /** BPF host routing ({@code ENABLE_HOST_ROUTING}): local delivery in BPF, not via the stack. */
  public boolean hostRouting() {
    return hostRouting;
  }

  /** {@code ENABLE_SIP_VERIFICATION}: bpf_lxc drops pod packets with a foreign source IP. */
  public boolean sourceIpVerification() {
    return sourceIpVerification;
  }

  /** Whether the kernel has {@code bpf_redirect_neigh} without a next hop (≥ 5.10). */
  public boolean neighResolver() {
    return neighResolver;
  }

  /** {@code IPV4_SNAT_EXCLUSION_DST_CIDR} (ipv4-native-routing-cidr), or null. */
  public Cidr4 snatExclusionCidr() {
    return snatExclusionCidr;
  }

  /** {@code --conntrack-gc-interval}; 0 = dynamic. */
  public long ctGcIntervalNanos() {
    return ctGcIntervalNanos;
  }

  /** {@code --conntrack-gc-max-interval}; 0 = none. */
  public long ctGcMaxIntervalNanos() {
    return ctGcMaxIntervalNanos;
  }

  /** The kernel tunnel device's outer UDP source-port range ({@code udp_flow_src_port}). */
  public int tunnelSourcePortMin() {
    return tunnelSourcePortMin;
  }

  public int tunnelSourcePortMax() {
    return tunnelSourcePortMax;
  }

  /** The seed of the flow hash that picks outer UDP source ports (the kernel's hashrnd). */
  public long tunnelHashSeed() {
    return tunnelHashSeed;
  }

  /** The world identity for IPv4: WORLD_ID (2), or WORLD_IPV4_ID (9) in dual stack. */
  public int worldIdentity() {
    return dualStack ? 9 : 2;
  }

  /** Builder with Cilium's defaults. */
  public static final class Builder {
    private CiliumVersion version = CiliumVersion.DEFAULT;
    private int snatMinPort = NODEPORT_PORT_MIN_NAT;
    private int snatMaxPort = NODEPORT_PORT_MAX_NAT;
    private int ctLifetimeTcp = CT_CONNECTION_LIFETIME_TCP;
    private int ctLifetimeNonTcp = CT_CONNECTION_LIFETIME_NONTCP;
    private int ctSynTimeout = CT_SYN_TIMEOUT;
    private int ctCloseTimeout = CT_CLOSE_TIMEOUT;
    private int ctReportInterval = CT_REPORT_INTERVAL;
    private int ctReportFlags = CT_REPORT_FLAGS;
    private int ctMapSizeTcp = CT_MAP_SIZE_TCP;
    private int ctMapSizeAny = CT_MAP_SIZE_ANY;
    private int natMapSize = SNAT_MAPPING_IPV4_SIZE;
    private int egressPolicyMapSize = EgressPolicyMap4.EGRESS_POLICY_MAP_SIZE;
    private MonitorAggregation monitorAggregation = MonitorAggregation.NONE;
    private TunnelProtocol tunnelProtocol = TunnelProtocol.VXLAN;
    private boolean tunnelRouting = true;
    private boolean dualStack;
    private boolean hostRouting = true;
    private boolean sourceIpVerification = true;
    private boolean neighResolver = true;
    private Cidr4 snatExclusionCidr;
    private long ctGcIntervalNanos;
    private long ctGcMaxIntervalNanos;
    private int tunnelSourcePortMin = EPHEMERAL_PORT_MIN;
    private int tunnelSourcePortMax = EPHEMERAL_PORT_MAX;
    private long tunnelHashSeed = 0x5eed_c111_0000_0001L;

    private Builder() {}

    public Builder version(CiliumVersion v) {
      this.version = java.util.Objects.requireNonNull(v, "version");
      return this;
    }

    /** The SNAT port range [min, max] ({@code --node-port-range} max + 1 .. 65535). */
    public Builder snatPortRange(int min, int max) {
      if (min < 1 || max > 65535 || min > max) {
        throw new IllegalArgumentException(
            "SNAT port range " + min + "-" + max + " must satisfy 1 <= min <= max <= 65535");
      }
      this.snatMinPort = min;
      this.snatMaxPort = max;
      return this;
    }

    /** CT lifetimes in seconds: established TCP, non-TCP, SYN-only TCP, closing TCP. */
    public Builder ctLifetimes(int tcp, int nonTcp, int tcpSyn, int tcpClose) {
      positive("tcp lifetime", tcp);
      positive("non-TCP lifetime", nonTcp);
      positive("SYN lifetime", tcpSyn);
      positive("close lifetime", tcpClose);
      this.ctLifetimeTcp = tcp;
      this.ctLifetimeNonTcp = nonTcp;
      this.ctSynTimeout = tcpSyn;
      this.ctCloseTimeout = tcpClose;
      return this;
    }

    public Builder ctReportInterval(int seconds) {
      positive("CT report interval", seconds);
      this.ctReportInterval = seconds;
      return this;
    }

    public Builder ctReportFlags(int tcpFlags) {
      this.ctReportFlags = tcpFlags & 0xff;
      return this;
    }

    /** {@code max_entries} of cilium_ct4_global, cilium_ct_any4_global, cilium_snat_v4_external. */
    public Builder mapSizes(int ctTcp, int ctAny, int nat) {
      positive("CT TCP map size", ctTcp);
      positive("CT any map size", ctAny);
      positive("NAT map size", nat);
      this.ctMapSizeTcp = ctTcp;
      this.ctMapSizeAny = ctAny;
      this.natMapSize = nat;
      return this;
    }

    public Builder egressPolicyMapSize(int n) {
      positive("egress policy map size", n);
      this.egressPolicyMapSize = n;
      return this;
    }

    public Builder monitorAggregation(MonitorAggregation m) {
      this.monitorAggregation = java.util.Objects.requireNonNull(m, "monitorAggregation");
      return this;
    }

    public Builder tunnelProtocol(TunnelProtocol t) {
      this.tunnelProtocol = java.util.Objects.requireNonNull(t, "tunnelProtocol");
      return this;
    }

    public Builder tunnelRouting(boolean tunnel) {
      this.tunnelRouting = tunnel;
      return this;
    }

    public Builder dualStack(boolean dualStack) {
      this.dualStack = dualStack;
      return this;
    }

    public Builder hostRouting(boolean hostRouting) {
      this.hostRouting = hostRouting;
      return this;
    }

    public Builder sourceIpVerification(boolean on) {
      this.sourceIpVerification = on;
      return this;
    }

    public Builder neighResolver(boolean available) {
      this.neighResolver = available;
      return this;
    }

    public Builder snatExclusionCidr(Cidr4 cidr) {
      this.snatExclusionCidr = cidr;
      return this;
    }

    /** A fixed CT GC interval in nanoseconds, or 0 for the dynamic interval. */
    public Builder ctGcInterval(long nanos) {
      if (nanos < 0) {
        throw new IllegalArgumentException("CT GC interval must be >= 0: " + nanos);
      }
      this.ctGcIntervalNanos = nanos;
      return this;
    }

    public Builder ctGcMaxInterval(long nanos) {
      if (nanos < 0) {
        throw new IllegalArgumentException("CT GC max interval must be >= 0: " + nanos);
      }
      this.ctGcMaxIntervalNanos = nanos;
      return this;
    }

    public Builder tunnelSourcePortRange(int min, int max) {
      if (min < 1 || max > 65535 || min > max) {
        throw new IllegalArgumentException("source port range " + min + "-" + max + " invalid");
      }
      this.tunnelSourcePortMin = min;
      this.tunnelSourcePortMax = max;
      return this;
    }

    public Builder tunnelHashSeed(long seed) {
      this.tunnelHashSeed = seed;
      return this;
    }

    public DatapathConfig build() {
      return new DatapathConfig(this);
    }

    private static void positive(String what, int v) {
      if (v <= 0) {
        throw new IllegalArgumentException(what + " must be positive: " + v);
      }
    }
  }
}
