package dev.egret.topology.controlplane.egressgateway;

import static dev.egret.topology.controlplane.egressgateway.Fixture.EP1_LABELS;
import static dev.egret.topology.controlplane.egressgateway.Fixture.K8S1;
import static dev.egret.topology.controlplane.egressgateway.Fixture.K8S2;
import static dev.egret.topology.controlplane.egressgateway.Fixture.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.net.Ip4;
import dev.egret.topology.cluster.Cluster;
import dev.egret.topology.cluster.ClusterConfig;
import dev.egret.topology.cluster.NodeSpec;
import dev.egret.topology.controlplane.CiliumVersion;
import dev.egret.topology.k8s.ResourceLoader;
import dev.egret.topology.model.Labels;
import dev.egret.topology.yaml.Problems;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConflictsAndWarningsTest {
  private static final String G1 = "{label1: \"1\"}";
  private static final String G2 = "{label2: \"2\"}";

  private static List<EgressWarning> of(EgressGatewayManager m, WarningKind k) {
    return m.warnings().stream().filter(w -> w.kind() == k).toList();
  }

  /** reference §3.3: with the map holding A's value, each reconciliation writes B's, and back. */
  @Test
  void conflictingKeysFlipOnEveryReconciliation() {
    Fixture f = new Fixture(CiliumVersion.V1_16, K8S1, K8S2);
    f.apply(
        policy("policy-a", "test-value-1", List.of("1.1.1.0/24"), List.of(), G1, "cilium_egw1"));
    f.apply(
        policy("policy-b", "test-value-1", List.of("1.1.1.0/24"), List.of(), G2, "cilium_egw1"));
    f.addEndpoint("ep-1", "uid-1", "10.0.0.1", EP1_LABELS);
    Set<Integer> seen = new HashSet<>();
    int previous = -1;
    for (int i = 0; i < 6; i++) {
      // an unrelated endpoint event triggers a reconciliation
      f.addEndpoint("ep-x", "uid-x" + i, "10.9.0." + i, Labels.of("other", "x"));
      int gw =
          f.manager.mapFor(K8S2).get(Ip4.parse("10.0.0.1"), Cidr4.parse("1.1.1.0/24")).gatewayIp();
      if (previous != -1) {
        assertNotEquals(previous, gw, "the value flips to the other policy");
      }
      previous = gw;
      seen.add(gw);
    }
    assertEquals(Set.of(Ip4.parse("192.168.1.1"), Ip4.parse("192.168.1.2")), seen);
    List<EgressWarning> w = of(f.manager, WarningKind.CONFLICTING_KEY);
    assertEquals(1, w.size());
    assertEquals(
        "policy policy-a: 10.0.0.1 -> 1.1.1.0/24: policies policy-a and policy-b both write it;"
            + " Cilium has no precedence rule: each reconciliation writes the value that differs"
            + " from the map, so the entry flips between them (the last writer in random order"
            + " wins) (https://github.com/cilium/cilium/pull/27491)",
        w.get(0).format());
  }

  @Test
  void conflictOrderIsReproduciblePerSeed() {
    List<Integer> a = firstWinners(11);
    assertEquals(a, firstWinners(11));
  }

  private static List<Integer> firstWinners(long seed) {
    Fixture f = new Fixture(CiliumVersion.V1_16, K8S1, K8S2);
    f.apply(
        policy("policy-a", "test-value-1", List.of("1.1.1.0/24"), List.of(), G1, "cilium_egw1"));
    f.apply(
        policy("policy-b", "test-value-1", List.of("1.1.1.0/24"), List.of(), G2, "cilium_egw1"));
    f.addEndpoint("ep-1", "uid-1", "10.0.0.1", EP1_LABELS);
    return List.of(
        f.manager.mapFor("k8s3").get(Ip4.parse("10.0.0.1"), Cidr4.parse("1.1.1.0/24")).gatewayIp());
  }

  @Test
  void excludedCidrOutsideDestinationsSelectorsAndGateways() {
    Fixture f = new Fixture(CiliumVersion.V1_16, K8S1, K8S2);
    f.apply(
        policy(
            "policy-1",
            "test-value-1",
            List.of("1.1.1.0/24"),
            List.of("10.0.0.0/8"),
            "{label1: nope}",
            "cilium_egw1"));
    f.apply(policy("policy-2", "test-value-2", List.of("1.1.1.0/24"), List.of(), G1, "missing0"));
    f.addEndpoint("ep-1", "uid-1", "10.0.0.1", EP1_LABELS);
    assertEquals(
        List.of(
            "policy policy-1: spec.excludedCIDRs[0]: 10.0.0.0/8 is not inside any destinationCIDR;"
                + " Cilium accepts it but it excludes nothing (it only adds entries with gateway"
                + " 0.0.0.1), except from any other policy whose destinations cover it: those"
                + " longer-prefix entries win there (https://github.com/cilium/cilium/issues/23002)",
            "policy policy-1: spec.egressGateway.nodeSelector: matches no node (label1=nope):"
                + " entries get gateway 0.0.0.0 and Cilium drops the matching traffic"
                + " (NO_EGRESS_GATEWAY)"
                + " (https://docs.cilium.io/en/stable/network/egress-gateway/egress-gateway/)",
            "policy policy-2: spec.selectors[0]: matches no running pod (test-key=test-value-2 on"
                + " identity labels); Cilium keeps the policy and writes no entry for this selector"
                + " until such a pod runs"
                + " (https://docs.cilium.io/en/stable/network/egress-gateway/egress-gateway/)",
            "policy policy-2: spec.egressGateway: gateway k8s1 cannot derive its egress IP"
                + " (interface missing0 not found on node k8s1); its map gets egress IP 0.0.0.0 and"
                + " the gateway drops the traffic (DROP_NO_EGRESS_IP)"
                + " (https://docs.cilium.io/en/stable/network/egress-gateway/egress-gateway/)"),
        f.manager.warnings().stream().map(EgressWarning::format).toList());
  }

  /** reference §3.4: ENOSPC even for replacements; entries missing; retried at the next run. */
  @Test
  void fullMapsFailWithEnospcAndRecoverWhenSpaceFrees() {
    Cluster c = new Cluster(ClusterConfig.defaults(1));
    c.addNode(new NodeSpec("k8s1", Fixture.GROUP1, Ip4.parse("192.168.1.1"), 0, null, null));
    c.addNode(new NodeSpec("k8s2", Fixture.GROUP2, Ip4.parse("192.168.1.2"), 0, null, null));
    EgressGatewayManager m =
        new EgressGatewayManager(c, CiliumVersion.V1_16, ReconcileTrigger.immediate(), 3, 5);
    m.start();
    Problems p = new Problems();
    new ResourceLoader(CiliumVersion.V1_16)
        .load(
            policy(
                "policy-1",
                "test-value-1",
                List.of("1.1.1.0/24", "2.2.2.0/24"),
                List.of(),
                G1,
                "eth0"),
            "p.yaml",
            p)
        .forEach(c::apply);
    for (int i = 1; i <= 2; i++) {
      m.upsertEndpoint(
          new Endpoint(
              "uid-" + i,
              "ep-" + i,
              Ip4.parse("10.0.0." + i),
              c.identities().allocate(EP1_LABELS).id(),
              EP1_LABELS,
              "k8s2"));
    }
    assertEquals(3, m.mapFor("k8s2").size());
    assertEquals(4, m.desiredSize());
    List<EgressWarning> w = of(m, WarningKind.MAP_FULL);
    assertEquals(
        2, w.size(), m.warnings() + " " + m.hasOwnMap("k8s1") + Fixture.entries(m.mapFor("k8s1")));
    assertTrue(
        w.get(0)
            .message()
            .startsWith(
                "the egress policy map is full (3 entries, egressPolicyMapMax): 1 desired entry is"
                    + " missing"),
        w.get(0).message());
    m.deleteEndpoint("uid-1");
    // the add pass runs before the delete pass: the missing entry fails again, then the deletes
    // free space (reference §3.4) and the next reconciliation, whatever triggers it, writes it
    assertEquals(1, m.mapFor("k8s2").size());
    assertEquals(2, of(m, WarningKind.MAP_FULL).size());
    m.deleteEndpoint("unrelated");
    assertEquals(2, m.mapFor("k8s2").size());
    assertEquals(
        Set.of(
            "10.0.0.2 1.1.1.0/24 : 0.0.0.0 / 192.168.1.1",
            "10.0.0.2 2.2.2.0/24 : 0.0.0.0 / 192.168.1.1"),
        Fixture.entries(m.mapFor("k8s2")));
    assertEquals(List.of(), of(m, WarningKind.MAP_FULL));
  }

  @Test
  void explainRecordsTheGatewayDecision() {
    Fixture f = new Fixture(CiliumVersion.V1_16, K8S1, K8S2);
    f.apply(
        policy(
            "policy-1",
            "test-value-1",
            List.of("1.1.1.0/24"),
            List.of("1.1.1.22/32"),
            G1,
            "cilium_egw1"));
    f.addEndpoint("ep-1", "uid-1", "10.0.0.1", EP1_LABELS);
    EntryExplanation e =
        f.manager.explainPacket(K8S1, Ip4.parse("10.0.0.1"), Ip4.parse("1.1.1.22"));
    assertEquals(1, e.contributions().size());
    EntryExplanation.Provenance pv = e.contributions().get(0);
    assertEquals("policy-1", pv.contribution().policy());
    assertEquals("spec.excludedCIDRs[0]", pv.contribution().cidrField());
    assertEquals(K8S1, pv.gateway().node());
    assertEquals(List.of(K8S1), pv.gateway().matchingNodes());
    assertEquals("InternalIP", pv.gateway().gatewayIpSource());
    assertEquals(EgressIpDerivation.Path.INTERFACE, pv.gateway().derivation().path());
    assertEquals(Ip4.parse("192.168.101.1"), pv.egressIp());
    assertEquals(1, pv.gatewayIp());
    assertEquals(1, e.inMap().gatewayIp());
    EntryExplanation remote =
        f.manager.explain(K8S2, Ip4.parse("10.0.0.1"), Cidr4.parse("1.1.1.0/24"));
    assertEquals(0, remote.contributions().get(0).egressIp());
    assertEquals(Ip4.parse("192.168.1.1"), remote.inMap().gatewayIp());
  }

  @Test
  void addressChangesAreSeenAtTheNextRegeneration() {
    Fixture f = new Fixture(CiliumVersion.V1_16, K8S1, K8S2);
    f.apply(
        policy("policy-1", "test-value-1", List.of("1.1.1.0/24"), List.of(), G1, "cilium_egw1"));
    f.addEndpoint("ep-1", "uid-1", "10.0.0.1", EP1_LABELS);
    long runs = f.manager.reconciliationCount();
    f.cluster.removeInterfaceAddress(K8S1, "cilium_egw1", Ip4.parse("192.168.101.1"));
    f.cluster.addInterfaceAddress(K8S1, "cilium_egw1", Cidr4.parse("192.168.101.9/24"));
    assertEquals(runs, f.manager.reconciliationCount(), "netlink changes trigger nothing");
    f.assertMap(K8S1, "10.0.0.1 1.1.1.0/24 : 192.168.101.1 / 192.168.1.1");
    f.addEndpoint("ep-2", "uid-2", "10.0.0.2", Labels.of("x", "y"));
    // 1.16 regenerates gateway configs on every reconciliation, even an endpoint-only one
    f.assertMap(K8S1, "10.0.0.1 1.1.1.0/24 : 192.168.101.9 / 192.168.1.1");
  }

  @Test
  void from117EndpointEventsDoNotRegenerate() {
    Fixture f = new Fixture(CiliumVersion.V1_17, K8S1, K8S2);
    f.apply(
        policy("policy-1", "test-value-1", List.of("1.1.1.0/24"), List.of(), G1, "cilium_egw1"));
    f.addEndpoint("ep-1", "uid-1", "10.0.0.1", EP1_LABELS);
    f.cluster.removeInterfaceAddress(K8S1, "cilium_egw1", Ip4.parse("192.168.101.1"));
    f.cluster.addInterfaceAddress(K8S1, "cilium_egw1", Cidr4.parse("192.168.101.9/24"));
    f.addEndpoint("ep-2", "uid-2", "10.0.0.2", Labels.of("x", "y"));
    f.assertMap(K8S1, "10.0.0.1 1.1.1.0/24 : 192.168.101.1 / 192.168.1.1");
    f.cluster.labelNode(K8S2, java.util.Map.of("extra", "1"), List.of());
    f.assertMap(K8S1, "10.0.0.1 1.1.1.0/24 : 192.168.101.9 / 192.168.1.1");
  }

  @Test
  void aSelectorCoveredByAnEarlierOneStillCountsItsPods() {
    Fixture f = new Fixture(CiliumVersion.V1_16, K8S1);
    f.apply(
        "apiVersion: cilium.io/v2\nkind: CiliumEgressGatewayPolicy\nmetadata: {name: p}\nspec:\n"
            + "  selectors:\n  - podSelector: {}\n  - podSelector: {matchLabels: {test-key: test-value-1}}\n"
            + "  - podSelector: {matchLabels: {test-key: nobody}}\n"
            + "  destinationCIDRs: [1.1.1.0/24]\n"
            + "  egressGateway: {nodeSelector: {matchLabels: {label1: \"1\"}}, interface: cilium_egw1}\n");
    f.addEndpoint("ep-1", "uid-1", "10.0.0.1", EP1_LABELS);
    assertEquals(
        List.of("spec.selectors[2]"),
        of(f.manager, WarningKind.SELECTOR_MATCHES_NO_POD).stream()
            .map(EgressWarning::subject)
            .toList());
  }

  @Test
  void aMatchingNodeWithoutAnAddressIsSkipped() {
    Fixture f = new Fixture(CiliumVersion.V1_16, K8S1);
    f.cluster.addNode(new NodeSpec("a-no-ip", Fixture.GROUP1, 0, 0, null, null));
    f.apply(
        policy("policy-1", "test-value-1", List.of("1.1.1.0/24"), List.of(), G1, "cilium_egw1"));
    f.addEndpoint("ep-1", "uid-1", "10.0.0.1", EP1_LABELS);
    GatewayConfig g = f.manager.gatewayConfigs("policy-1").get(0);
    assertEquals(K8S1, g.node());
    assertEquals(List.of("a-no-ip", K8S1), g.matchingNodes());
  }
}
