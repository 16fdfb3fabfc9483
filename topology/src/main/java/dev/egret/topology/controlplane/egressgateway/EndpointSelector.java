package dev.egret.topology.controlplane.egressgateway;

import dev.egret.topology.identity.LabelFilter;
import dev.egret.topology.model.LabelSelector;
import dev.egret.topology.model.Operator;
import dev.egret.topology.model.Requirement;
import java.util.List;
import java.util.Map;

/**
 * The endpoint selector built from one {@code selectors[]} item (reference §5.2, {@code
 * ParseCEGP}): the namespaceSelector's keys are prefixed with {@code
 * io.cilium.k8s.namespace.labels.} (an empty namespaceSelector becomes {@code
 * io.kubernetes.pod.namespace Exists}) and ANDed with the podSelector; matched against identity
 * labels.
 *
 * @param index the item's position in {@code selectors}
 */
public record EndpointSelector(int index, LabelSelector selector) {

  /** Builds the selector of one item; either part may be null, not both. */
  public static EndpointSelector of(int index, LabelSelector namespace, LabelSelector pod) {
    LabelSelector s = pod == null ? LabelSelector.ALL : pod;
    if (namespace != null) {
      LabelSelector ns =
          namespace.isEmpty()
              ? new LabelSelector(
                  Map.of(),
                  List.of(
                      new Requirement(LabelFilter.POD_NAMESPACE_LABEL, Operator.Exists, List.of())))
              : namespace.prefixed(LabelFilter.NAMESPACE_LABELS_PREFIX);
      s = ns.and(s);
    }
    return new EndpointSelector(index, s);
  }
}
