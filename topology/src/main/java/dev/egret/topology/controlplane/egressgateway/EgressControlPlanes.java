package dev.egret.topology.controlplane.egressgateway;

import dev.egret.topology.cluster.Cluster;
import dev.egret.topology.controlplane.CiliumVersion;

/** Creates the control plane of a Cilium version. */
public final class EgressControlPlanes {
  private EgressControlPlanes() {}

  /**
   * The control plane for {@code version}, listening to {@code cluster}. It reconciles nothing
   * until {@link EgressControlPlane#start()}. The 1.10 model writes on every event and only reads
   * the trigger's clock.
   *
   * @param mapMax {@code egressPolicyMapMax}
   * @param seed the scenario seed (Go map iteration order for conflicts and the 1.10 list order)
   */
  public static EgressControlPlane create(
      Cluster cluster, CiliumVersion version, ReconcileTrigger trigger, int mapMax, long seed) {
    if (version.natPolicyEra()) {
      EgressNatPolicyManager m = new EgressNatPolicyManager(cluster, mapMax, seed);
      m.setClock(trigger::now);
      return m;
    }
    return new EgressGatewayManager(cluster, version, trigger, mapMax, seed);
  }
}
