package dev.egret.topology.k8s;

import dev.egret.datapath.net.Cidr4;
import java.util.List;

/**
 * A {@code cilium.io/v2alpha1} CiliumEgressNATPolicy (Cilium 1.10–1.12, cluster-scoped).
 *
 * @param egress the source selectors, ORed
 * @param egressSourceIP both the SNAT address and the tunnel endpoint (host-order IPv4)
 */
public record CiliumEgressNATPolicy(
    ObjectMeta metadata, List<EgressRule> egress, List<Cidr4> destinationCIDRs, int egressSourceIP)
    implements K8sResource {
  public static final String API_VERSION = "cilium.io/v2alpha1";
  public static final String KIND = "CiliumEgressNATPolicy";

  public CiliumEgressNATPolicy {
    egress = List.copyOf(egress);
    destinationCIDRs = List.copyOf(destinationCIDRs);
  }

  @Override
  public String kind() {
    return KIND;
  }
}
