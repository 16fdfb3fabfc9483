package dev.egret.topology.controlplane.egressgateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.egret.datapath.egress.EgressPolicyEntry;
import dev.egret.datapath.egress.EgressPolicyMap4;
import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.net.Ip4;
import dev.egret.topology.cluster.Cluster;
import dev.egret.topology.cluster.ClusterConfig;
import dev.egret.topology.cluster.NodeSpec;
import dev.egret.topology.controlplane.CiliumVersion;
import dev.egret.topology.k8s.K8sResource;
import dev.egret.topology.k8s.ResourceLoader;
import dev.egret.topology.model.Labels;
import dev.egret.topology.model.NodeNetwork.InterfaceSpec;
import dev.egret.topology.yaml.Problems;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The constants and helpers of Cilium's manager_privileged_test.go (reference §7): nodes k8s1..3,
 * groups, endpoint IPs and labels, CIDRs and the cilium_egw1/2 dummy interfaces of the local node.
 */
final class Fixture {
  static final String K8S1 = "k8s1";
  static final String K8S2 = "k8s2";
  static final String K8S3 = "k8s3";
  static final Labels GROUP1 = Labels.of("label1", "1");
  static final Labels GROUP2 = Labels.of("label2", "2");
  static final Labels GROUP3 = Labels.of("label3", "3");
  static final Labels NOT_FOUND = Labels.of("label1", "notfound");
  static final Labels EP1_LABELS = Labels.of("test-key", "test-value-1");
  static final Labels EP2_LABELS = Labels.of("test-key", "test-value-2");
  static final String E1 = "192.168.101.1";
  static final String E2 = "192.168.102.1";

  final Cluster cluster;
  final EgressGatewayManager manager;
  final CiliumVersion version;

  Fixture(CiliumVersion version, String... nodes) {
    this.version = version;
    this.cluster = new Cluster(ClusterConfig.defaults(1));
    for (String n : nodes) {
      addNode(n);
    }
    this.manager =
        new EgressGatewayManager(
            cluster,
            version,
            ReconcileTrigger.immediate(),
            EgressPolicyMap4.EGRESS_POLICY_MAP_SIZE,
            1);
    manager.start();
  }

  void addNode(String n) {
    int i = Integer.parseInt(n.substring(3));
    Labels l = i == 1 ? GROUP1 : i == 2 ? GROUP2 : GROUP3;
    int ip = Ip4.parse("192.168.1." + i);
    List<InterfaceSpec> ifs = new ArrayList<>();
    ifs.add(new InterfaceSpec("eth0", List.of(new Cidr4(ip, 24))));
    if (i == 1) {
      // the dummy links exist on the local node only, as in the Cilium test
      ifs.add(new InterfaceSpec("cilium_egw1", List.of(Cidr4.parse(E1 + "/24"))));
      ifs.add(new InterfaceSpec("cilium_egw2", List.of(Cidr4.parse(E2 + "/24"))));
    }
    cluster.addNode(new NodeSpec(n, l, ip, 0, null, ifs));
  }

  /** A CiliumEndpoint with identity labels {@code labels} (an identity allocated from them). */
  Endpoint endpoint(String name, String uid, String ip, Labels labels, String node) {
    int id = cluster.identities().allocate(labels).id();
    return new Endpoint(uid, name, Ip4.parse(ip), id, labels, node);
  }

  void addEndpoint(String name, String uid, String ip, Labels labels) {
    manager.upsertEndpoint(endpoint(name, uid, ip, labels, K8S1));
  }

  /** Applies policy YAML (loader + cluster), failing on any error. */
  void apply(String yaml) {
    Problems p = new Problems();
    List<K8sResource> rs = new ResourceLoader(version).load(yaml, "policy.yaml", p);
    assertFalse(p.hasErrors(), p.all().toString());
    rs.forEach(cluster::apply);
  }

  static String policy(
      String name,
      String podLabel,
      List<String> dst,
      List<String> excluded,
      String gwSelector,
      String iface) {
    return "apiVersion: cilium.io/v2\nkind: CiliumEgressGatewayPolicy\nmetadata:\n  name: "
        + name
        + "\nspec:\n  selectors:\n  - podSelector:\n      matchLabels:\n        test-key: "
        + podLabel
        + "\n  destinationCIDRs: "
        + dst
        + "\n"
        + (excluded.isEmpty() ? "" : "  excludedCIDRs: " + excluded + "\n")
        + "  egressGateway:\n    nodeSelector:\n      matchLabels: "
        + gwSelector
        + "\n    interface: "
        + iface
        + "\n";
  }

  /** Entries as "src dst : egress / gateway", sorted. */
  static Set<String> entries(EgressPolicyMap4 m) {
    Set<String> out = new TreeSet<>();
    for (EgressPolicyEntry e : m.dump()) {
      out.add(
          Ip4.format(e.sourceIp())
              + " "
              + e.destination()
              + " : "
              + Ip4.format(e.egressIp())
              + " / "
              + Ip4.format(e.gatewayIp()));
    }
    return out;
  }

  void assertMap(String node, String... expected) {
    assertEquals(
        new TreeSet<>(Arrays.asList(expected)), entries(manager.mapFor(node)), "map of " + node);
  }
}
