package dev.egret.topology.node;

/**
 * The neighbour (ARP) table a node resolves next hops with. The simulated underlay answers every
 * address it knows at once, as a network whose ARP caches are warm would.
 */
@FunctionalInterface
public interface NeighborTable {
  /** The MAC for {@code ip}, or 0 when unknown. */
  long macOf(int ip);
}
