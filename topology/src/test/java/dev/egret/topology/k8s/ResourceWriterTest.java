package dev.egret.topology.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.egret.topology.controlplane.CiliumVersion;
import dev.egret.topology.generate.ClusterGenerator;
import dev.egret.topology.yaml.Problem;
import dev.egret.topology.yaml.Problems;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceWriterTest {
  @Test
  void generatedResourcesSurviveAWriteAndLoadRoundTrip() {
    List<K8sResource> rs =
        ClusterGenerator.generate(3, new ClusterGenerator.Size(10, 200, 40)).resources();
    String yaml = ResourceWriter.write(rs);
    Problems p = new Problems();
    List<K8sResource> back = new ResourceLoader(CiliumVersion.V1_16).load(yaml, "gen.yaml", p);
    assertEquals(List.of(), p.all().stream().map(Problem::format).toList());
    assertEquals(rs.size(), back.size());
    assertEquals(yaml, ResourceWriter.write(back));
    for (int i = 0; i < rs.size(); i++) {
      assertEquals(rs.get(i).id(), back.get(i).id());
    }
  }

  @Test
  void labelValuesThatLookLikeBooleansAreQuoted() {
    String yaml =
        "apiVersion: cilium.io/v2\nkind: CiliumEgressGatewayPolicy\nmetadata:\n  name: p\nspec:\n"
            + "  selectors:\n  - podSelector:\n      matchLabels:\n        app: x\n"
            + "  destinationCIDRs:\n  - 0.0.0.0/0\n  egressGateway:\n    nodeSelector:\n"
            + "      matchLabels:\n        egress-node: \"true\"\n    interface: eth0\n";
    Problems p = new Problems();
    List<K8sResource> rs = new ResourceLoader(CiliumVersion.V1_16).load(yaml, "p.yaml", p);
    assertEquals(yaml, ResourceWriter.write(rs));
  }
}
