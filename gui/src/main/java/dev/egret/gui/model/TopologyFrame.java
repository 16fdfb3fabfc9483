package dev.egret.gui.model;

import java.util.List;

/** The cluster's nodes and pods and who is a gateway, from {@code time} on. */
public record TopologyFrame(long time, List<NodeState> nodes) {
  public TopologyFrame {
    nodes = List.copyOf(nodes);
  }

  /** The node named {@code name}, or null. */
  public NodeState node(String name) {
    for (NodeState n : nodes) {
      if (n.name().equals(name)) {
        return n;
      }
    }
    return null;
  }

  /** The same nodes at another time. */
  public TopologyFrame at(long t) {
    return new TopologyFrame(t, nodes);
  }
}
