package dev.egret.topology.controlplane.egressgateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.net.Ip4;
import dev.egret.sim.Durations;
import dev.egret.sim.Rng;
import dev.egret.sim.Simulation;
import dev.egret.topology.cluster.Cluster;
import dev.egret.topology.cluster.ClusterConfig;
import dev.egret.topology.cluster.NodeSpec;
import dev.egret.topology.controlplane.CiliumVersion;
import dev.egret.topology.egresslist.EgressListRenderer;
import dev.egret.topology.k8s.K8sResource;
import dev.egret.topology.k8s.ResourceLoader;
import dev.egret.topology.model.Labels;
import dev.egret.topology.model.NodeNetwork.InterfaceSpec;
import dev.egret.topology.model.Pod;
import dev.egret.topology.yaml.Problem;
import dev.egret.topology.yaml.Problems;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stories of the seed documents, driven through the cluster as the replay engine will. */
class SeedStoriesTest {
  private static int ip(String s) {
    return Ip4.parse(s);
  }

  private static Cluster workers(CiliumVersion v, int n) {
    Cluster c = new Cluster(ClusterConfig.defaults(7));
    for (int i = 1; i <= n; i++) {
      String name = "k8s-worker-" + i;
      Labels l = Labels.of("kubernetes.io/hostname", name);
      if (i == 2) {
        l = l.with("egress-node", "true").with("node.kubernetes.io/name", "node2");
      }
      if (i == 1) {
        l = l.with("node.kubernetes.io/name", "node1");
      }
      List<InterfaceSpec> ifs =
          i == 2
              ? List.of(
                  new InterfaceSpec("eth0", List.of(new Cidr4(ip("172.18.0.3"), 16))),
                  new InterfaceSpec("eth1", List.of(Cidr4.parse("10.168.60.100/24"))))
              : null;
      c.addNode(
          new NodeSpec(name, l, ip(i == 2 ? "172.18.0.3" : "172.18.0." + (3 + i)), 0, null, ifs));
    }
    return c;
  }

  private static List<String> apply(Cluster c, CiliumVersion v, String yaml) {
    Problems p = new Problems();
    List<K8sResource> rs = new ResourceLoader(v).load(yaml, "seed.yaml", p);
    rs.forEach(c::apply);
    return p.all().stream().map(Problem::format).toList();
  }

  /** Seed 001: my-app is rescheduled; the gateway chosen by label keeps egressing it via eth0. */
  @Test
  void seed001RescheduleKeepsTheGateway() {
    Simulation sim = Simulation.create(7);
    Cluster c = workers(CiliumVersion.V1_16, 3);
    EgressControlPlane cp =
        EgressControlPlanes.create(
            c, CiliumVersion.V1_16, ReconcileTrigger.simulation(sim, Durations.SECOND), 16384, 7);
    assertEquals(
        List.of(),
        apply(
            c,
            CiliumVersion.V1_16,
            "apiVersion: cilium.io/v2\nkind: CiliumEgressGatewayPolicy\nmetadata:\n  name: egress-sample\n"
                + "spec:\n  egressGateway:\n    nodeSelector:\n      matchLabels:\n"
                + "        egress-node: \"true\"\n        kubernetes.io/hostname: \"k8s-worker-2\"\n"
                + "    interface: eth0\n  destinationCIDRs:\n  - 172.18.0.0/16\n  - 93.184.0.0/16\n"
                + "  selectors:\n  - podSelector:\n      matchLabels:\n        app: my-app\n"
                + "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: my-app\n  labels:\n    app: my-app\n"
                + "spec:\n  containers:\n  - name: my-app\n    image: curlimages/curl\n"
                + "  nodeSelector:\n    kubernetes.io/hostname: k8s-worker-1\n"));
    cp.start();
    sim.runUntil(0);
    Pod before = c.pod("default/my-app");
    assertEquals("k8s-worker-1", before.nodeName());
    String table =
        EgressListRenderer.table(cp.mapFor("k8s-worker-2"), CiliumVersion.V1_16, Rng.root(7))
            .stdout();
    assertEquals(
        "Source IP   Destination CIDR   Egress IP    Gateway IP\n"
            + Ip4.format(before.ip())
            + "    93.184.0.0/16      172.18.0.3   172.18.0.3\n"
            + Ip4.format(before.ip())
            + "    172.18.0.0/16      172.18.0.3   172.18.0.3\n",
        table);
    sim.scheduleAt(Durations.millis(5000), s -> c.reschedulePod("default/my-app", "k8s-worker-3"));
    sim.scheduleAt(
        Durations.millis(5200),
        s -> c.labelPod("default/my-app", java.util.Map.of("x", "1"), List.of()));
    sim.runUntil(Durations.millis(5500));
    Pod after = c.pod("default/my-app");
    assertEquals("k8s-worker-3", after.nodeName());
    assertEquals(
        List.of(
            Ip4.format(after.ip()) + " 172.18.0.0/16 : 172.18.0.3 / 172.18.0.3",
            Ip4.format(after.ip()) + " 93.184.0.0/16 : 172.18.0.3 / 172.18.0.3"),
        List.copyOf(Fixture.entries(cp.mapFor("k8s-worker-2"))));
    assertEquals(
        List.of(
            Ip4.format(after.ip()) + " 172.18.0.0/16 : 0.0.0.0 / 172.18.0.3",
            Ip4.format(after.ip()) + " 93.184.0.0/16 : 0.0.0.0 / 172.18.0.3"),
        List.copyOf(Fixture.entries(cp.mapFor("k8s-worker-3"))));
    // the reschedule ran at once (idle since t=0); the relabel 200 ms later waits for the interval
    assertEquals(List.of(0L, Durations.millis(5000)), cp.reconciliationTimes());
    sim.run();
    assertEquals(
        List.of(0L, Durations.millis(5000), Durations.millis(6000)), cp.reconciliationTimes());
  }

  private static final String MEDIABOT =
      "apiVersion: cilium.io/v2\nkind: CiliumEgressGatewayPolicy\nmetadata:\n  name: egress-sample\n"
          + "spec:\n  selectors:\n  - podSelector:\n      matchLabels:\n        org: empire\n"
          + "        class: mediabot\n    nodeSelector:\n      matchLabels:\n"
          + "        node.kubernetes.io/name: node1\n  destinationCIDRs:\n  - \"0.0.0.0/0\"\n  - \"::/0\"\n"
          + "  egressGateway:\n    nodeSelector:\n      matchLabels:\n        node.kubernetes.io/name: node2\n"
          + "    egressIP: 10.168.60.100\n";

  /** Seed 002: the mediabot policy (selector nodeSelector, egressIP, dual-stack) under 1.18. */
  @Test
  void seed002MediabotUnder118() {
    Cluster c = workers(CiliumVersion.V1_18, 3);
    EgressControlPlane cp =
        EgressControlPlanes.create(c, CiliumVersion.V1_18, ReconcileTrigger.immediate(), 16384, 7);
    cp.start();
    assertEquals(
        List.of(
            "seed.yaml:16:5: warning: spec.destinationCIDRs[1]: IPv6 CIDR accepted by Cilium 1.18,"
                + " but egret models the IPv4 map only: no entry is computed for it"),
        apply(c, CiliumVersion.V1_18, MEDIABOT));
    Labels bot = Labels.of("org", "empire", "class", "mediabot");
    Pod on1 = c.addPod("default", "bot-1", null, bot, null, null, "k8s-worker-1", 0, null);
    c.addPod("default", "bot-3", null, bot, null, null, "k8s-worker-3", 0, null);
    assertEquals(
        List.of(Ip4.format(on1.ip()) + " 0.0.0.0/0 : 10.168.60.100 / 172.18.0.3"),
        List.copyOf(Fixture.entries(cp.mapFor("k8s-worker-2"))),
        "only traffic from node1 is SNATed");
  }

  /** Seed 002's policy under 1.16: the CRD of 1.16 rejects "::/0". */
  @Test
  void seed002MediabotUnder116IsRejected() {
    Cluster c = workers(CiliumVersion.V1_16, 2);
    assertEquals(
        List.of(
            "seed.yaml:11:5: warning: spec.selectors[0].nodeSelector: supported from Cilium 1.17;"
                + " ignored under 1.16 (the policy applies to pods on every node)",
            "seed.yaml:16:5: spec.destinationCIDRs[1]: \"::/0\" is an IPv6 CIDR; Cilium 1.16 accepts"
                + " only IPv4 CIDRs here (IPv6 arrived in 1.18)"),
        apply(c, CiliumVersion.V1_16, MEDIABOT));
    assertTrue(c.policies().isEmpty());
  }

  /** Seed 003: interface and egressIP together are rejected; the multi-selector policy works. */
  @Test
  void seed003Policies() {
    Cluster c = workers(CiliumVersion.V1_16, 3);
    c.labelNode("k8s-worker-2", java.util.Map.of("egress-gateway", "true"), List.of());
    EgressGatewayManager m =
        new EgressGatewayManager(c, CiliumVersion.V1_16, ReconcileTrigger.immediate(), 16384, 7);
    m.start();
    List<String> problems =
        apply(
            c,
            CiliumVersion.V1_16,
            "apiVersion: cilium.io/v2\nkind: CiliumEgressGatewayPolicy\nmetadata:\n  name: external-api-egress\n"
                + "spec:\n  selectors:\n    - podSelector:\n        matchLabels:\n          app: payment-service\n"
                + "  destinationCIDRs:\n    - \"0.0.0.0/0\"\n  egressGateway:\n    nodeSelector:\n"
                + "      matchLabels:\n        egress-gateway: \"true\"\n    interface: eth0\n"
                + "    egressIP: 10.0.1.100\n"
                + "---\napiVersion: cilium.io/v2\nkind: CiliumEgressGatewayPolicy\nmetadata:\n"
                + "  name: multi-criteria-egress\nspec:\n  selectors:\n    - podSelector:\n"
                + "        matchLabels:\n          app: payment\n          env: production\n"
                + "    - podSelector:\n        matchLabels:\n          network: external-api\n"
                + "    - podSelector:\n        matchExpressions:\n          - key: io.kubernetes.pod.namespace\n"
                + "            operator: In\n            values:\n              - finance\n              - compliance\n"
                + "  destinationCIDRs:\n    - \"0.0.0.0/0\"\n  excludedCIDRs:\n    - \"10.0.0.0/8\"\n"
                + "    - \"172.16.0.0/12\"\n  egressGateway:\n    nodeSelector:\n      matchLabels:\n"
                + "        egress-gateway: \"true\"\n    egressIP: 10.0.1.100\n");
    assertEquals(
        List.of(
            "seed.yaml:13:5: spec.egressGateway: interface and egressIP are mutually exclusive (set"
                + " only one; Cilium rejects the policy)"),
        problems);
    assertEquals(List.of("multi-criteria-egress"), List.copyOf(c.policies().keySet()));
    c.upsertNamespace("finance", Labels.EMPTY);
    Pod fin =
        c.addPod(
            "finance",
            "ledger",
            null,
            Labels.of("app", "ledger"),
            null,
            null,
            "k8s-worker-1",
            0,
            null);
    Pod pay =
        c.addPod(
            "shop",
            "pay",
            null,
            Labels.of("app", "payment", "env", "production"),
            null,
            null,
            "k8s-worker-3",
            0,
            null);
    c.addPod(
        "shop",
        "web",
        null,
        Labels.of("app", "payment", "env", "staging"),
        null,
        null,
        "k8s-worker-3",
        0,
        null);
    assertEquals(
        List.of(fin.uid(), pay.uid()),
        m.matchedEndpoints("multi-criteria-egress").stream()
            .map(Endpoint::uid)
            .sorted((a, b) -> a.equals(fin.uid()) ? -1 : 1)
            .toList());
    // 10.0.1.100 is on no interface of k8s-worker-2: 1.16 keeps the configured IP (reference §2.2)
    assertEquals(
        ip("10.0.1.100"),
        m.mapFor("k8s-worker-2").get(fin.ip(), Cidr4.parse("0.0.0.0/0")).egressIp());
    assertEquals(
        List.of(WarningKind.SELECTOR_MATCHES_NO_POD, WarningKind.EGRESS_IP_NOT_FOUND),
        m.warnings().stream().map(EgressWarning::kind).toList());
  }
}
