package dev.egret.topology.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.egret.topology.model.Labels;
import org.junit.jupiter.api.Test;

class IdentityTest {
  @Test
  void identityLabelsFollowTheDefaultFilter() {
    Labels pod =
        Labels.of(
            "app", "web",
            "app.kubernetes.io/name", "shop",
            "pod-template-hash", "7c9d8f6b5",
            "controller-revision-hash", "abc",
            "statefulset.kubernetes.io/pod-name", "db-0",
            "kubernetes.io/hostname", "n1",
            "io.kubernetes.pod.namespace", "spoofed",
            "topology.kubernetes.io/zone", "a");
    Labels ns = Labels.of("team", "payments", "kubernetes.io/metadata.name", "shop");
    assertEquals(
        Labels.of(
            "app", "web",
            "app.kubernetes.io/name", "shop",
            "io.kubernetes.pod.namespace", "shop",
            "io.cilium.k8s.namespace.labels.team", "payments",
            "io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name", "shop",
            "io.cilium.k8s.policy.serviceaccount", "default",
            "io.cilium.k8s.policy.cluster", "default"),
        LabelFilter.identityLabels(pod, "shop", ns, null));
  }

  @Test
  void identitiesAreAllocatedFrom256InOrderOfFirstSight() {
    IdentityAllocator a = new IdentityAllocator();
    assertEquals(256, a.allocate(Labels.of("a", "1")).id());
    assertEquals(257, a.allocate(Labels.of("a", "2")).id());
    assertEquals(256, a.allocate(Labels.of("a", "1")).id());
    assertEquals(Labels.of("a", "2"), a.lookup(257).labels());
    assertNull(a.lookup(ReservedIdentity.WORLD));
  }

  @Test
  void ipcacheViewsPerNode() {
    IpCache c = new IpCache();
    c.setTunnelEndpoint("n1", 0xac120005);
    c.setTunnelEndpoint("n2", 0xac120003);
    c.upsertNodeAddress(0xac120005, "n1");
    c.upsertNodeAddress(0xac120003, "n2");
    c.upsertEndpoint(0x0a000102, 300, "n1");
    assertEquals(new IpCacheEntry(300, 0), c.lookup("n1", 0x0a000102));
    assertEquals(new IpCacheEntry(300, 0xac120005), c.lookup("n2", 0x0a000102));
    assertEquals(new IpCacheEntry(ReservedIdentity.HOST, 0), c.lookup("n1", 0xac120005));
    assertEquals(
        new IpCacheEntry(ReservedIdentity.REMOTE_NODE, 0xac120005), c.lookup("n2", 0xac120005));
    assertEquals(IpCacheEntry.WORLD, c.lookup("n2", 0x08080808));
  }
}
