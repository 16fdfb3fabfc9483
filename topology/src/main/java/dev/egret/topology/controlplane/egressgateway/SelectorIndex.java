package dev.egret.topology.controlplane.egressgateway;

import dev.egret.topology.model.LabelSelector;
import dev.egret.topology.model.Labels;
import dev.egret.topology.model.Operator;
import dev.egret.topology.model.Requirement;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Finds the policies that may select a label set without evaluating every policy: a policy all of
 * whose endpoint selectors carry an equality requirement ({@code k=v} or {@code k In (…)}) is filed
 * under those (k, v) pairs; the others are always candidates. Candidates are then checked with the
 * full selector. O(labels + candidates).
 */
final class SelectorIndex<T> {
  private final Map<String, Map<String, Set<T>>> byPair = new HashMap<>();
  private final Set<T> always = new LinkedHashSet<>();
  private final Map<T, Iterable<LabelSelector>> filed = new HashMap<>();

  void add(T item, Iterable<LabelSelector> selectors) {
    filed.put(item, selectors);
    for (LabelSelector s : selectors) {
      Requirement key = indexKey(s);
      if (key == null) {
        always.add(item);
        continue;
      }
      for (String v : key.values()) {
        byPair
            .computeIfAbsent(key.key(), k -> new HashMap<>())
            .computeIfAbsent(v, k -> new LinkedHashSet<>())
            .add(item);
      }
    }
  }

  void remove(T item) {
    Iterable<LabelSelector> sel = filed.remove(item);
    if (sel == null) {
      return;
    }
    always.remove(item);
    for (LabelSelector s : sel) {
      Requirement key = indexKey(s);
      if (key == null) {
        continue;
      }
      for (String v : key.values()) {
        Map<String, Set<T>> m = byPair.get(key.key());
        if (m != null && m.containsKey(v)) {
          m.get(v).remove(item);
        }
      }
    }
  }

  /** Every item that may match {@code labels} (a superset; check each). */
  Set<T> candidates(Labels labels) {
    Set<T> out = new LinkedHashSet<>(always);
    for (Map.Entry<String, String> e : labels.asMap().entrySet()) {
      Map<String, Set<T>> m = byPair.get(e.getKey());
      if (m != null) {
        Set<T> s = m.get(e.getValue());
        if (s != null) {
          out.addAll(s);
        }
      }
    }
    return out;
  }

  /** The selector's most selective In (or equality) requirement, or null when it has none. */
  static Requirement indexKey(LabelSelector s) {
    Requirement best = null;
    for (Requirement r : s.requirements()) {
      if (r.operator() == Operator.In
          && (best == null || r.values().size() < best.values().size())) {
        best = r;
      }
    }
    return best;
  }
}
