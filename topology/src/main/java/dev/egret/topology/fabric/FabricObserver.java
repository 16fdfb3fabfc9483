package dev.egret.topology.fabric;

import dev.egret.datapath.packet.Skb;

/** What the fabric tells the run about frames (none of these take ownership). */
public interface FabricObserver {
  /** A frame vanished in the underlay (link down, partition, MTU, no route at the router). */
  default void lost(String where, Skb frame, String why) {}

  /**
   * A frame was put on the underlay (one packet-hop): it left {@code from} (a node's device such as
   * {@code k8s-worker-1/eth0}, an external's name, or {@code router}) toward {@code to} and will
   * arrive {@code delayNanos} later. The frame is only valid during the call.
   */
  default void hop(Skb frame, String from, String to, long delayNanos) {}
}
