package dev.egret.topology.controlplane.egressgateway;

import dev.egret.datapath.net.Ip4;
import dev.egret.topology.model.Labels;

/**
 * A CiliumEndpoint as the manager caches it ({@code endpointMetadata}): keyed by UID (≥1.15), with
 * its IPv4, security identity and identity labels, and the node hosting it.
 *
 * @param name the CEP's namespace/name (for messages only)
 */
public record Endpoint(
    String uid, String name, int ip, int identity, Labels identityLabels, String nodeName) {
  @Override
  public String toString() {
    return name + "(" + Ip4.format(ip) + ")";
  }
}
