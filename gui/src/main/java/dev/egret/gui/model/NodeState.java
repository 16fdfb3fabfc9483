package dev.egret.gui.model;

import java.util.List;

/**
 * A node as the topology view shows it at one moment.
 *
 * @param ip the node's Kubernetes node IP (its underlay address)
 * @param up whether its datapath runs ({@code nodeDown} stops it)
 * @param pods its running pods, by namespace and name
 * @param egressIps the egress IPs it SNATs to as a gateway; empty when it is no gateway
 * @param policies the policies it is the gateway of (a few, by name)
 */
public record NodeState(
    String name,
    int ip,
    boolean up,
    List<PodState> pods,
    List<Integer> egressIps,
    List<String> policies) {

  public NodeState {
    pods = List.copyOf(pods);
    egressIps = List.copyOf(egressIps);
    policies = List.copyOf(policies);
  }

  /** Whether some policy makes this node a gateway now. */
  public boolean isGateway() {
    return !egressIps.isEmpty() || !policies.isEmpty();
  }
}
