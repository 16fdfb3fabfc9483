package dev.egret.topology.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.net.Ip4;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeTest {
  private static int ip(String s) {
    return Ip4.parse(s);
  }

  private static Node node(List<Route> routes, List<NodeAddress> addresses) {
    Interface eth0 =
        new Interface(
            "eth0", 2, NodeNetwork.mac("n", 2), 1500, List.of(Cidr4.parse("172.18.0.5/16")));
    Interface eth1 =
        new Interface(
            "eth1", 3, NodeNetwork.mac("n", 3), 1500, List.of(Cidr4.parse("10.168.60.100/24")));
    return new Node("n", Labels.EMPTY, addresses, null, List.of(eth0, eth1), routes);
  }

  @Test
  void defaultRouteWithTheLowestMetricWinsAndTiesAreErrors() {
    Route a = new Route(Cidr4.ALL, ip("172.18.0.1"), "eth0", 100);
    Route b = new Route(Cidr4.ALL, ip("10.168.60.1"), "eth1", 50);
    assertEquals(b, node(List.of(a, b), List.of()).defaultRoute().route());
    Route c = new Route(Cidr4.ALL, ip("10.168.60.1"), "eth1", 100);
    assertEquals(
        "two IPv4 default routes share the lowest metric 100",
        node(List.of(a, c), List.of()).defaultRoute().error());
    assertEquals("no IPv4 default route", node(List.of(), List.of()).defaultRoute().error());
  }

  @Test
  void fibIsLongestPrefixThenMetric() {
    Node n =
        node(
            List.of(
                new Route(Cidr4.parse("172.18.0.0/16"), 0, "eth0", 0),
                new Route(Cidr4.parse("10.168.60.0/24"), 0, "eth1", 0),
                new Route(Cidr4.ALL, ip("172.18.0.1"), "eth0", 0)),
            List.of());
    assertEquals("eth1", n.fib(ip("10.168.60.7")).device().name());
    assertEquals(ip("10.168.60.7"), n.fib(ip("10.168.60.7")).nextHop());
    assertEquals(ip("172.18.0.1"), n.fib(ip("1.1.1.1")).nextHop());
    assertNull(node(List.of(), List.of()).fib(ip("1.1.1.1")));
    assertEquals("eth1", n.ifaceHolding(ip("10.168.60.100")).name());
  }

  @Test
  void k8sNodeIpIsTheFirstInternalElseTheLastExternal() {
    NodeAddress i1 = new NodeAddress(AddressType.InternalIP, ip("172.18.0.5"));
    NodeAddress i2 = new NodeAddress(AddressType.InternalIP, ip("172.18.0.6"));
    NodeAddress e1 = new NodeAddress(AddressType.ExternalIP, ip("203.0.113.1"));
    NodeAddress e2 = new NodeAddress(AddressType.ExternalIP, ip("203.0.113.2"));
    assertEquals(ip("172.18.0.5"), node(List.of(), List.of(e1, i1, i2)).k8sNodeIp());
    assertEquals(ip("203.0.113.2"), node(List.of(), List.of(e1, e2)).k8sNodeIp());
    assertEquals("ExternalIP", node(List.of(), List.of(e1, e2)).k8sNodeIpSource());
    assertEquals(0, node(List.of(), List.of()).k8sNodeIp());
  }
}
