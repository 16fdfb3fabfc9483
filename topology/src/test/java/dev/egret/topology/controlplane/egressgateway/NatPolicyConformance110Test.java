package dev.egret.topology.controlplane.egressgateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.net.Ip4;
import dev.egret.topology.cluster.Cluster;
import dev.egret.topology.cluster.ClusterConfig;
import dev.egret.topology.model.LabelSelector;
import dev.egret.topology.model.Labels;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * reference §7.8 TestEgressGatewayManager of 1.10/1.11 (CiliumEgressNATPolicy), with 1.10.0's
 * immediate writes. The 1.12 CENP+CEGP steps are not modelled: egret's 1.10 mode accepts only CENPs
 * and its CEGP modes (≥1.16) have no CENPs.
 */
class NatPolicyConformance110Test {
  private static final String E1 = "192.168.101.1";
  private static final String E2 = "192.168.102.1";

  private static PolicyConfig cenp(String name, Labels labels, String egressSourceIp) {
    return new PolicyConfig(
        name,
        List.of(EndpointSelector.of(0, null, new LabelSelector(labels.asMap(), List.of()))),
        List.of(),
        List.of(Cidr4.parse("1.1.1.0/24")),
        List.of(),
        List.of(),
        Ip4.parse(egressSourceIp));
  }

  private static Endpoint ep(Cluster c, String uid, String ip, Labels l) {
    return new Endpoint(uid, uid, Ip4.parse(ip), c.identities().allocate(l).id(), l, "k8s1");
  }

  private static Set<String> entries(EgressNatPolicyManager m) {
    return new TreeSet<>(Fixture.entries(m.mapFor("k8s1")));
  }

  @Test
  void testEgressGatewayManager110() {
    Cluster c = new Cluster(ClusterConfig.defaults(1));
    EgressNatPolicyManager m = new EgressNatPolicyManager(c, 16384, 1);
    String ep1Entry = "10.0.0.1 1.1.1.0/24 : " + E1 + " / " + E1;
    String ep2Entry = "10.0.0.2 1.1.1.0/24 : " + E2 + " / " + E2;
    m.onAddEgressPolicy(cenp("policy-1", Fixture.EP1_LABELS, E1));
    assertEquals(Set.of(), entries(m));
    m.onUpdateEndpoint(ep(c, "ep-1", "10.0.0.1", Fixture.EP1_LABELS));
    assertEquals(Set.of(ep1Entry), entries(m));
    m.onUpdateEndpoint(ep(c, "ep-1", "10.0.0.1", Labels.EMPTY));
    assertEquals(Set.of(), entries(m));
    m.onUpdateEndpoint(ep(c, "ep-1", "10.0.0.1", Fixture.EP1_LABELS));
    assertEquals(Set.of(ep1Entry), entries(m));
    m.onAddEgressPolicy(cenp("policy-2", Fixture.EP2_LABELS, E2));
    assertEquals(Set.of(ep1Entry), entries(m));
    m.onUpdateEndpoint(ep(c, "ep-2", "10.0.0.2", Fixture.EP2_LABELS));
    assertEquals(Set.of(ep1Entry, ep2Entry), entries(m));
    m.onUpdateEndpoint(ep(c, "ep-1", "10.0.0.1", Labels.EMPTY));
    assertEquals(Set.of(ep2Entry), entries(m));
    EntryExplanation e = m.explainPacket("k8s1", Ip4.parse("10.0.0.2"), Ip4.parse("1.1.1.7"));
    assertEquals("policy-2", e.contributions().get(0).contribution().policy());
    assertEquals(Ip4.parse(E2), e.inMap().gatewayIp());
    assertEquals(
        List.of(),
        m.explainPacket("k8s1", Ip4.parse("10.0.0.1"), Ip4.parse("1.1.1.7")).contributions());
  }

  @Test
  void duplicateEgressSourceIpIsRejected() {
    Cluster c = new Cluster(ClusterConfig.defaults(1));
    EgressNatPolicyManager m = new EgressNatPolicyManager(c, 16384, 1);
    m.onAddEgressPolicy(cenp("policy-1", Fixture.EP1_LABELS, E1));
    assertFalse(m.onAddEgressPolicy(cenp("policy-2", Fixture.EP2_LABELS, E1)));
    assertEquals(WarningKind.POLICY_REJECTED, m.warnings().get(0).kind());
    assertEquals(
        "policy policy-2: metadata.name: egressSourceIP 192.168.101.1 is already used by policy"
            + " policy-1; Cilium 1.10.0-1.10.5 rejects a second policy with the same egressSourceIP"
            + " (https://github.com/cilium/cilium/issues/17678)",
        m.warnings().get(0).format());
  }

  @Test
  void endpointIpChangeLeaksTheOldEntry() {
    Cluster c = new Cluster(ClusterConfig.defaults(1));
    EgressNatPolicyManager m = new EgressNatPolicyManager(c, 16384, 1);
    m.onAddEgressPolicy(cenp("policy-1", Fixture.EP1_LABELS, E1));
    m.onUpdateEndpoint(ep(c, "ep-1", "10.0.0.1", Fixture.EP1_LABELS));
    m.onUpdateEndpoint(ep(c, "ep-1", "10.0.0.9", Fixture.EP1_LABELS));
    assertEquals(
        Set.of(
            "10.0.0.1 1.1.1.0/24 : " + E1 + " / " + E1, "10.0.0.9 1.1.1.0/24 : " + E1 + " / " + E1),
        entries(m));
  }
}
