package dev.egret.topology.cluster;

import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.net.Ip4;
import dev.egret.topology.ipam.Ipam;
import dev.egret.topology.model.NodeNetwork;

/**
 * Cluster-wide settings.
 *
 * @param seed the scenario seed (names, UIDs)
 * @param underlay the underlay network (nodes' default interfaces take its prefix length)
 * @param router the underlay router, every node's default gateway
 * @param mtu the MTU of nodes' underlay interfaces
 * @param clusterPool the pod CIDR pool
 * @param podCidrMask the per-node pod CIDR size
 */
public record ClusterConfig(
    long seed, Cidr4 underlay, int router, int mtu, Cidr4 clusterPool, int podCidrMask) {
  /** The SPEC defaults: 172.18.0.0/16, router 172.18.0.1, MTU 1500, pods from 10.0.0.0/16. */
  public static ClusterConfig defaults(long seed) {
    Cidr4 u = Cidr4.parse("172.18.0.0/16");
    return new ClusterConfig(
        seed,
        u,
        u.network() + 1,
        NodeNetwork.DEFAULT_MTU,
        Cidr4.parse(Ipam.DEFAULT_CLUSTER_POOL),
        Ipam.DEFAULT_NODE_MASK);
  }

  @Override
  public String toString() {
    return "underlay " + underlay + " via " + Ip4.format(router) + " mtu " + mtu;
  }
}
