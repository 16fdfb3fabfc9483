package dev.egret.topology.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.net.Ip4;
import dev.egret.topology.cluster.Cluster;
import dev.egret.topology.cluster.ClusterConfig;
import dev.egret.topology.controlplane.CiliumVersion;
import dev.egret.topology.model.AddressType;
import dev.egret.topology.model.Labels;
import dev.egret.topology.model.NodeAddress;
import dev.egret.topology.model.Pod;
import dev.egret.topology.yaml.Problem;
import dev.egret.topology.yaml.Problems;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A realistic {@code kubectl get nodes,pods -A -o yaml} dump loads without noise. */
class KubectlListLoaderTest {
  private static final Path FIXTURE = Path.of("src/test/resources/k8s/kubectl-get-nodes-pods.yaml");

  @Test
  void loadsNodesAndPodsSilently() {
    Problems p = new Problems();
    List<K8sResource> rs = new ResourceLoader(CiliumVersion.V1_16).load(FIXTURE, "dump.yaml", p);
    assertEquals(List.of(), p.all().stream().map(Problem::format).toList());
    assertEquals(
        List.of(
            "Node/k8s-worker-1",
            "Node/k8s-worker-2",
            "Pod/default/my-app-7c9d8f6b5-x2x8q",
            "Pod/default/mediabot"),
        rs.stream().map(K8sResource::id).toList(),
        "host-network and finished pods have no CiliumEndpoint");
    NodeResource w2 = (NodeResource) rs.get(1);
    assertEquals(Cidr4.parse("10.0.2.0/24"), w2.podCIDR());
    assertEquals(
        List.of(
            new NodeAddress(AddressType.InternalIP, Ip4.parse("172.18.0.3")),
            new NodeAddress(AddressType.ExternalIP, Ip4.parse("203.0.113.7"))),
        w2.addresses());
    PodResource app = (PodResource) rs.get(2);
    assertEquals("7c22952d-25a0-409d-952c-60895b5c2a90", app.metadata().uid());
    assertEquals(Ip4.parse("10.0.1.23"), app.podIP());
    assertEquals("k8s-worker-1", app.nodeName());
    assertEquals(Labels.of("kubernetes.io/hostname", "k8s-worker-1"), app.nodeSelector());
  }

  @Test
  void theDumpBuildsAClusterThatHonoursUidsIpsAndNodes() {
    Problems p = new Problems();
    Cluster c = new Cluster(ClusterConfig.defaults(1));
    new ResourceLoader(CiliumVersion.V1_16).load(FIXTURE, "dump.yaml", p).forEach(c::apply);
    Pod app = c.pod("default/my-app-7c9d8f6b5-x2x8q");
    assertEquals("k8s-worker-1", app.nodeName());
    assertEquals(Ip4.parse("10.0.1.23"), app.ip());
    assertEquals(List.of(), c.notices());
    Pod bot = c.pod("default/mediabot");
    assertEquals(
        "mediabot",
        c.identities().lookup(bot.identity()).labels().get("io.cilium.k8s.policy.serviceaccount"));
    assertEquals(Ip4.parse("172.18.0.3"), c.node("k8s-worker-2").k8sNodeIp());
    assertEquals(
        null,
        c.identities().lookup(app.identity()).labels().get("pod-template-hash"),
        "pod-template-hash is not identity-relevant");
  }
}
