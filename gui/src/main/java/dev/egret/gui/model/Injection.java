package dev.egret.gui.model;

import dev.egret.scenarios.model.Action;
import dev.egret.scenarios.model.Scenario;
import dev.egret.scenarios.model.TimelineItem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Events the user adds to a run from the GUI ({@code nodeDown}, {@code nodeUp}, {@code reschedule},
 * {@code label}): each becomes a timeline item at the paused time, placed after the scenario's own
 * items of the same time, with an index after theirs (results name items by index). The run is then
 * replayed with them; since runs are deterministic, everything before the first injected item
 * happens exactly as before.
 */
public final class Injection {
  private Injection() {}

  /** {@code nodeDown: node} at {@code at}. */
  public static Action nodeDown(String node) {
    return new Action.NodeDown(node);
  }

  /** {@code nodeUp: node}. */
  public static Action nodeUp(String node) {
    return new Action.NodeUp(node);
  }

  /** {@code reschedule: {pod, node}}. */
  public static Action reschedule(String podKey, String node) {
    return new Action.Reschedule(podKey, node);
  }

  /** {@code label: {node, set, remove}}. */
  public static Action labelNode(String node, Map<String, String> set, List<String> remove) {
    return new Action.Label(node, null, Map.copyOf(set), List.copyOf(remove));
  }

  /** {@code label: {pod, set, remove}}. */
  public static Action labelPod(String podKey, Map<String, String> set, List<String> remove) {
    return new Action.Label(null, podKey, Map.copyOf(set), List.copyOf(remove));
  }

  /**
   * The item for {@code action} at {@code at}, numbered after the {@code base} scenario's items and
   * the {@code earlier} injected ones.
   */
  public static TimelineItem item(
      Scenario base, List<TimelineItem> earlier, long at, Action action) {
    int index = base.timeline().size() + earlier.size();
    return new TimelineItem(index, at, action, null, null);
  }

  /** {@code base} with {@code injected} merged into its timeline by time (stable). */
  public static Scenario apply(Scenario base, List<TimelineItem> injected) {
    if (injected.isEmpty()) {
      return base;
    }
    List<TimelineItem> timeline = new ArrayList<>(base.timeline());
    timeline.addAll(injected);
    timeline.sort(Comparator.comparingLong(TimelineItem::at));
    return new Scenario(
        base.name(),
        base.description(),
        base.file(),
        base.seed(),
        base.cilium(),
        base.network(),
        base.nodes(),
        base.externals(),
        base.pods(),
        base.resources(),
        timeline,
        base.expectations(),
        base.captures(),
        base.warnings());
  }
}
