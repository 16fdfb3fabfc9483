package dev.egret.scenarios.output;

import dev.egret.datapath.monitor.DropReason;
import dev.egret.datapath.monitor.TraceObservationPoint;
import dev.egret.scenarios.record.EndpointInfo;
import dev.egret.scenarios.record.FlowRecord;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * A filter over flow records like {@code hubble observe}'s flags; every criterion that is set must
 * match (null means any). Build it with {@link #ALL} and the {@code with…} methods, which validate
 * their argument and throw {@link IllegalArgumentException} with a message fit for a user.
 *
 * <ul>
 *   <li>{@code pod} ({@code --pod}): {@code namespace/name-prefix}, {@code namespace/} for every
 *       pod of a namespace, or a bare {@code name-prefix} in namespace {@code default} as kubectl
 *       does; it matches when the source or the destination is such a pod (Hubble's pod filters
 *       match pod-name prefixes, pkg/hubble/filters/k8s.go).
 *   <li>{@code node} ({@code --node-name}): the node's name, or Hubble's {@code default/<node>}.
 *   <li>{@code verdict} ({@code --verdict}): FORWARDED or DROPPED.
 *   <li>{@code dropReason} ({@code --drop-reason-desc}): a Hubble drop reason name such as {@code
 *       NO_EGRESS_GATEWAY} (also the BPF name or the number); only drops match.
 *   <li>{@code observationPoint}: a Hubble name such as {@code TO_NETWORK}, or the monitor name
 *       {@code to-network}; only traces match.
 * </ul>
 */
public record FlowFilter(
    String podNamespace,
    String podPrefix,
    String node,
    String verdict,
    DropReason dropReason,
    TraceObservationPoint observationPoint)
    implements Predicate<FlowRecord> {

  /** Matches every flow. */
  public static final FlowFilter ALL = new FlowFilter(null, null, null, null, null, null);

  private static final String DEFAULT_NAMESPACE = "default";

  /** Also matching only flows from or to the pod(s) {@code nsName} names. */
  public FlowFilter withPod(String nsName) {
    if (nsName == null || nsName.isBlank()) {
      throw new IllegalArgumentException(
          "a pod filter needs [namespace/]pod-name-prefix, e.g. default/my-app");
    }
    String t = nsName.trim();
    int slash = t.indexOf('/');
    String ns = slash < 0 ? DEFAULT_NAMESPACE : t.substring(0, slash);
    String prefix = slash < 0 ? t : t.substring(slash + 1);
    if (ns.isEmpty()) {
      throw new IllegalArgumentException(
          "\"" + nsName + "\" has an empty namespace; write namespace/pod, e.g. default/my-app");
    }
    return new FlowFilter(ns, prefix, node, verdict, dropReason, observationPoint);
  }

  /** Also matching only flows observed on {@code node} ({@code name} or {@code default/name}). */
  public FlowFilter withNode(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a node filter needs a node name");
    }
    String t = name.trim();
    String prefix = HubbleFields.CLUSTER_NAME + "/";
    if (t.startsWith(prefix)) {
      t = t.substring(prefix.length());
    }
    return new FlowFilter(podNamespace, podPrefix, t, verdict, dropReason, observationPoint);
  }

  /** Also matching only flows with {@code v} (FORWARDED or DROPPED, any case). */
  public FlowFilter withVerdict(String v) {
    String u = v == null ? "" : v.trim().toUpperCase(Locale.ROOT);
    if (!u.equals(HubbleFields.FORWARDED) && !u.equals(HubbleFields.DROPPED)) {
      throw new IllegalArgumentException(
          "\"" + v + "\" is not a verdict of a flow; use FORWARDED or DROPPED");
    }
    return new FlowFilter(podNamespace, podPrefix, node, u, dropReason, observationPoint);
  }

  /** Also matching only drops with reason {@code name} (Hubble name, BPF name or number). */
  public FlowFilter withDropReason(String name) {
    String t = name == null ? "" : name.trim();
    for (DropReason r : DropReason.values()) {
      if (r != DropReason.UNKNOWN
          && (r.hubbleName().equals(t)
              || r.name().equals(t)
              || Integer.toString(r.code()).equals(t))) {
        return new FlowFilter(podNamespace, podPrefix, node, verdict, r, observationPoint);
      }
    }
    throw new IllegalArgumentException(
        "\"" + name + "\" is not a drop reason; use a Hubble name such as NO_EGRESS_GATEWAY");
  }

  /** Also matching only traces at {@code point} (e.g. {@code TO_NETWORK} or {@code to-network}). */
  public FlowFilter withObservationPoint(String point) {
    String t = point == null ? "" : point.trim();
    for (TraceObservationPoint p : TraceObservationPoint.values()) {
      if (p.hubbleName().equalsIgnoreCase(t) || p.monitorName().equalsIgnoreCase(t)) {
        return new FlowFilter(podNamespace, podPrefix, node, verdict, dropReason, p);
      }
    }
    throw new IllegalArgumentException(
        "\"" + point + "\" is not a trace observation point; use e.g. TO_OVERLAY or to-network");
  }

  @Override
  public boolean test(FlowRecord r) {
    if (podNamespace != null && !isPod(r.source()) && !isPod(r.destination())) {
      return false;
    }
    if (node != null && !node.equals(r.node())) {
      return false;
    }
    if (verdict != null && !verdict.equals(HubbleFields.verdict(r))) {
      return false;
    }
    if (dropReason != null && (!r.isDrop() || r.dropReason() != dropReason)) {
      return false;
    }
    return observationPoint == null || (!r.isDrop() && r.point() == observationPoint);
  }

  private boolean isPod(EndpointInfo e) {
    return e != null
        && e.podName() != null
        && podNamespace.equals(e.namespace())
        && e.podName().startsWith(podPrefix);
  }
}
