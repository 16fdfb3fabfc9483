package dev.egret.scenarios.model;

import dev.egret.topology.model.Labels;
import dev.egret.topology.yaml.Location;

/**
 * {@code spec.pods[]}, the short form of a v1 Pod.
 *
 * @param ip an explicit pod IP, or 0 for the next free address of the node's pod CIDR
 * @param uid an explicit UID, or null to derive one from the seed
 */
public record PodDecl(
    String name, String namespace, Labels labels, String node, int ip, String uid, Location at) {

  public String key() {
    return namespace + "/" + name;
  }
}
