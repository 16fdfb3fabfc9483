package dev.egret.scenarios.model;

import dev.egret.topology.cluster.NodeSpec;
import dev.egret.topology.k8s.K8sResource;
import dev.egret.topology.yaml.Problem;
import java.nio.file.Path;
import java.util.List;

/**
 * A validated scenario: the cluster to build, the external services, the Kubernetes objects applied
 * at time 0 (further documents of the file and {@code spec.resources}, in order), the timeline, the
 * end-of-run expectations and what to capture.
 *
 * @param file the scenario file
 * @param warnings problems that did not stop loading (unknown fields, surprising inputs)
 */
public record Scenario(
    String name,
    String description,
    Path file,
    long seed,
    CiliumSettings cilium,
    NetworkSettings network,
    List<NodeSpec> nodes,
    List<ExternalSpec> externals,
    List<PodDecl> pods,
    List<K8sResource> resources,
    List<TimelineItem> timeline,
    List<EndExpectation> expectations,
    List<CaptureSpec> captures,
    List<Problem> warnings) {

  /** The external named {@code name}, or null. */
  public ExternalSpec external(String name) {
    for (ExternalSpec e : externals) {
      if (e.name().equals(name)) {
        return e;
      }
    }
    return null;
  }
}
