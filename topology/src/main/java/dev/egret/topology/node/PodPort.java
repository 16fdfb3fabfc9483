package dev.egret.topology.node;

import dev.egret.datapath.packet.Skb;

/** The pod side of an lxc veth pair: where the node delivers frames addressed to the pod. */
@FunctionalInterface
public interface PodPort {
  /** Takes ownership of {@code frame}. */
  void deliver(Skb frame);
}
