package dev.egret.topology.controlplane.egressgateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.net.Ip4;
import dev.egret.topology.controlplane.CiliumVersion;
import dev.egret.topology.controlplane.egressgateway.EgressIpDerivation.Path;
import dev.egret.topology.model.Interface;
import dev.egret.topology.model.LabelSelector;
import dev.egret.topology.model.Labels;
import dev.egret.topology.model.Node;
import dev.egret.topology.model.NodeNetwork;
import dev.egret.topology.model.Route;
import java.util.List;
import org.junit.jupiter.api.Test;

/** reference §2.2 deriveFromPolicyGatewayConfig on the gateway node. */
class EgressIpDerivationTest {
  private static int ip(String s) {
    return Ip4.parse(s);
  }

  private static Node gateway(List<Route> routes) {
    return new Node(
        "k8s-worker-2",
        Labels.EMPTY,
        List.of(),
        null,
        List.of(
            new Interface(
                "eth0", 2, NodeNetwork.mac("w", 2), 1500, List.of(Cidr4.parse("172.18.0.3/16"))),
            new Interface(
                "eth1",
                3,
                NodeNetwork.mac("w", 3),
                1500,
                List.of(Cidr4.parse("10.168.60.100/24"), Cidr4.parse("10.168.60.101/24"))),
            new Interface("dummy0", 4, NodeNetwork.mac("w", 4), 1500, List.of())),
        routes);
  }

  private static GatewaySpec spec(String iface, String egressIp) {
    return new GatewaySpec(LabelSelector.ALL, iface, egressIp == null ? 0 : ip(egressIp));
  }

  private static final Route DEFAULT = new Route(Cidr4.ALL, ip("172.18.0.1"), "eth0", 0);

  @Test
  void interfaceGivesItsFirstIpv4AndIndex() {
    EgressIpDerivation d =
        EgressIpDeriver.derive(gateway(List.of()), spec("eth1", null), CiliumVersion.V1_16);
    assertEquals(new EgressIpDerivation(Path.INTERFACE, ip("10.168.60.100"), "eth1", 3, null), d);
  }

  @Test
  void anInterfaceWithoutIpv4KeepsItsIndexButNoEgressIp() {
    EgressIpDerivation d =
        EgressIpDeriver.derive(gateway(List.of()), spec("dummy0", null), CiliumVersion.V1_16);
    assertEquals(0, d.egressIp());
    assertEquals(4, d.ifindex());
    assertEquals("interface dummy0 has no IPv4", d.failure());
  }

  @Test
  void egressIpFindsItsInterfaceWithoutIfindex() {
    EgressIpDerivation d =
        EgressIpDeriver.derive(
            gateway(List.of()), spec(null, "10.168.60.101"), CiliumVersion.V1_16);
    assertEquals(new EgressIpDerivation(Path.EGRESS_IP, ip("10.168.60.101"), "eth1", 0, null), d);
  }

  @Test
  void aMissingEgressIpIsKeptUntil117AndZeroFrom118() {
    EgressIpDerivation d16 =
        EgressIpDeriver.derive(
            gateway(List.of()), spec(null, "10.168.60.200"), CiliumVersion.V1_16);
    assertEquals(ip("10.168.60.200"), d16.egressIp());
    assertEquals("no interface of node k8s-worker-2 holds 10.168.60.200", d16.failure());
    EgressIpDerivation d18 =
        EgressIpDeriver.derive(
            gateway(List.of()), spec(null, "10.168.60.200"), CiliumVersion.V1_18);
    assertEquals(0, d18.egressIp());
  }

  @Test
  void neitherUsesTheDefaultRouteDevice() {
    EgressIpDerivation d =
        EgressIpDeriver.derive(gateway(List.of(DEFAULT)), spec(null, null), CiliumVersion.V1_16);
    assertEquals(new EgressIpDerivation(Path.DEFAULT_ROUTE, ip("172.18.0.3"), "eth0", 2, null), d);
    EgressIpDerivation none =
        EgressIpDeriver.derive(gateway(List.of()), spec(null, null), CiliumVersion.V1_16);
    assertEquals(0, none.egressIp());
    assertEquals("no IPv4 default route", none.failure());
    assertNull(d.failure());
  }
}
