package dev.egret.topology.controlplane.egressgateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.egret.datapath.egress.EgressPolicyMap4;
import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.net.Ip4;
import dev.egret.sim.Rng;
import dev.egret.topology.cluster.Cluster;
import dev.egret.topology.cluster.ClusterConfig;
import dev.egret.topology.cluster.NodeSpec;
import dev.egret.topology.controlplane.CiliumVersion;
import dev.egret.topology.controlplane.egressgateway.EgressIpDerivation.Path;
import dev.egret.topology.egresslist.EgressList;
import dev.egret.topology.egresslist.EgressListRenderer;
import dev.egret.topology.k8s.ResourceLoader;
import dev.egret.topology.model.Labels;
import dev.egret.topology.model.NodeNetwork.InterfaceSpec;
import dev.egret.topology.yaml.Problems;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * reference §7.7 script tests (testdata/test.txtar and test_egressip.txtar), IPv4 parts, under
 * 1.16, from localnode1's perspective. Our 1.16 map has no ifindex column; the derived ifindex is
 * checked on the gateway config instead. egret's ifindex scheme puts lo at 1, so eth0 is 2 and eth1
 * 3 (Cilium's test devices are eth0 = 1, eth1 = 2); interface altnames are not modelled.
 */
class ScriptConformanceTest {
  private static final String LOCAL = "localnode1";

  private static Fixtureless setup() {
    Cluster c = new Cluster(ClusterConfig.defaults(1));
    c.addNode(
        new NodeSpec(
            LOCAL,
            Labels.of("kubernetes.io/hostname", "kind-worker", "foo", "bar"),
            Ip4.parse("172.18.0.3"),
            0,
            null,
            List.of(
                new InterfaceSpec("eth0", List.of(Cidr4.parse("10.10.0.1/24"))),
                new InterfaceSpec("eth1", List.of(Cidr4.parse("10.10.0.2/24"))))));
    c.addNode(new NodeSpec("remote", Labels.EMPTY, Ip4.parse("172.18.0.5"), 0, null, null));
    EgressGatewayManager m =
        new EgressGatewayManager(
            c,
            CiliumVersion.V1_16,
            ReconcileTrigger.immediate(),
            EgressPolicyMap4.EGRESS_POLICY_MAP_SIZE,
            1);
    m.start();
    Labels foo = Labels.of("foo", "bar");
    m.upsertEndpoint(
        new Endpoint(
            "7c22952d-25a0-409d-952c-60895b5c2a90",
            "test1/client1-795488bf5-2tplm",
            Ip4.parse("10.244.3.91"),
            c.identities().allocate(foo).id(),
            foo,
            "remote"));
    return new Fixtureless(c, m);
  }

  private record Fixtureless(Cluster cluster, EgressGatewayManager manager) {
    void apply(String gatewayField) {
      Problems p = new Problems();
      new ResourceLoader(CiliumVersion.V1_16)
          .load(
              "apiVersion: cilium.io/v2\nkind: CiliumEgressGatewayPolicy\nmetadata: {name: policy1}\n"
                  + "spec:\n  selectors: [{podSelector: {matchLabels: {foo: bar}}}]\n"
                  + "  destinationCIDRs: [0.0.0.0/0]\n  excludedCIDRs: []\n"
                  + "  egressGateway:\n    nodeSelector: {matchLabels: {kubernetes.io/hostname: kind-worker}}\n"
                  + "    "
                  + gatewayField
                  + "\n",
              "policy.yaml",
              p)
          .forEach(cluster::apply);
      assertEquals(0, p.errorCount(), p.all().toString());
    }

    String list() {
      EgressList l =
          EgressListRenderer.table(manager.mapFor(LOCAL), CiliumVersion.V1_16, Rng.root(1));
      return l.stdout();
    }
  }

  @Test
  void interfaceEth0ThenEth1() {
    Fixtureless f = setup();
    f.apply("interface: eth0");
    assertEquals(
        "Source IP     Destination CIDR   Egress IP   Gateway IP\n"
            + "10.244.3.91   0.0.0.0/0          10.10.0.1   172.18.0.3\n",
        f.list());
    GatewayConfig g = f.manager().gatewayConfigs("policy1").get(0);
    assertEquals(Path.INTERFACE, g.derivation().path());
    assertEquals(2, g.derivation().ifindex());
    f.apply("interface: eth1");
    assertEquals(
        "Source IP     Destination CIDR   Egress IP   Gateway IP\n"
            + "10.244.3.91   0.0.0.0/0          10.10.0.2   172.18.0.3\n",
        f.list());
    assertEquals(3, f.manager().gatewayConfigs("policy1").get(0).derivation().ifindex());
    // the remote node, not the gateway, writes egress IP 0.0.0.0
    assertEquals(
        "10.244.3.91   0.0.0.0/0          0.0.0.0     172.18.0.3\n",
        EgressListRenderer.table(f.manager().mapFor("remote"), CiliumVersion.V1_16, Rng.root(1))
                .stdout()
                .lines()
                .skip(1)
                .findFirst()
                .get()
            + "\n");
  }

  @Test
  void egressIpPathHasNoIfindex() {
    Fixtureless f = setup();
    f.apply("egressIP: 10.10.0.1");
    assertEquals(
        "10.244.3.91   0.0.0.0/0          10.10.0.1   172.18.0.3",
        f.list().lines().skip(1).findFirst().get());
    GatewayConfig g = f.manager().gatewayConfigs("policy1").get(0);
    assertEquals(Path.EGRESS_IP, g.derivation().path());
    assertEquals("eth0", g.derivation().iface());
    assertEquals(0, g.derivation().ifindex());
  }
}
