package dev.egret.topology.cluster;

/** Receives every {@link ClusterEvent}, synchronously, after the cluster state changed. */
@FunctionalInterface
public interface ClusterListener {
  void onEvent(ClusterEvent event);
}
