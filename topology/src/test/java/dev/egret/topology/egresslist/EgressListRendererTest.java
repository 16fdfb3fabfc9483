package dev.egret.topology.egresslist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.datapath.egress.EgressPolicyMap4;
import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.net.Ip4;
import dev.egret.sim.Rng;
import dev.egret.topology.cluster.Cluster;
import dev.egret.topology.cluster.ClusterConfig;
import dev.egret.topology.cluster.NodeSpec;
import dev.egret.topology.controlplane.CiliumVersion;
import dev.egret.topology.controlplane.egressgateway.EgressControlPlane;
import dev.egret.topology.controlplane.egressgateway.EgressControlPlanes;
import dev.egret.topology.controlplane.egressgateway.ReconcileTrigger;
import dev.egret.topology.k8s.ResourceLoader;
import dev.egret.topology.model.Labels;
import dev.egret.topology.yaml.Problems;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class EgressListRendererTest {
  private static int ip(String s) {
    return Ip4.parse(s);
  }

  @Test
  void tableWithSpecialGatewaysInKernelOrder() throws Exception {
    EgressPolicyMap4 m = new EgressPolicyMap4(16);
    m.update(ip("10.244.3.91"), Cidr4.parse("0.0.0.0/0"), ip("10.10.0.1"), ip("172.18.0.3"));
    m.update(ip("10.244.3.91"), Cidr4.parse("10.0.0.0/8"), ip("10.10.0.1"), 1);
    m.update(ip("10.244.1.7"), Cidr4.parse("1.1.1.0/24"), 0, 0);
    EgressList l = EgressListRenderer.table(m, CiliumVersion.V1_16, Rng.root(1));
    assertEquals(
        "Source IP     Destination CIDR   Egress IP   Gateway IP\n"
            + "10.244.1.7    1.1.1.0/24         0.0.0.0     Not Found\n"
            + "10.244.3.91   10.0.0.0/8         10.10.0.1   Excluded CIDR\n"
            + "10.244.3.91   0.0.0.0/0          10.10.0.1   172.18.0.3\n",
        l.stdout());
    assertEquals("", l.stderr());
  }

  @Test
  void emptyMapPrintsNoEntriesOnStderr() {
    EgressList l =
        EgressListRenderer.table(new EgressPolicyMap4(4), CiliumVersion.V1_18, Rng.root(1));
    assertEquals("", l.stdout());
    assertEquals("No entries found.\n", l.stderr());
    assertEquals(
        "[]\n\n", EgressListRenderer.json(new EgressPolicyMap4(4), CiliumVersion.V1_16).stdout());
  }

  @Test
  void jsonOutput() throws Exception {
    EgressPolicyMap4 m = new EgressPolicyMap4(4);
    m.update(ip("10.244.3.91"), Cidr4.parse("0.0.0.0/0"), 0, ip("172.18.0.3"));
    m.update(ip("10.244.3.91"), Cidr4.parse("10.0.0.0/8"), 0, 1);
    assertEquals(
        "[\n"
            + "  {\n"
            + "    \"SourceIP\": \"10.244.3.91\",\n"
            + "    \"DestCIDR\": \"10.0.0.0/8\",\n"
            + "    \"EgressIP\": \"0.0.0.0\",\n"
            + "    \"GatewayIP\": \"Excluded CIDR\"\n"
            + "  },\n"
            + "  {\n"
            + "    \"SourceIP\": \"10.244.3.91\",\n"
            + "    \"DestCIDR\": \"0.0.0.0/0\",\n"
            + "    \"EgressIP\": \"0.0.0.0\",\n"
            + "    \"GatewayIP\": \"172.18.0.3\"\n"
            + "  }\n"
            + "]\n\n",
        EgressListRenderer.json(m, CiliumVersion.V1_16).stdout());
  }

  @Test
  void tabwriterLastCellIsNotPadded() {
    assertEquals(
        "a       bb   c\nlonger  b    cc\n",
        new TabWriter(5, 2, ' ').write("a\tbb\tc\nlonger\tb\tcc\n").flush());
  }

  /** Seed 004: the k8s-guide lab's CiliumEgressNATPolicy under 1.10, seen on k8s-guide-worker2. */
  @Test
  void k8sGuideLab110() {
    Cluster c = new Cluster(ClusterConfig.defaults(4));
    c.addNode(node("k8s-guide-control-plane", "172.18.0.3", "10.0.0.0/24"));
    c.addNode(node("k8s-guide-worker", "172.18.0.5", "10.0.1.0/24"));
    c.addNode(node("k8s-guide-worker2", "172.18.0.6", "10.0.2.0/24"));
    Problems p = new Problems();
    new ResourceLoader(CiliumVersion.V1_10)
        .load(
            "apiVersion: cilium.io/v2alpha1\nkind: CiliumEgressNATPolicy\nmetadata:\n  name: egress-all\n"
                + "spec:\n  egress:\n  - podSelector:\n      matchLabels:\n"
                + "        io.kubernetes.pod.namespace: default\n"
                + "  destinationCIDRs:\n  - 172.18.0.0/16\n  egressSourceIP: 172.18.0.3\n",
            "egress-nat.yaml",
            p)
        .forEach(c::apply);
    assertEquals(List.of(), p.all());
    EgressControlPlane cp =
        EgressControlPlanes.create(c, CiliumVersion.V1_10, ReconcileTrigger.immediate(), 16384, 4);
    cp.start();
    c.addPod(
        "default",
        "net-tshoot-5ngbc",
        null,
        Labels.of("name", "net-tshoot"),
        null,
        null,
        "k8s-guide-control-plane",
        ip("10.0.0.31"),
        null);
    c.addPod(
        "default",
        "net-tshoot-pcgf8",
        null,
        Labels.of("name", "net-tshoot"),
        null,
        null,
        "k8s-guide-worker",
        ip("10.0.1.209"),
        null);
    c.addPod(
        "default",
        "net-tshoot-gcj27",
        null,
        Labels.of("name", "net-tshoot"),
        null,
        null,
        "k8s-guide-worker2",
        ip("10.0.2.14"),
        null);
    EgressPolicyMap4 m = cp.mapFor("k8s-guide-worker2");
    assertEquals("cilium_egress_v4", m.name());
    assertEquals(
        "key: 30 00 00 00 0a 00 00 1f  ac 12 00 00  value: ac 12 00 03 ac 12 00 03\n"
            + "key: 30 00 00 00 0a 00 01 d1  ac 12 00 00  value: ac 12 00 03 ac 12 00 03\n"
            + "key: 30 00 00 00 0a 00 02 0e  ac 12 00 00  value: ac 12 00 03 ac 12 00 03\n"
            + "Found 3 elements\n",
        m.bpftoolDump());
    EgressList l =
        EgressListRenderer.table(m, CiliumVersion.V1_10, Rng.root(4).stream("egress-list"));
    List<String> lines = l.stdout().lines().toList();
    assertEquals("SRC IP & DST CIDR" + " ".repeat(10) + "EGRESS INFO", lines.get(0));
    Set<String> rows = new TreeSet<>(lines.subList(1, lines.size()));
    assertEquals(
        Set.of(
            "10.0.0.31 172.18.0.0/16    172.18.0.3 172.18.0.3   ",
            "10.0.1.209 172.18.0.0/16   172.18.0.3 172.18.0.3   ",
            "10.0.2.14 172.18.0.0/16    172.18.0.3 172.18.0.3   "),
        rows);
    // Go map order: the same seed gives the same order, other seeds (generally) another one
    assertEquals(
        l, EgressListRenderer.table(m, CiliumVersion.V1_10, Rng.root(4).stream("egress-list")));
    boolean differs = false;
    for (int s = 0; s < 20; s++) {
      differs |= !l.equals(EgressListRenderer.table(m, CiliumVersion.V1_10, Rng.root(s)));
    }
    assertTrue(differs);
    assertNotEquals("", EgressListRenderer.json(m, CiliumVersion.V1_10).stdout());
    assertEquals(
        "{\n  \"10.0.0.31 172.18.0.0/16\": [\n    \"172.18.0.3 172.18.0.3\"\n  ],\n"
            + "  \"10.0.1.209 172.18.0.0/16\": [\n    \"172.18.0.3 172.18.0.3\"\n  ],\n"
            + "  \"10.0.2.14 172.18.0.0/16\": [\n    \"172.18.0.3 172.18.0.3\"\n  ]\n}\n\n",
        EgressListRenderer.json(m, CiliumVersion.V1_10).stdout());
  }

  private static NodeSpec node(String name, String ip, String podCidr) {
    return new NodeSpec(
        name, Labels.of("kubernetes.io/hostname", name), ip(ip), 0, Cidr4.parse(podCidr), null);
  }
}
