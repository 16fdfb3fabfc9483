package dev.egret.topology.fabric;

import dev.egret.datapath.packet.Skb;

/** A host outside the cluster as the fabric sees it: where frames addressed to it go. */
@FunctionalInterface
public interface ExternalPort {
  /** Takes ownership of {@code frame}. */
  void receive(Skb frame);
}
