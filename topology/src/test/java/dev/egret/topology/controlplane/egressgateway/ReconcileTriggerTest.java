package dev.egret.topology.controlplane.egressgateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.egret.sim.Durations;
import dev.egret.sim.Simulation;
import dev.egret.topology.cluster.Cluster;
import dev.egret.topology.cluster.ClusterConfig;
import dev.egret.topology.controlplane.CiliumVersion;
import java.util.List;
import org.junit.jupiter.api.Test;

/** reference §6.1: a leading-edge rate limit of 1 s on the simulation clock, no resync. */
class ReconcileTriggerTest {
  @Test
  void leadingEdgeRateLimit() {
    Simulation sim = Simulation.create(1);
    Cluster c = new Cluster(ClusterConfig.defaults(1));
    EgressGatewayManager m =
        new EgressGatewayManager(
            c, CiliumVersion.V1_16, ReconcileTrigger.simulation(sim, Durations.SECOND), 16384, 1);
    sim.scheduleAt(Durations.millis(100), s -> m.start());
    // two events in the same instant fold; one 300 ms later waits for the interval
    sim.scheduleAt(Durations.millis(2000), s -> m.deleteEndpoint("a"));
    sim.scheduleAt(Durations.millis(2000), s -> m.deleteEndpoint("b"));
    sim.scheduleAt(Durations.millis(2300), s -> m.deleteEndpoint("c"));
    sim.scheduleAt(Durations.millis(2600), s -> m.deleteEndpoint("d"));
    sim.run();
    assertEquals(
        List.of(Durations.millis(100), Durations.millis(2000), Durations.millis(3000)),
        m.reconciliationTimes());
    assertEquals(3, m.reconciliationCount());
    assertEquals(Durations.millis(3000), sim.now(), "no periodic resync after the last run");
  }

  @Test
  void manualModeFoldsUntilRun() {
    ReconcileTrigger t = ReconcileTrigger.manual();
    EgressGatewayManager m =
        new EgressGatewayManager(
            new Cluster(ClusterConfig.defaults(1)), CiliumVersion.V1_16, t, 16, 1);
    m.start();
    m.deleteEndpoint("x");
    assertEquals(0, m.reconciliationCount());
    assertEquals(true, t.runPending());
    assertEquals(false, t.runPending());
    assertEquals(1, m.reconciliationCount());
  }
}
