package dev.egret.scenarios.run;

import dev.egret.scenarios.model.Action;
import dev.egret.topology.cluster.Cluster;
import dev.egret.topology.k8s.K8sResource;

/**
 * The timeline actions that only change the Kubernetes side (apply, delete, label, reschedule),
 * applied to a cluster the same way by the simulator ({@link ScenarioRun}) and the lab.
 */
public final class ClusterActions {
  private ClusterActions() {}

  /** Whether {@link #apply} handles this action. */
  public static boolean handles(Action a) {
    return a instanceof Action.Apply
        || a instanceof Action.Delete
        || a instanceof Action.Label
        || a instanceof Action.Reschedule;
  }

  /**
   * Applies a control-plane action. Returns a warning for the run's report (a delete of something
   * absent), or null. Throws what the cluster throws for what Kubernetes would refuse.
   */
  public static String apply(Cluster cluster, Action a) {
    if (a instanceof Action.Apply ap) {
      for (K8sResource r : ap.objects()) {
        cluster.apply(r);
      }
    } else if (a instanceof Action.Delete d) {
      if (!cluster.delete(d.objectKind(), d.namespace(), d.name())) {
        return d.objectKind() + " " + d.name() + " does not exist; nothing deleted";
      }
    } else if (a instanceof Action.Label l) {
      if (l.node() != null) {
        cluster.labelNode(l.node(), l.set(), l.remove());
      } else {
        cluster.labelPod(l.pod(), l.set(), l.remove());
      }
    } else if (a instanceof Action.Reschedule r) {
      cluster.reschedulePod(r.pod(), r.node());
    }
    return null;
  }
}
