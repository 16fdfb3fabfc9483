package dev.egret.cli;

import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.net.Ip4;
import dev.egret.topology.generate.ClusterGenerator;
import dev.egret.topology.k8s.ResourceWriter;
import dev.egret.topology.model.Interface;
import dev.egret.topology.model.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Writes a scenario file of a generated cluster ({@link ClusterGenerator}): its nodes (labels,
 * InternalIP, pod CIDR, interfaces) in {@code spec.nodes}, its namespaces, Deployments and policies
 * as Kubernetes documents after the Scenario, one external and the given timeline.
 */
final class GeneratedScenario {
  private GeneratedScenario() {}

  static Path write(Path file, ClusterGenerator.Size size, String timeline) throws IOException {
    ClusterGenerator.Generated g = ClusterGenerator.generate(1, size);
    StringBuilder sb = new StringBuilder();
    sb.append("apiVersion: egret.dev/v1alpha1\nkind: Scenario\nmetadata: {name: generated}\n")
        .append("spec:\n  network: {underlay: {cidr: 172.18.0.0/16}}\n  nodes:\n");
    for (Node n : g.cluster().nodes()) {
      sb.append("    - name: ").append(n.name()).append("\n      labels: {");
      sb.append(
          n.labels().asMap().entrySet().stream()
              .map(e -> "\"" + e.getKey() + "\": \"" + e.getValue() + "\"")
              .collect(Collectors.joining(", ")));
      sb.append("}\n      internalIP: ").append(Ip4.format(n.k8sNodeIp()));
      sb.append("\n      podCIDR: ").append(n.podCidr()).append("\n      interfaces:\n");
      for (Interface i : n.interfaces()) {
        if (i.name().equals("lo") || i.name().startsWith("cilium_")) {
          continue;
        }
        sb.append("        - {name: ").append(i.name()).append(", addresses: [");
        sb.append(i.addresses().stream().map(Cidr4::toString).collect(Collectors.joining(", ")));
        sb.append("]}\n");
      }
    }
    sb.append("  externals:\n    - {name: echo, ip: 198.51.100.10, services: [{port: 80}]}\n");
    sb.append(timeline.isEmpty() ? "  timeline: []\n" : "  timeline:\n" + timeline);
    sb.append("---\n").append(ResourceWriter.write(g.resources()));
    Files.writeString(file, sb.toString());
    return file;
  }
}
