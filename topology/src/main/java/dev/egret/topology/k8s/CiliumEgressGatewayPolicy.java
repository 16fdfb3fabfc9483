package dev.egret.topology.k8s;

/** A {@code cilium.io/v2} CiliumEgressGatewayPolicy (cluster-scoped). */
public record CiliumEgressGatewayPolicy(ObjectMeta metadata, CiliumEgressGatewayPolicySpec spec)
    implements K8sResource {
  public static final String API_VERSION = "cilium.io/v2";
  public static final String KIND = "CiliumEgressGatewayPolicy";

  @Override
  public String kind() {
    return KIND;
  }
}
