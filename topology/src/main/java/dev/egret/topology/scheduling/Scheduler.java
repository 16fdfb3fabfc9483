package dev.egret.topology.scheduling;

import dev.egret.topology.model.Labels;
import dev.egret.topology.model.Node;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Deterministic placement. A pod with {@code spec.nodeName} goes there (pending until that node
 * exists). A Deployment's replica {@code i} goes to {@code nodes[(offset + i) mod n]} of the nodes
 * matching its nodeSelector sorted by name (round-robin from an offset hashed from its id). A
 * DaemonSet gets one pod per matching node. Any other pod goes to the matching node with the fewest
 * pods (ties by name). A pod that no node fits stays pending. O(nodes) per decision.
 */
public final class Scheduler {
  private Scheduler() {}

  /** The nodes (already sorted by name) whose labels satisfy {@code nodeSelector}. */
  public static List<Node> fitting(Collection<Node> sortedNodes, Labels nodeSelector) {
    List<Node> out = new ArrayList<>();
    for (Node n : sortedNodes) {
      if (fits(n, nodeSelector)) {
        out.add(n);
      }
    }
    return out;
  }

  /** Whether {@code node} carries every label of {@code nodeSelector}. */
  public static boolean fits(Node node, Labels nodeSelector) {
    for (Map.Entry<String, String> e : nodeSelector.asMap().entrySet()) {
      if (!e.getValue().equals(node.labels().get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Where a Deployment's round-robin starts: FNV-1a of its id modulo the node count, so that many
   * Deployments do not all start on the first node.
   */
  public static long offset(String workloadId, int nodes) {
    if (nodes == 0) {
      return 0;
    }
    int h = 0x811c9dc5;
    for (byte b : workloadId.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x01000193;
    }
    return Integer.toUnsignedLong(h) % nodes;
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
