package dev.egret.topology.controlplane.egressgateway;

/**
 * How the gateway node derived its egress IP for one gateway of a policy (reference §2.2).
 *
 * @param path which input decided it
 * @param egressIp the result (0.0.0.0 on failure, except the ≤1.17 egressIP path)
 * @param iface the interface used, or null
 * @param ifindex its index (0 on the egressIP path, as Cilium)
 * @param failure why derivation failed, or null
 */
public record EgressIpDerivation(
    Path path, int egressIp, String iface, int ifindex, String failure) {
  /** Which field of the gateway decided the egress IP. */
  public enum Path {
    /** {@code interface}: its first IPv4. */
    INTERFACE,
    /** {@code egressIP}: that IP, on the interface that holds it. */
    EGRESS_IP,
    /** Neither: the interface of the IPv4 default route with the lowest metric. */
    DEFAULT_ROUTE,
    /** No node matched the gateway's nodeSelector: nothing to derive. */
    NO_GATEWAY
  }

  public boolean failed() {
    return failure != null;
  }
}
