package dev.egret.gui.model;

import dev.egret.scenarios.model.Action;
import dev.egret.scenarios.model.Destination;
import dev.egret.topology.k8s.K8sResource;
import java.util.Map;

/** Timeline actions in one line, for the timeline's marks and the topology's banner. */
public final class ActionText {
  private ActionText() {}

  /** e.g. {@code nodeDown gw}, {@code reschedule default/my-app → k8s-worker-3}. */
  public static String describe(Action a) {
    if (a instanceof Action.NodeDown d) {
      return "nodeDown " + d.node();
    }
    if (a instanceof Action.NodeUp u) {
      return "nodeUp " + u.node();
    }
    if (a instanceof Action.NodeDelete d) {
      return "nodeDelete " + d.node();
    }
    if (a instanceof Action.Reschedule r) {
      return "reschedule " + r.pod() + " → " + r.node();
    }
    if (a instanceof Action.Label l) {
      StringBuilder sb = new StringBuilder("label ").append(l.node() != null ? l.node() : l.pod());
      l.set().entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(e -> sb.append(' ').append(e.getKey()).append('=').append(e.getValue()));
      for (String k : l.remove()) {
        sb.append(' ').append(k).append('-');
      }
      return sb.toString();
    }
    if (a instanceof Action.Traffic t) {
      Destination d = t.to();
      String to =
          d.external() != null ? d.external() + (d.port() > 0 ? ":" + d.port() : "") : d.toString();
      return a.kind() + " " + t.from() + " → " + to;
    }
    if (a instanceof Action.Apply ap) {
      return "apply " + String.join(", ", ap.objects().stream().map(K8sResource::id).toList());
    }
    if (a instanceof Action.Delete d) {
      return "delete "
          + d.objectKind()
          + "/"
          + (d.namespace() == null ? "" : d.namespace() + "/")
          + d.name();
    }
    if (a instanceof Action.LinkDown d) {
      return "linkDown " + (d.node() != null ? d.node() : String.join(" ↔ ", d.between()));
    }
    if (a instanceof Action.LinkUp u) {
      return "linkUp " + (u.node() != null ? u.node() : String.join(" ↔ ", u.between()));
    }
    return a.kind();
  }

  /** Whether an action sends traffic (drawn apart from events such as a node going down). */
  public static boolean isTraffic(Action a) {
    return a instanceof Action.Traffic;
  }
}
