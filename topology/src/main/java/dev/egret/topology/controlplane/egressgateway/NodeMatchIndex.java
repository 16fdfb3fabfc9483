package dev.egret.topology.controlplane.egressgateway;

import dev.egret.topology.model.LabelSelector;
import dev.egret.topology.model.Node;
import dev.egret.topology.model.Operator;
import dev.egret.topology.model.Requirement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The manager's name-sorted node list with a label index, answering "which nodes match this gateway
 * nodeSelector, first by name" without scanning every node: a selector with an equality requirement
 * only visits the nodes carrying that label value. Results are cached per selector until a node
 * changes. Node names sort by {@link String#compareTo} (UTF-16 order, the same as Go's byte order
 * for the ASCII names Kubernetes allows).
 */
final class NodeMatchIndex {
  /** How many matching node names are kept for explanations. */
  static final int KEPT_MATCHES = 8;

  /** The matches of one selector. */
  record Matches(Node first, List<String> firstNames, int count) {}

  private final TreeMap<String, Node> nodes = new TreeMap<>();
  private final Map<String, Map<String, TreeSet<String>>> byLabel = new HashMap<>();
  private final Map<LabelSelector, Matches> cache = new HashMap<>();

  void upsert(Node n) {
    Node old = nodes.put(n.name(), n);
    if (old != null) {
      unindex(old);
    }
    old = null;
    n.labels()
        .asMap()
        .forEach(
            (k, v) ->
                byLabel
                    .computeIfAbsent(k, x -> new HashMap<>())
                    .computeIfAbsent(v, x -> new TreeSet<>())
                    .add(n.name()));
    cache.clear();
  }

  void delete(String name) {
    Node old = nodes.remove(name);
    if (old != null) {
      unindex(old);
      cache.clear();
    }
  }

  private void unindex(Node n) {
    n.labels()
        .asMap()
        .forEach(
            (k, v) -> {
              Map<String, TreeSet<String>> m = byLabel.get(k);
              if (m != null && m.containsKey(v)) {
                m.get(v).remove(n.name());
              }
            });
  }

  Node get(String name) {
    return nodes.get(name);
  }

  NavigableMap<String, Node> all() {
    return Collections.unmodifiableNavigableMap(nodes);
  }

  /** The nodes matching {@code s} in name order (first, a few names, the count); cached. */
  Matches matches(LabelSelector s) {
    Matches m = cache.get(s);
    if (m == null) {
      m = compute(s);
      cache.put(s, m);
    }
    return m;
  }

  private Matches compute(LabelSelector s) {
    Iterable<String> candidates = nodes.keySet();
    int best = Integer.MAX_VALUE;
    for (Requirement r : s.requirements()) {
      if (r.operator() != Operator.In) {
        continue;
      }
      Map<String, TreeSet<String>> vals = byLabel.getOrDefault(r.key(), Map.of());
      if (r.values().size() == 1) {
        TreeSet<String> c = vals.getOrDefault(r.values().get(0), new TreeSet<>());
        if (c.size() < best) {
          best = c.size();
          candidates = c;
        }
      } else {
        TreeSet<String> union = new TreeSet<>();
        for (String v : r.values()) {
          union.addAll(vals.getOrDefault(v, new TreeSet<>()));
        }
        if (union.size() < best) {
          best = union.size();
          candidates = union;
        }
      }
    }
    Node first = null;
    List<String> names = new ArrayList<>();
    int count = 0;
    for (String name : candidates) {
      Node n = nodes.get(name);
      if (s.matches(n.labels())) {
        // a matching node without an IPv4 node address is skipped (upstream 2d0825e9, 2025-07,
        // backported to 1.16.x): the next match is tried
        if (first == null && n.k8sNodeIp() != 0) {
          first = n;
        }
        if (names.size() < KEPT_MATCHES) {
          names.add(name);
        }
        count++;
      }
    }
    return new Matches(first, List.copyOf(names), count);
  }
}
