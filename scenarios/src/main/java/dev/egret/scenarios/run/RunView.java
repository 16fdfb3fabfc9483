package dev.egret.scenarios.run;

import dev.egret.datapath.Datapath;
import dev.egret.topology.cluster.Cluster;
import dev.egret.topology.controlplane.egressgateway.EgressControlPlane;
import dev.egret.topology.underlay.Underlay;

/**
 * A read-only view of a run's world while it runs (listeners) or after it ended (outcomes): the
 * cluster, the control plane's maps and provenance, and each node's datapath. Callers must not
 * change what they read.
 */
public interface RunView {
  /** The cluster model. */
  Cluster cluster();

  /** The egress gateway control plane (maps, warnings, explanations). */
  EgressControlPlane controlPlane();

  /** The underlay graph. */
  Underlay underlay();

  /** The datapath of {@code node} (CT, NAT, stats), or null when there is no such node. */
  Datapath datapath(String node);

  /** Whether {@code node}'s datapath is up. */
  boolean isUp(String node);

  /** The current simulated time. */
  long now();
}
