package dev.egret.topology.underlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.egret.datapath.net.Ip4;
import dev.egret.topology.underlay.Vertex.NodeVertex;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnderlayTest {
  private static int ip(String s) {
    return Ip4.parse(s);
  }

  private static Underlay lab() {
    Underlay u = new Underlay(UnderlayConfig.defaults());
    u.addNode("k8s-worker-1", ip("172.18.0.5"));
    u.addNode("k8s-worker-2", ip("172.18.0.3"));
    u.addExternal("echo", ip("172.18.0.100"));
    u.addExternal("internet-api", ip("93.184.216.34"));
    return u;
  }

  @Test
  void nodesReachEachOtherThroughTheSegment() {
    Underlay u = lab();
    List<Hop> r = u.route(u.vertex("k8s-worker-1"), ip("172.18.0.3"));
    assertEquals(2, r.size());
    assertEquals(Underlay.SEGMENT, r.get(0).to().name());
    assertEquals("k8s-worker-2", r.get(1).to().name());
    long total = r.stream().mapToLong(h -> h.link().latencyNanos()).sum();
    assertEquals(50_000, total, "two hosts of the segment are one latency apart");
    assertEquals(
        Underlay.SEGMENT, u.nextHop(u.vertex("k8s-worker-1"), ip("172.18.0.3")).to().name());
  }

  @Test
  void externalsOutsideTheUnderlayAreBehindTheRouter() {
    Underlay u = lab();
    List<Hop> r = u.route(u.vertex("k8s-worker-2"), ip("93.184.216.34"));
    assertEquals(
        List.of(Underlay.SEGMENT, Underlay.ROUTER, "internet-api"),
        r.stream().map(h -> h.to().name()).toList());
    // an unknown internet address goes to the router; an unknown underlay address is unreachable
    assertEquals(
        Underlay.ROUTER, u.route(u.vertex("k8s-worker-2"), ip("8.8.8.8")).get(1).to().name());
    assertNull(u.route(u.vertex("k8s-worker-2"), ip("172.18.9.9")));
  }

  @Test
  void serialisationDelayAndMtu() {
    Underlay u = lab();
    Link l = u.nextHop(u.vertex("k8s-worker-1"), ip("172.18.0.100")).link();
    // 1514 bytes at 10 Gbit/s = 1211.2 ns, rounded up; plus half of 50 us
    assertEquals(25_000 + 1212, l.delayNanos(1514));
    assertNull(Underlay.dropReason(l, 1500));
    assertEquals(
        "packet of 1550 bytes exceeds the MTU 1500 of link k8s-worker-1--underlay",
        Underlay.dropReason(l, 1550));
    assertEquals(1450, u.podMtu());
  }

  @Test
  void linkDownPerNodeAndPerPair() {
    Underlay u = lab();
    NodeVertex w1 = (NodeVertex) u.vertex("k8s-worker-1");
    u.setLinkUp("k8s-worker-1", false);
    assertNull(u.route(w1, ip("172.18.0.3")));
    assertEquals(
        "link k8s-worker-1--underlay (down) is down",
        Underlay.dropReason(u.links("k8s-worker-1", Underlay.SEGMENT).get(0), 100));
    u.setLinkUp("k8s-worker-1", true);
    assertEquals(2, u.route(w1, ip("172.18.0.3")).size());
    u.setLinkUp("k8s-worker-1", "k8s-worker-2", false);
    assertNull(u.route(w1, ip("172.18.0.3")));
    assertNull(u.route(u.vertex("k8s-worker-2"), ip("172.18.0.5")));
    assertEquals(2, u.route(w1, ip("172.18.0.100")).size(), "other pairs are unaffected");
    u.setLinkUp("k8s-worker-1", "k8s-worker-2", true);
    assertEquals(2, u.route(w1, ip("172.18.0.3")).size());
  }

  @Test
  void bandwidthStrings() {
    assertEquals(10_000_000_000L, Bandwidth.parse("10Gbps"));
    assertEquals(100_000_000L, Bandwidth.parse("100Mbps"));
    assertEquals(1_000_000_000L, Bandwidth.parse("1Gbit"));
    assertEquals(1_500_000L, Bandwidth.parse("1.5Mbps"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Bandwidth.parse("fast"));
    assertEquals(
        "\"fast\" is not a bandwidth (expected e.g. 10Gbps, 100Mbps or 1Gbit)", e.getMessage());
  }

  @Test
  void builtFromACluster() {
    dev.egret.topology.cluster.Cluster c =
        new dev.egret.topology.cluster.Cluster(
            dev.egret.topology.cluster.ClusterConfig.defaults(1));
    c.addNode(
        new dev.egret.topology.cluster.NodeSpec(
            "n1", dev.egret.topology.model.Labels.EMPTY, ip("172.18.0.5"), 0, null, null));
    Underlay u = Underlay.of(UnderlayConfig.defaults(), c);
    assertEquals("n1", u.vertexOf(ip("172.18.0.5")).name());
    assertEquals(Underlay.ROUTER, u.vertexOf(ip("172.18.0.1")).name());
  }
}
