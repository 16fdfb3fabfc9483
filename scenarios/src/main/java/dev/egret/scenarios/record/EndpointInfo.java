package dev.egret.scenarios.record;

import java.util.List;

/**
 * An endpoint as Hubble shows it in a flow's {@code source} / {@code destination} (reference
 * cilium-datapath.md §8).
 *
 * @param id the Cilium endpoint ID, 0 for remote or reserved endpoints
 * @param identity the security identity
 * @param namespace the pod's namespace, null for non-pods
 * @param podName the pod's name, null for non-pods
 * @param labels Hubble-style labels, sorted: {@code k8s:app=foo}, {@code
 *     k8s:io.kubernetes.pod.namespace=default}, or {@code reserved:world}
 * @param workloadKind e.g. {@code Deployment}, null when none
 * @param workloadName the workload's name, null when none
 */
public record EndpointInfo(
    int id,
    int identity,
    String namespace,
    String podName,
    List<String> labels,
    String workloadKind,
    String workloadName) {

  /** A reserved identity such as world (2) with its label, e.g. {@code reserved:world}. */
  public static EndpointInfo reserved(int identity, String label) {
    return new EndpointInfo(0, identity, null, null, List.of(label), null, null);
  }
}
