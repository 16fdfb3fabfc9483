package dev.egret.topology.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Kubernetes label selector ({@code matchLabels} and {@code matchExpressions}), all requirements
 * ANDed; an empty selector matches everything. Evaluation is O(requirements × log labels).
 *
 * @param matchLabels the equality requirements, sorted by key
 * @param matchExpressions the set-based requirements, in the order written
 */
public record LabelSelector(Map<String, String> matchLabels, List<Requirement> matchExpressions) {
  /** The empty selector: matches every label set. */
  public static final LabelSelector ALL = new LabelSelector(Map.of(), List.of());

  public LabelSelector {
    matchLabels = java.util.Collections.unmodifiableMap(new TreeMap<>(matchLabels));
    matchExpressions = List.copyOf(matchExpressions);
  }

  /** A selector of equality requirements from alternating keys and values. */
  public static LabelSelector matching(String... kv) {
    return new LabelSelector(Labels.of(kv).asMap(), List.of());
  }

  /** Whether there is no requirement at all. */
  public boolean isEmpty() {
    return matchLabels.isEmpty() && matchExpressions.isEmpty();
  }

  /** Every requirement, matchLabels first (as {@code key In (value)}). */
  public List<Requirement> requirements() {
    List<Requirement> r = new ArrayList<>(matchLabels.size() + matchExpressions.size());
    matchLabels.forEach((k, v) -> r.add(Requirement.equal(k, v)));
    r.addAll(matchExpressions);
    return r;
  }

  /** Whether {@code labels} satisfy every requirement. */
  public boolean matches(Labels labels) {
    for (Map.Entry<String, String> e : matchLabels.entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    for (Requirement r : matchExpressions) {
      if (!r.matches(labels)) {
        return false;
      }
    }
    return true;
  }

  /** The same selector with every key prefixed (namespace selectors, reference §5.2). */
  public LabelSelector prefixed(String prefix) {
    Map<String, String> ml = new TreeMap<>();
    matchLabels.forEach((k, v) -> ml.put(prefix + k, v));
    List<Requirement> me = new ArrayList<>();
    for (Requirement r : matchExpressions) {
      me.add(r.prefixed(prefix));
    }
    return new LabelSelector(ml, me);
  }

  /** One selector holding the requirements of both (AND). */
  public LabelSelector and(LabelSelector other) {
    Map<String, String> ml = new TreeMap<>(matchLabels);
    List<Requirement> me = new ArrayList<>(matchExpressions);
    for (Map.Entry<String, String> e : other.matchLabels.entrySet()) {
      String mine = ml.get(e.getKey());
      if (mine == null) {
        ml.put(e.getKey(), e.getValue());
      } else if (!mine.equals(e.getValue())) {
        // Two different values for one key: keep both as requirements (never satisfiable).
        me.add(Requirement.equal(e.getKey(), e.getValue()));
      }
    }
    me.addAll(other.matchExpressions);
    return new LabelSelector(ml, me);
  }

  @Override
  public String toString() {
    if (isEmpty()) {
      return "{}";
    }
    StringBuilder sb = new StringBuilder();
    for (Requirement r : requirements()) {
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(r);
    }
    return sb.toString();
  }
}
