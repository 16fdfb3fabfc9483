package dev.egret.topology.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.datapath.egress.EgressPolicyMap4;
import dev.egret.topology.controlplane.CiliumVersion;
import dev.egret.topology.controlplane.egressgateway.EgressGatewayManager;
import dev.egret.topology.controlplane.egressgateway.ReconcileTrigger;
import dev.egret.topology.generate.ClusterGenerator.Generated;
import dev.egret.topology.generate.ClusterGenerator.Size;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterGeneratorTest {
  private static final Size SMALL = new Size(500, 15_000, 200);

  @Test
  void generatesTheRequestedShapeDeterministically() {
    Generated g = ClusterGenerator.generate(7, SMALL);
    assertEquals(500, g.cluster().nodes().size());
    assertEquals(15_000, g.cluster().pods().size());
    assertEquals(200, g.cluster().policies().size());
    assertEquals(2, g.gatewayNodes());
    assertEquals(0, g.cluster().pendingPods().size());
    Generated again = ClusterGenerator.generate(7, SMALL);
    assertEquals(g.resources(), again.resources());
    assertEquals(
        g.cluster().pods().stream().map(Object::toString).toList(),
        again.cluster().pods().stream().map(Object::toString).toList());
  }

  @Test
  void everyPolicySelectsItsClientsWithoutConflictsOrWarnings() {
    Generated g = ClusterGenerator.generate(7, SMALL);
    EgressGatewayManager m =
        new EgressGatewayManager(
            g.cluster(),
            CiliumVersion.V1_16,
            ReconcileTrigger.immediate(),
            EgressPolicyMap4.EGRESS_POLICY_MAP_SIZE,
            7);
    m.start();
    assertEquals(List.of(), m.warnings());
    for (String p : m.policyNames()) {
      assertEquals(ClusterGenerator.CLIENT_REPLICAS, m.matchedEndpoints(p).size(), p);
    }
    int entries = m.mapFor("node-00001").size();
    assertEquals(m.desiredSize(), entries);
    // the per-policy average that keeps 2,000 policies under EGRESS_POLICY_MAP_SIZE
    assertTrue(entries * 10 < EgressPolicyMap4.EGRESS_POLICY_MAP_SIZE, "entries: " + entries);
    assertEquals(2, m.gatewayNodes().size());
    assertTrue(m.hasOwnMap("node-00000"));
  }
}
