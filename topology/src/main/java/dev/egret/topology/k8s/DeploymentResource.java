package dev.egret.topology.k8s;

import dev.egret.topology.model.Labels;

/**
 * An {@code apps/v1} Deployment: {@code spec.replicas} (default 1), the pod template's labels,
 * {@code nodeSelector}, {@code nodeName} and service account.
 */
public record DeploymentResource(
    ObjectMeta metadata,
    int replicas,
    Labels templateLabels,
    Labels nodeSelector,
    String nodeName,
    String serviceAccountName)
    implements K8sResource {
  @Override
  public String kind() {
    return "Deployment";
  }
}
