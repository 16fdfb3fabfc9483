package dev.egret.topology.identity;

import dev.egret.topology.model.Labels;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cilium's default identity-relevant label filter and the labels the agent adds (reference §5.1;
 * pkg/labelsfilter/filter.go, pkg/k8s/apis/cilium.io/const.go). The default rules are prefix
 * exclusions matched at the start of the key: {@code io.kubernetes} (but the namespace label Cilium
 * adds itself is kept), {@code kubernetes.io}, {@code beta.kubernetes.io}, {@code k8s.io}, {@code
 * topology.kubernetes.io}, {@code statefulset.kubernetes.io/pod-name}, {@code
 * apps.kubernetes.io/pod-index}, {@code batch.kubernetes.io/job-completion-index} and {@code
 * controller-uid}, {@code pod-template-generation}, {@code pod-template-hash}, {@code
 * controller-revision-hash}, {@code controller-uid}, {@code annotation.}, {@code etcd_node}. Keys
 * such as {@code app.kubernetes.io/name} survive (their prefix is not excluded).
 */
public final class LabelFilter {
  /** {@code io.kubernetes.pod.namespace}. */
  public static final String POD_NAMESPACE_LABEL = "io.kubernetes.pod.namespace";

  /** The prefix of namespace labels in identity labels. */
  public static final String NAMESPACE_LABELS_PREFIX = "io.cilium.k8s.namespace.labels.";

  /** {@code io.cilium.k8s.policy.serviceaccount}. */
  public static final String SERVICE_ACCOUNT_LABEL = "io.cilium.k8s.policy.serviceaccount";

  /** {@code io.cilium.k8s.policy.cluster}. */
  public static final String CLUSTER_LABEL = "io.cilium.k8s.policy.cluster";

  /** The default cluster name. */
  public static final String DEFAULT_CLUSTER = "default";

  /** The default service account. */
  public static final String DEFAULT_SERVICE_ACCOUNT = "default";

  private static final List<String> EXCLUDED_PREFIXES =
      List.of(
          "io.kubernetes",
          "kubernetes.io",
          "beta.kubernetes.io",
          "k8s.io",
          "topology.kubernetes.io",
          "statefulset.kubernetes.io/pod-name",
          "apps.kubernetes.io/pod-index",
          "batch.kubernetes.io/job-completion-index",
          "batch.kubernetes.io/controller-uid",
          "pod-template-generation",
          "pod-template-hash",
          "controller-revision-hash",
          "controller-uid",
          "annotation.",
          "etcd_node");

  private LabelFilter() {}

  /** Whether a pod label key is identity-relevant under the default filter. */
  public static boolean isRelevant(String key) {
    for (String p : EXCLUDED_PREFIXES) {
      if (key.startsWith(p)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The identity labels of a pod: its relevant labels, the namespace label, every namespace label
   * prefixed with {@link #NAMESPACE_LABELS_PREFIX}, the service account and the cluster.
   */
  public static Labels identityLabels(
      Labels podLabels, String namespace, Labels namespaceLabels, String serviceAccount) {
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, String> e : podLabels.asMap().entrySet()) {
      if (isRelevant(e.getKey())) {
        out.put(e.getKey(), e.getValue());
      }
    }
    out.put(POD_NAMESPACE_LABEL, namespace);
    for (Map.Entry<String, String> e : namespaceLabels.asMap().entrySet()) {
      out.put(NAMESPACE_LABELS_PREFIX + e.getKey(), e.getValue());
    }
    out.put(
        SERVICE_ACCOUNT_LABEL,
        serviceAccount == null || serviceAccount.isEmpty()
            ? DEFAULT_SERVICE_ACCOUNT
            : serviceAccount);
    out.put(CLUSTER_LABEL, DEFAULT_CLUSTER);
    return Labels.of(out);
  }
}
