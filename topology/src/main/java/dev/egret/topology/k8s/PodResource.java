package dev.egret.topology.k8s;

import dev.egret.topology.model.Labels;

/**
 * A {@code v1} Pod: {@code spec.nodeName} (null when unset), {@code spec.nodeSelector}, {@code
 * spec.serviceAccountName} and {@code status.podIP} (0 when unset). Host-network and finished
 * (Succeeded/Failed) pods have no CiliumEndpoint; the loader drops them silently.
 */
public record PodResource(
    ObjectMeta metadata, String nodeName, Labels nodeSelector, String serviceAccountName, int podIP)
    implements K8sResource {
  @Override
  public String kind() {
    return "Pod";
  }
}
