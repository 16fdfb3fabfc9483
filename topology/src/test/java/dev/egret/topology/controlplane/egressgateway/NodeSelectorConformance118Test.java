package dev.egret.topology.controlplane.egressgateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.egret.datapath.egress.EgressPolicyMap4;
import dev.egret.datapath.net.Ip4;
import dev.egret.topology.cluster.Cluster;
import dev.egret.topology.cluster.ClusterConfig;
import dev.egret.topology.cluster.NodeSpec;
import dev.egret.topology.controlplane.CiliumVersion;
import dev.egret.topology.k8s.ResourceLoader;
import dev.egret.topology.model.Labels;
import dev.egret.topology.yaml.Problems;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * reference §7.6 TestPolicyConfig_updateMatchedEndpointIDs (selectors[].nodeSelector, ≥1.17), under
 * 1.18 semantics; each case alone.
 */
class NodeSelectorConformance118Test {

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "node labels match               | 192.168.1.10 | node-name=node1 | false | 1",
        "namespace label in the selector | 192.168.1.10 | node-name=node1 | true  | 1",
        "endpoint's node unknown         | 192.168.1.11 | node-name=node1 | false | 0",
        "node labels do not match        | 192.168.1.10 | bar=bar         | false | 0",
      })
  void updateMatchedEndpointIds(
      String name, String knownNodeIp, String nodeLabel, boolean withNamespace, int matches) {
    Cluster c = new Cluster(ClusterConfig.defaults(1));
    String[] kv = nodeLabel.split("=");
    // the node map knows only knownNodeIp; the endpoint runs on the node with 192.168.1.10
    String known = knownNodeIp.endsWith(".10") ? "node1" : "node2";
    c.addNode(new NodeSpec(known, Labels.of(kv[0], kv[1]), Ip4.parse(knownNodeIp), 0, null, null));
    Problems p = new Problems();
    new ResourceLoader(CiliumVersion.V1_18)
        .load(
            "apiVersion: cilium.io/v2\nkind: CiliumEgressGatewayPolicy\nmetadata: {name: p}\n"
                + "spec:\n  selectors:\n  - podSelector:\n      matchLabels: {app: test"
                + (withNamespace ? ", io.kubernetes.pod.namespace: default" : "")
                + "}\n    nodeSelector: {matchLabels: {node-name: node1}}\n"
                + "  destinationCIDRs: [0.0.0.0/0]\n"
                + "  egressGateway: {nodeSelector: {matchLabels: {x: y}}}\n",
            "p.yaml",
            p)
        .forEach(c::apply);
    assertEquals(0, p.errorCount(), p.all().toString());
    EgressGatewayManager m =
        new EgressGatewayManager(
            c,
            CiliumVersion.V1_18,
            ReconcileTrigger.immediate(),
            EgressPolicyMap4.EGRESS_POLICY_MAP_SIZE,
            1);
    m.start();
    Labels ep =
        withNamespace
            ? Labels.of("app", "test", "io.kubernetes.pod.namespace", "default")
            : Labels.of("app", "test");
    m.upsertEndpoint(
        new Endpoint(
            "123456",
            "default/ep",
            Ip4.parse("10.0.0.1"),
            c.identities().allocate(ep).id(),
            ep,
            "node1"));
    assertEquals(matches, m.matchedEndpoints("p").size());
  }

  /** Node upserts and deletes re-evaluate the endpoints of the node (reference §5.5, §6.1). */
  @org.junit.jupiter.api.Test
  void nodeEventsReevaluateSourceNodeSelectors() {
    Cluster c = new Cluster(ClusterConfig.defaults(1));
    Problems p = new Problems();
    new ResourceLoader(CiliumVersion.V1_18)
        .load(
            "apiVersion: cilium.io/v2\nkind: CiliumEgressGatewayPolicy\nmetadata: {name: p}\n"
                + "spec:\n  selectors:\n  - podSelector: {matchLabels: {app: test}}\n"
                + "    nodeSelector: {matchLabels: {node-name: node1}}\n"
                + "  destinationCIDRs: [0.0.0.0/0]\n"
                + "  egressGateway: {nodeSelector: {matchLabels: {x: y}}}\n",
            "p.yaml",
            p)
        .forEach(c::apply);
    EgressGatewayManager m =
        new EgressGatewayManager(c, CiliumVersion.V1_18, ReconcileTrigger.immediate(), 16384, 1);
    m.start();
    Labels ep = Labels.of("app", "test");
    m.upsertEndpoint(
        new Endpoint(
            "u",
            "default/ep",
            Ip4.parse("10.0.0.1"),
            c.identities().allocate(ep).id(),
            ep,
            "node1"));
    assertEquals(0, m.matchedEndpoints("p").size(), "node1 is not known yet");
    c.addNode(
        new NodeSpec(
            "node1", Labels.of("node-name", "node1"), Ip4.parse("192.168.1.10"), 0, null, null));
    assertEquals(1, m.matchedEndpoints("p").size());
    c.labelNode("node1", java.util.Map.of("node-name", "other"), java.util.List.of());
    assertEquals(0, m.matchedEndpoints("p").size());
    c.labelNode("node1", java.util.Map.of("node-name", "node1"), java.util.List.of());
    assertEquals(1, m.matchedEndpoints("p").size());
    c.deleteNode("node1");
    assertEquals(0, m.matchedEndpoints("p").size());
  }

  /**
   * reference §5.5 quirk: the nodeSelectors of all selectors[] items form one policy-wide list, so
   * [{podSelector A, nodeSelector N}, {podSelector B}] selects (A or B) on nodes matching N only.
   */
  @org.junit.jupiter.api.Test
  void nodeSelectorsArePolicyWide() {
    Cluster c = new Cluster(ClusterConfig.defaults(1));
    c.addNode(new NodeSpec("n1", Labels.of("zone", "a"), Ip4.parse("192.168.1.1"), 0, null, null));
    c.addNode(new NodeSpec("n2", Labels.of("zone", "b"), Ip4.parse("192.168.1.2"), 0, null, null));
    Problems p = new Problems();
    new ResourceLoader(CiliumVersion.V1_18)
        .load(
            "apiVersion: cilium.io/v2\nkind: CiliumEgressGatewayPolicy\nmetadata: {name: p}\n"
                + "spec:\n  selectors:\n  - podSelector: {matchLabels: {app: a}}\n"
                + "    nodeSelector: {matchLabels: {zone: a}}\n"
                + "  - podSelector: {matchLabels: {app: b}}\n"
                + "  destinationCIDRs: [0.0.0.0/0]\n"
                + "  egressGateway: {nodeSelector: {matchLabels: {zone: a}}}\n",
            "p.yaml",
            p)
        .forEach(c::apply);
    EgressGatewayManager m =
        new EgressGatewayManager(c, CiliumVersion.V1_18, ReconcileTrigger.immediate(), 16384, 1);
    m.start();
    c.addPod("default", "a1", "ua1", Labels.of("app", "a"), null, null, "n1", 0, null);
    c.addPod("default", "a2", "ua2", Labels.of("app", "a"), null, null, "n2", 0, null);
    c.addPod("default", "b1", "ub1", Labels.of("app", "b"), null, null, "n1", 0, null);
    c.addPod("default", "b2", "ub2", Labels.of("app", "b"), null, null, "n2", 0, null);
    assertEquals(
        java.util.List.of("ua1", "ub1"),
        m.matchedEndpoints("p").stream().map(Endpoint::uid).sorted().toList(),
        "b2 runs on a zone-b node: not selected although its own item has no nodeSelector");
    // under 1.16 the nodeSelector is ignored (a warning): every a and b pod is selected
    Cluster c16 = new Cluster(ClusterConfig.defaults(1));
    c16.addNode(
        new NodeSpec("n1", Labels.of("zone", "a"), Ip4.parse("192.168.1.1"), 0, null, null));
    c16.addNode(
        new NodeSpec("n2", Labels.of("zone", "b"), Ip4.parse("192.168.1.2"), 0, null, null));
    new ResourceLoader(CiliumVersion.V1_16)
        .load(
            "apiVersion: cilium.io/v2\nkind: CiliumEgressGatewayPolicy\nmetadata: {name: p}\n"
                + "spec:\n  selectors:\n  - podSelector: {matchLabels: {app: a}}\n"
                + "    nodeSelector: {matchLabels: {zone: a}}\n"
                + "  - podSelector: {matchLabels: {app: b}}\n"
                + "  destinationCIDRs: [0.0.0.0/0]\n"
                + "  egressGateway: {nodeSelector: {matchLabels: {zone: a}}}\n",
            "p.yaml",
            new Problems())
        .forEach(c16::apply);
    EgressGatewayManager m16 =
        new EgressGatewayManager(c16, CiliumVersion.V1_16, ReconcileTrigger.immediate(), 16384, 1);
    m16.start();
    c16.addPod("default", "a2", "ua2", Labels.of("app", "a"), null, null, "n2", 0, null);
    c16.addPod("default", "b2", "ub2", Labels.of("app", "b"), null, null, "n2", 0, null);
    assertEquals(2, m16.matchedEndpoints("p").size());
  }
}
