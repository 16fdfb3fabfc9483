package dev.egret.topology.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.net.Ip4;
import dev.egret.topology.identity.IpCacheEntry;
import dev.egret.topology.k8s.DaemonSetResource;
import dev.egret.topology.k8s.DeploymentResource;
import dev.egret.topology.k8s.ObjectMeta;
import dev.egret.topology.model.Labels;
import dev.egret.topology.model.Node;
import dev.egret.topology.model.Pod;
import dev.egret.topology.yaml.Location;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterTest {
  private static int ip(String s) {
    return Ip4.parse(s);
  }

  private static Cluster threeNodes(List<ClusterEvent> events) {
    Cluster c = new Cluster(ClusterConfig.defaults(7));
    c.addListener(events::add);
    for (int i = 1; i <= 3; i++) {
      c.addNode(
          new NodeSpec(
              "k8s-worker-" + i,
              Labels.of(
                  "kubernetes.io/hostname", "k8s-worker-" + i, "pool", i == 2 ? "egress" : "apps"),
              ip("172.18.0." + (4 + i)),
              0,
              null,
              null));
    }
    return c;
  }

  private static ObjectMeta meta(String name) {
    return new ObjectMeta(name, "default", null, Labels.EMPTY, new Location("t", 1, 1));
  }

  @Test
  void nodesGetPodCidrsInOrderAndADefaultNetwork() {
    Cluster c = threeNodes(new ArrayList<>());
    Node n = c.node("k8s-worker-2");
    assertEquals(Cidr4.parse("10.0.1.0/24"), n.podCidr());
    assertEquals("eth0", n.fib(ip("8.8.8.8")).device().name());
    assertEquals(ip("172.18.0.1"), n.fib(ip("8.8.8.8")).nextHop());
    assertEquals("cilium_host", n.fib(ip("10.0.1.7")).device().name());
    assertEquals(2, n.iface("eth0").ifindex());
    assertEquals(List.of(Cidr4.host(ip("10.0.1.1"))), n.iface("cilium_host").addresses());
    assertEquals(ip("172.18.0.6"), n.k8sNodeIp());
  }

  @Test
  void podsGetTheNextFreeAddressAndANewOneWhenRescheduled() {
    List<ClusterEvent> events = new ArrayList<>();
    Cluster c = threeNodes(events);
    Pod a =
        c.addPod("default", "a", null, Labels.of("app", "x"), null, null, "k8s-worker-1", 0, null);
    Pod b =
        c.addPod("default", "b", null, Labels.of("app", "x"), null, null, "k8s-worker-1", 0, null);
    assertEquals(ip("10.0.0.2"), a.ip());
    assertEquals(ip("10.0.0.3"), b.ip());
    assertEquals(a.identity(), b.identity());
    events.clear();
    c.reschedulePod("default/a", "k8s-worker-3");
    Pod moved = c.pod("default/a");
    assertEquals("k8s-worker-3", moved.nodeName());
    assertEquals(ip("10.0.2.2"), moved.ip());
    assertEquals(a.uid(), moved.uid());
    assertEquals(List.of(new ClusterEvent.PodUpserted(a, moved)), events);
    Pod again = c.addPod("default", "c", null, Labels.EMPTY, null, null, "k8s-worker-1", 0, null);
    assertEquals(ip("10.0.0.2"), again.ip(), "the released address is reused");
    assertEquals(
        new IpCacheEntry(moved.identity(), ip("172.18.0.7")),
        c.ipCache().lookup("k8s-worker-1", moved.ip()));
  }

  @Test
  void explicitIpsAreHonouredAndCheckedAgainstThePodCidr() {
    Cluster c = threeNodes(new ArrayList<>());
    Pod p =
        c.addPod(
            "default",
            "p",
            "uid-1",
            Labels.EMPTY,
            null,
            null,
            "k8s-worker-1",
            ip("10.9.9.9"),
            null);
    assertEquals(ip("10.9.9.9"), p.ip());
    assertEquals("uid-1", p.uid());
    assertEquals(
        "Pod/default/p: IP 10.9.9.9 is outside node k8s-worker-1's pod CIDR 10.0.0.0/24; used as given",
        c.notices().get(0).toString());
  }

  @Test
  void podsWaitForTheirNodeAndNamespaceLabelsChangeIdentities() {
    Cluster c = new Cluster(ClusterConfig.defaults(7));
    Pod p = c.addPod("shop", "p", null, Labels.of("app", "x"), null, null, "late", 0, null);
    assertFalse(p.isRunning());
    assertEquals("node late does not exist", c.pendingPods().get("shop/p"));
    c.addNode(new NodeSpec("late", Labels.EMPTY, ip("172.18.0.9"), 0, null, null));
    Pod running = c.pod("shop/p");
    assertTrue(running.isRunning());
    c.upsertNamespace("shop", Labels.of("team", "payments"));
    Pod relabelled = c.pod("shop/p");
    assertNotEquals(running.identity(), relabelled.identity());
    assertEquals(
        "payments",
        c.identities()
            .lookup(relabelled.identity())
            .labels()
            .get("io.cilium.k8s.namespace.labels.team"));
  }

  @Test
  void deploymentsSpreadRoundRobinAndDaemonSetsFollowNodeSelectors() {
    Cluster c = threeNodes(new ArrayList<>());
    c.apply(
        new DeploymentResource(meta("web"), 6, Labels.of("app", "web"), Labels.EMPTY, null, null));
    Map<String, Integer> perNode = new java.util.TreeMap<>();
    for (Pod p : c.pods()) {
      perNode.merge(p.nodeName(), 1, Integer::sum);
      assertTrue(
          p.name()
              .matches("web-[bcdfghjklmnpqrstvwxz2456789]{10}-[bcdfghjklmnpqrstvwxz2456789]{5}"),
          p.name());
      assertEquals(p.labels().get("pod-template-hash"), p.name().substring(4, 14));
    }
    assertEquals(Map.of("k8s-worker-1", 2, "k8s-worker-2", 2, "k8s-worker-3", 2), perNode);
    c.apply(
        new DeploymentResource(meta("web"), 2, Labels.of("app", "web"), Labels.EMPTY, null, null));
    assertEquals(2, c.pods().size());
    c.apply(
        new DaemonSetResource(
            meta("agent"), Labels.of("app", "agent"), Labels.of("pool", "apps"), null));
    assertEquals(4, c.pods().size());
    c.labelNode("k8s-worker-2", Map.of("pool", "apps"), List.of());
    assertEquals(5, c.pods().size());
    assertEquals(
        1,
        c.podsOn("k8s-worker-2").stream()
            .filter(p -> "agent".equals(p.labels().get("app")))
            .count());
    c.deleteNode("k8s-worker-1");
    assertEquals(
        2,
        c.pods().stream().filter(p -> "web".equals(p.labels().get("app"))).count(),
        "the Deployment replaces its pods of a deleted node");
  }

  @Test
  void aPodThatNoNodeFitsStaysPending() {
    Cluster c = threeNodes(new ArrayList<>());
    c.addPod("default", "p", null, Labels.EMPTY, null, Labels.of("pool", "gpu"), null, 0, null);
    assertEquals("no node matches nodeSelector {pool=gpu}", c.pendingPods().get("default/p"));
  }

  @Test
  void namesAndUidsAreDeterministicPerSeed() {
    Cluster a = threeNodes(new ArrayList<>());
    Cluster b = threeNodes(new ArrayList<>());
    a.apply(
        new DeploymentResource(meta("web"), 3, Labels.of("app", "web"), Labels.EMPTY, null, null));
    b.apply(
        new DeploymentResource(meta("web"), 3, Labels.of("app", "web"), Labels.EMPTY, null, null));
    assertEquals(a.pods().toString(), b.pods().toString());
    assertEquals(
        a.pods().stream().map(Pod::uid).toList(), b.pods().stream().map(Pod::uid).toList());
    assertTrue(
        a.pods()
            .iterator()
            .next()
            .uid()
            .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
  }

  @Test
  void interfaceAddressChangesAreNetlinkEvents() {
    List<ClusterEvent> events = new ArrayList<>();
    Cluster c = threeNodes(events);
    events.clear();
    c.addInterfaceAddress("k8s-worker-2", "eth0", Cidr4.parse("172.18.0.100/16"));
    assertEquals(1, events.size());
    assertTrue(events.get(0) instanceof ClusterEvent.InterfaceAddressChanged);
    assertEquals(2, c.node("k8s-worker-2").iface("eth0").addresses().size());
    c.removeInterfaceAddress("k8s-worker-2", "eth0", ip("172.18.0.6"));
    assertEquals(ip("172.18.0.100"), c.node("k8s-worker-2").iface("eth0").firstIpv4());
  }
}
