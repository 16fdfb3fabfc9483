package dev.egret.scenarios.traffic;

import dev.egret.datapath.packet.Skb;
import dev.egret.topology.fabric.SkbPool;

/**
 * Where a {@link HostStack} puts the frames it sends: the host's network interface as the fabric
 * sees it (a pod's lxc/veth peer, an external's uplink).
 *
 * <p>Contract: {@link #transmit(Skb)} takes ownership of the frame; the stack never touches it
 * again. When the fabric is done with it (delivered, dropped) it may hand it to {@link
 * SkbPool#release(Skb)} of the pool the hosts share, or simply forget it. {@code transmit} must not
 * call back into any {@link HostStack} synchronously: delivery happens in a later simulation event
 * (the stacks are not re-entrant).
 */
@FunctionalInterface
public interface FrameSink {
  /** Sends one Ethernet frame; {@code frame.tag()} is already set to its connection or flow id. */
  void transmit(Skb frame);
}
