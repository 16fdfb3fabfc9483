package dev.egret.topology.node;

import dev.egret.datapath.monitor.DropReason;
import dev.egret.datapath.packet.Skb;

/**
 * What a simulated node hands frames to, and tells about their fate: the underlay (frames leaving a
 * native device) and the run's observers. Every frame a node receives ends in exactly one of {@link
 * #transmit}, {@link #dropped}, {@link #lost}, a pod delivery or {@link #consumed}.
 */
public interface NodeEnvironment {
  /** A frame leaves {@code node} on native device {@code ifindex}; takes ownership. */
  void transmit(SimNode node, int ifindex, Skb frame);

  /** A datapath program dropped the frame (its drop notification was already emitted). */
  void dropped(SimNode node, Skb frame, DropReason reason);

  /**
   * The frame vanished without a datapath drop (node down, no route, no neighbour, nobody there).
   */
  void lost(SimNode node, Skb frame, String why);

  /** The frame reached the node's own stack (e.g. a ping to the node) and ends there. */
  void consumed(SimNode node, Skb frame);

  /** A frame was seen on an interface, for captures; never takes ownership. */
  default void tap(SimNode node, int ifindex, boolean outgoing, Skb frame) {}

  /** Returns a frame's buffer to its pool. */
  void release(Skb frame);
}
