package dev.egret.topology.k8s;

import dev.egret.datapath.net.Cidr4;
import dev.egret.topology.model.NodeAddress;
import java.util.List;

/**
 * A {@code v1} Node: labels, {@code spec.podCIDR} (null when unset) and the IPv4 {@code
 * status.addresses}.
 */
public record NodeResource(ObjectMeta metadata, Cidr4 podCIDR, List<NodeAddress> addresses)
    implements K8sResource {
  public NodeResource {
    addresses = List.copyOf(addresses);
  }

  @Override
  public String kind() {
    return "Node";
  }
}
