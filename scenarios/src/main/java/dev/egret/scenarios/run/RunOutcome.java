package dev.egret.scenarios.run;

import dev.egret.datapath.egress.EgressPolicyMap4;
import dev.egret.scenarios.result.RunResult;
import dev.egret.sim.Rng;
import dev.egret.topology.egresslist.EgressList;
import dev.egret.topology.egresslist.EgressListRenderer;
import java.util.ArrayList;
import java.util.List;

/**
 * The result of a run plus what the CLI shows besides it: each node's egress list at the end, the
 * wall time, and the control plane's notes.
 */
public final class RunOutcome implements RunView {
  private final RunResult result;
  private final World world;
  private final long wallNanos;

  RunOutcome(RunResult result, World world, long wallNanos) {
    this.result = result;
    this.world = world;
    this.wallNanos = wallNanos;
  }

  public RunResult result() {
    return result;
  }

  /** Wall-clock time of the run (not part of the result, which holds simulated facts only). */
  public long wallNanos() {
    return wallNanos;
  }

  /** Names of the nodes at the end of the run, in order. */
  public List<String> nodes() {
    return new ArrayList<>(world.nodes.keySet());
  }

  /** Node {@code node}'s egress map at the end, as {@code cilium-dbg bpf egress list} prints it. */
  public EgressList egressList(String node) {
    EgressPolicyMap4 map = world.controlPlane.mapFor(node);
    return EgressListRenderer.table(
        map, world.scenario.cilium().version(), Rng.root(world.seed).stream("egress-list/" + node));
  }

  /** The same as JSON ({@code -o json}). */
  public EgressList egressListJson(String node) {
    return EgressListRenderer.json(
        world.controlPlane.mapFor(node), world.scenario.cilium().version());
  }

  @Override
  public dev.egret.datapath.Datapath datapath(String node) {
    return world.datapath(node);
  }

  @Override
  public boolean isUp(String node) {
    return world.isUp(node);
  }

  @Override
  public dev.egret.topology.cluster.Cluster cluster() {
    return world.cluster;
  }

  @Override
  public dev.egret.topology.controlplane.egressgateway.EgressControlPlane controlPlane() {
    return world.controlPlane;
  }

  @Override
  public dev.egret.topology.underlay.Underlay underlay() {
    return world.underlay;
  }

  @Override
  public long now() {
    return world.sim.now();
  }

  /** The simulated time the run ended at. */
  public long endNanos() {
    return world.sim.now();
  }

  /** Frame buffers ever allocated by the pool (a steady run keeps this flat). */
  public long framesAllocated() {
    return world.pool.created();
  }
}
