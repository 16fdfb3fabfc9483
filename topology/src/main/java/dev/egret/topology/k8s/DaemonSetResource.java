package dev.egret.topology.k8s;

import dev.egret.topology.model.Labels;

/** An {@code apps/v1} DaemonSet: the pod template's labels, nodeSelector and service account. */
public record DaemonSetResource(
    ObjectMeta metadata, Labels templateLabels, Labels nodeSelector, String serviceAccountName)
    implements K8sResource {
  @Override
  public String kind() {
    return "DaemonSet";
  }
}
