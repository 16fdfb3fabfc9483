package dev.egret.topology.controlplane.egressgateway;

import dev.egret.datapath.net.Ip4;
import java.util.List;

/**
 * The result of {@code regenerateGatewayConfig} for one gateway of a policy: the chosen node (the
 * first by name among the nodes matching the gateway's nodeSelector), its gateway IP and where it
 * came from, and the egress IP that node's agent derives (used only in that node's own map).
 *
 * @param specIndex the gateway's position in the policy
 * @param node the chosen node, or null (no match: gateway 0.0.0.0)
 * @param gatewayIp the node's IP, or 0.0.0.0 ({@code GatewayNotFoundIPv4})
 * @param gatewayIpSource "InternalIP", "ExternalIP" or "none"
 * @param matchingNodes the first few matching nodes by name (for explanations)
 * @param matchCount how many nodes match
 */
public record GatewayConfig(
    int specIndex,
    String node,
    int gatewayIp,
    String gatewayIpSource,
    List<String> matchingNodes,
    int matchCount,
    EgressIpDerivation derivation) {

  /** The egress IP the agent of {@code viewer} writes for this gateway. */
  public int egressIpOn(String viewer) {
    return node != null && node.equals(viewer) ? derivation.egressIp() : 0;
  }

  /** Whether both configs produce the same map values on every node. */
  public boolean sameValues(GatewayConfig o) {
    return o != null
        && java.util.Objects.equals(node, o.node)
        && gatewayIp == o.gatewayIp
        && derivation.egressIp() == o.derivation.egressIp();
  }

  @Override
  public String toString() {
    return (node == null ? "no gateway" : node)
        + " "
        + Ip4.format(gatewayIp)
        + " egress "
        + Ip4.format(derivation.egressIp());
  }
}
