package dev.egret.topology.controlplane.egressgateway;

import static dev.egret.topology.controlplane.egressgateway.Fixture.E1;
import static dev.egret.topology.controlplane.egressgateway.Fixture.EP1_LABELS;
import static dev.egret.topology.controlplane.egressgateway.Fixture.EP2_LABELS;
import static dev.egret.topology.controlplane.egressgateway.Fixture.K8S1;
import static dev.egret.topology.controlplane.egressgateway.Fixture.K8S2;
import static dev.egret.topology.controlplane.egressgateway.Fixture.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.topology.controlplane.CiliumVersion;
import dev.egret.topology.model.Labels;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * reference §7.1 TestPrivilegedEgressGatewayManager, IPv4 parts, under 1.16, as the agent of the
 * local node k8s1 sees it. Not modelled: the rp_filter sysctl checks of step 1.
 */
class ManagerConformance116Test {
  private static final String EP1 = "10.0.0.1";
  private static final String EP2 = "10.0.0.2";
  private static final String G1 = "{label1: \"1\"}";
  private static final String G2 = "{label2: \"2\"}";
  private static final String DEST = "1.1.1.0/24";
  private static final String GW1 = "192.168.1.1";
  private static final String GW2 = "192.168.1.2";

  @Test
  void testPrivilegedEgressGatewayManagerIpv4() {
    Fixture f = new Fixture(CiliumVersion.V1_16, K8S1, K8S2);
    String ep1Entry = EP1 + " " + DEST + " : " + E1 + " / " + GW1;
    String ep2Entry = EP2 + " " + DEST + " : 0.0.0.0 / " + GW2;

    // 1. policy-1 → ∅
    f.apply(policy("policy-1", "test-value-1", List.of(DEST), List.of(), G1, "cilium_egw1"));
    f.assertMap(K8S1);

    // 2. ep-1 → 10.0.0.1→1.1.1.0/24 : 192.168.101.1 / 192.168.1.1
    f.addEndpoint("ep-1", "uid-1", EP1, EP1_LABELS);
    f.assertMap(K8S1, ep1Entry);

    // 3. ep-1's identity has no labels → ∅
    f.addEndpoint("ep-1", "uid-1", EP1, Labels.EMPTY);
    f.assertMap(K8S1);

    // 4. ep1Labels again → back
    f.addEndpoint("ep-1", "uid-1", EP1, EP1_LABELS);
    f.assertMap(K8S1, ep1Entry);

    // 5. dest 0.0.0.0/0
    f.apply(policy("policy-1", "test-value-1", List.of("0.0.0.0/0"), List.of(), G1, "cilium_egw1"));
    f.assertMap(K8S1, EP1 + " 0.0.0.0/0 : " + E1 + " / " + GW1);

    // 6. dest back; policy-2 for ep2Labels via group2 → only the ep1 entry
    f.apply(policy("policy-1", "test-value-1", List.of(DEST), List.of(), G1, "cilium_egw1"));
    f.apply(policy("policy-2", "test-value-2", List.of(DEST), List.of(), G2, "cilium_egw1"));
    f.assertMap(K8S1, ep1Entry);

    // 7. ep-2 → k8s2 is its gateway, not the local node: egress 0.0.0.0
    f.addEndpoint("ep-2", "uid-2", EP2, EP2_LABELS);
    f.assertMap(K8S1, ep1Entry, ep2Entry);

    // 8. excluded 1.1.1.22/32 → gateway 0.0.0.1 with the same egress IP
    String ex22 = EP1 + " 1.1.1.22/32 : " + E1 + " / 0.0.0.1";
    String ex240 = EP1 + " 1.1.1.240/30 : " + E1 + " / 0.0.0.1";
    f.apply(
        policy(
            "policy-1", "test-value-1", List.of(DEST), List.of("1.1.1.22/32"), G1, "cilium_egw1"));
    f.assertMap(K8S1, ep1Entry, ep2Entry, ex22);

    // 9. excluded [/32, /30]
    f.apply(
        policy(
            "policy-1",
            "test-value-1",
            List.of(DEST),
            List.of("1.1.1.22/32", "1.1.1.240/30"),
            G1,
            "cilium_egw1"));
    f.assertMap(K8S1, ep1Entry, ep2Entry, ex22, ex240);

    // 10. excluded [/30]
    f.apply(
        policy(
            "policy-1", "test-value-1", List.of(DEST), List.of("1.1.1.240/30"), G1, "cilium_egw1"));
    f.assertMap(K8S1, ep1Entry, ep2Entry, ex240);

    // 11. no excluded CIDRs → step 7
    f.apply(policy("policy-1", "test-value-1", List.of(DEST), List.of(), G1, "cilium_egw1"));
    f.assertMap(K8S1, ep1Entry, ep2Entry);

    // 12. gateway selector matches no node → gateway 0.0.0.0 (GatewayNotFoundIPv4)
    f.apply(
        policy(
            "policy-1",
            "test-value-1",
            List.of(DEST),
            List.of(),
            "{label1: notfound}",
            "cilium_egw1"));
    f.assertMap(K8S1, EP1 + " " + DEST + " : 0.0.0.0 / 0.0.0.0", ep2Entry);

    // 13. policy-3 on a missing interface → egress IP not found on the gateway node
    f.apply(
        policy("policy-3", "test-value-1", List.of("1.1.3.0/24"), List.of(), G1, "no_interface"));
    f.assertMap(
        K8S1,
        EP1 + " " + DEST + " : 0.0.0.0 / 0.0.0.0",
        ep2Entry,
        EP1 + " 1.1.3.0/24 : 0.0.0.0 / " + GW1);

    // 14. ep-1 loses its labels → only the ep2 entry
    f.addEndpoint("ep-1", "uid-1", EP1, Labels.EMPTY);
    f.assertMap(K8S1, ep2Entry);
    assertTrue(f.manager.reconciliationCount() >= 14);
  }

  @Test
  void nonGatewayNodesShareOneMapAndGatewayNodesHaveTheirOwn() {
    Fixture f = new Fixture(CiliumVersion.V1_16, K8S1, K8S2, "k8s3");
    f.apply(policy("policy-1", "test-value-1", List.of(DEST), List.of(), G1, "cilium_egw1"));
    f.addEndpoint("ep-1", "uid-1", EP1, EP1_LABELS);
    assertTrue(f.manager.hasOwnMap(K8S1));
    assertEquals(f.manager.mapFor(K8S2), f.manager.mapFor("k8s3"));
    f.assertMap(K8S2, EP1 + " " + DEST + " : 0.0.0.0 / " + GW1);
    // k8s1 stops being a gateway: its map converges to the shared one and is merged back
    f.apply(policy("policy-1", "test-value-1", List.of(DEST), List.of(), G2, "cilium_egw1"));
    f.assertMap(K8S1, EP1 + " " + DEST + " : 0.0.0.0 / " + GW2);
    assertEquals(f.manager.mapFor(K8S1), f.manager.mapFor("k8s3"));
    assertTrue(f.manager.hasOwnMap(K8S2));
  }

  /** reference §7.3 TestPrivilegedEndpointDataStore: endpoints are keyed by UID (≥1.15). */
  @Test
  void testPrivilegedEndpointDataStore() {
    Fixture f = new Fixture(CiliumVersion.V1_16, K8S1);
    f.apply(policy("policy-1", "test-value-1", List.of(DEST), List.of(), G1, "cilium_egw1"));
    f.assertMap(K8S1);
    f.addEndpoint("ep-1", "uid-1", EP1, EP1_LABELS);
    f.assertMap(K8S1, EP1 + " " + DEST + " : " + E1 + " / " + GW1);
    // a same-name CEP with a new UID arrives before the old one's delete
    f.addEndpoint("ep-1", "uid-2", "10.0.0.2", EP1_LABELS);
    f.manager.deleteEndpoint("uid-1");
    f.assertMap(K8S1, "10.0.0.2 " + DEST + " : " + E1 + " / " + GW1);
    f.manager.deleteEndpoint("uid-2");
    f.addEndpoint("ep-1", "uid-3", "10.0.0.3", EP1_LABELS);
    f.assertMap(K8S1, "10.0.0.3 " + DEST + " : " + E1 + " / " + GW1);
  }
}
