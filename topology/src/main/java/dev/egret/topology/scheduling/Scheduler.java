package dev.egret.topology.scheduling;

import dev.egret.topology.model.LabelSelector;
import dev.egret.topology.model.Labels;
import dev.egret.topology.model.Node;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Deterministic placement. A pod with {@code spec.nodeName} goes there (pending until that node
 * exists). A Deployment's replica {@code i} goes to {@code nodes[i mod n]} of the nodes matching
 * its nodeSelector sorted by name (round-robin). A DaemonSet gets one pod per matching node. Any
 * other pod goes to the matching node with the fewest pods (ties by name). A pod that no node fits
 * stays pending. O(nodes) per decision.
 */
public final class Scheduler {
  private Scheduler() {}

  /** The nodes (already sorted by name) whose labels satisfy {@code nodeSelector}. */
  public static List<Node> fitting(Collection<Node> sortedNodes, Labels nodeSelector) {
    LabelSelector s = new LabelSelector(nodeSelector.asMap(), List.of());
    List<Node> out = new ArrayList<>();
    for (Node n : sortedNodes) {
      if (s.matches(n.labels())) {
        out.add(n);
      }
    }
    return out;
  }

  /** Round-robin: replica {@code ordinal} of a Deployment, or null when nothing fits. */
  public static Node roundRobin(List<Node> fitting, long ordinal) {
    return fitting.isEmpty() ? null : fitting.get((int) (ordinal % fitting.size()));
  }

  /** The fitting node with the fewest pods (ties: first by name), or null. */
  public static Node leastLoaded(List<Node> fitting, Map<String, Integer> podsPerNode) {
    Node best = null;
    int bestCount = Integer.MAX_VALUE;
    for (Node n : fitting) {
      int c = podsPerNode.getOrDefault(n.name(), 0);
      if (c < bestCount) {
        best = n;
        bestCount = c;
      }
    }
    return best;
  }
}
