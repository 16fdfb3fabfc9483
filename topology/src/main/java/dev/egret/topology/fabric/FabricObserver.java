package dev.egret.topology.fabric;

import dev.egret.datapath.packet.Skb;

/** What the fabric tells the run about frames (none of these take ownership). */
public interface FabricObserver {
  /** A frame vanished in the underlay (link down, partition, MTU, no route at the router). */
  default void lost(String where, Skb frame, String why) {}

  /** A frame was put on a link (one packet-hop). */
  default void hop(Skb frame) {}
}
