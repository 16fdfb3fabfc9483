package dev.egret.datapath.nat;

/**
 * {@code struct ipv4_nat_target} (bpf/lib/nat.h, v1.16): where and how to SNAT. Mutable scratch.
 */
public final class NatTarget {
  /** The SNAT address (egress IP or IPV4_MASQUERADE). */
  public int addr;

  /** Port range, host order. */
  public int minPort;

  public int maxPort;

  /** The packet comes from a local endpoint (pod). */
  public boolean fromLocalEndpoint;

  /** NAT is needed because of an egress gateway policy. */
  public boolean egressGateway;

  /** The SNAT entry needs its own CT entry (the source is not a local endpoint). */
  public boolean needsCt;

  /** Egress interface from the policy (0 = unknown; 1.16 never sets it). */
  public int ifindex;

  public NatTarget reset(int minPort, int maxPort) {
    this.addr = 0;
    this.minPort = minPort;
    this.maxPort = maxPort;
    this.fromLocalEndpoint = false;
    this.egressGateway = false;
    this.needsCt = false;
    this.ifindex = 0;
    return this;
  }
}
