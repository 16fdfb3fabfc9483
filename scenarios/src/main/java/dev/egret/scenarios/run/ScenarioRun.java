package dev.egret.scenarios.run;

import dev.egret.scenarios.model.Action;
import dev.egret.scenarios.model.PodDecl;
import dev.egret.scenarios.model.Scenario;
import dev.egret.scenarios.model.Source;
import dev.egret.scenarios.model.TimelineItem;
import dev.egret.scenarios.traffic.HostStack;
import dev.egret.scenarios.traffic.TrafficLauncher;
import dev.egret.sim.Durations;
import dev.egret.sim.Simulation;
import dev.egret.sim.SimulationListener;
import dev.egret.topology.k8s.K8sResource;
import dev.egret.topology.model.Labels;
import dev.egret.topology.model.Pod;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays one scenario: builds the world at time 0 (nodes, then the Kubernetes objects and pods in
 * file order, then the agents' initial sync), schedules every timeline item at its time, runs the
 * simulation until the last item's traffic is over (or {@code --until}), and evaluates the
 * expectations into a {@link RunOutcome}. The run always lasts until the horizon ({@link
 * #horizon()}): the last item's time plus its longest possible duration (timeouts, holds, load
 * durations) and a grace second, so its length depends only on the scenario.
 */
public final class ScenarioRun {
  /** Simulated time left after the last traffic has finished or timed out, for stragglers. */
  static final long GRACE = Durations.seconds(1);

  private final Scenario scenario;
  private final RunOptions options;
  private final RunListener listener;
  private final List<String> runWarnings = new ArrayList<>();
  private int itemsLeft;
  private World world;

  public ScenarioRun(Scenario scenario, RunOptions options, RunListener listener) {
    this.scenario = scenario;
    this.options = options;
    this.listener = listener == null ? new RunListener() {} : listener;
  }

  /** Runs the scenario to its end. */
  public RunOutcome run() {
    long wallStart = System.nanoTime();
    long seed = options.seed() != null ? options.seed() : scenario.seed();
    world = new World(scenario, seed, listener);
    Simulation sim = world.sim;
    listener.started(world);
    setUp();
    itemsLeft = scenario.timeline().size();
    for (TimelineItem item : scenario.timeline()) {
      sim.scheduleAt(item.at(), s -> execute(item));
    }
    long horizon = horizon(scenario, options);
    sim.addListener(
        new SimulationListener() {
          private long n;

          @Override
          public void afterEvent(long time, dev.egret.sim.Event event) {
            if ((++n & 0xfff) == 0) {
              listener.progress(time);
            }
          }
        });
    sim.runUntil(horizon);
    listener.progress(sim.now());
    RunOutcome out =
        new Evaluator(world, scenario, runWarnings, options.maxConnectionDetails())
            .outcome(System.nanoTime() - wallStart);
    return out;
  }

  /** The world of the last {@link #run()} (for the GUI and {@code explain}). */
  World world() {
    return world;
  }

  /** When the run ends at the latest: the last item's time plus its longest possible duration. */
  long horizon() {
    return horizon(scenario, RunOptions.DEFAULT);
  }

  /** The simulated time at which a run of {@code s} with {@code o} ends. */
  public static long horizon(Scenario s, RunOptions o) {
    long end = 0;
    for (TimelineItem item : s.timeline()) {
      end = Math.max(end, item.at() + duration(item.action()));
    }
    end += GRACE;
    return o.until() >= 0 ? Math.min(end, o.until()) : end;
  }

  static long duration(Action a) {
    if (a instanceof Action.Http h) {
      return h.timeout();
    }
    if (a instanceof Action.Tcp t) {
      return t.timeout() + t.hold();
    }
    if (a instanceof Action.Udp u) {
      return u.timeout() + u.count() * Durations.millis(10);
    }
    if (a instanceof Action.Ping p) {
      return p.timeout() + p.count() * Durations.SECOND;
    }
    if (a instanceof Action.Load l) {
      return l.duration() + l.hold() + l.timeout();
    }
    return 0;
  }

  // ------------------------------------------------------------------ time 0

  private void setUp() {
    var cluster = world.cluster;
    for (var n : scenario.nodes()) {
      cluster.addNode(n);
    }
    for (K8sResource r : scenario.resources()) {
      cluster.apply(r);
    }
    for (PodDecl p : scenario.pods()) {
      if (cluster.namespace(p.namespace()) == null) {
        cluster.upsertNamespace(p.namespace(), Labels.EMPTY);
      }
      cluster.addPod(
          p.namespace(), p.name(), p.uid(), p.labels(), null, null, p.node(), p.ip(), null);
    }
    world.controlPlane.start();
    for (var e : cluster.pendingPods().entrySet()) {
      runWarnings.add("pod " + e.getKey() + " is pending: " + e.getValue());
    }
  }

  // ------------------------------------------------------------------ timeline

  private void execute(TimelineItem item) {
    itemsLeft--;
    listener.action(item);
    Action a = item.action();
    var cluster = world.cluster;
    try {
      if (a instanceof Action.Traffic t) {
        launch(item, t);
      } else if (ClusterActions.handles(a)) {
        String warning = ClusterActions.apply(cluster, a);
        if (warning != null) {
          warn(item, warning);
        }
      } else if (a instanceof Action.NodeDown d) {
        setUp(d.node(), false, item);
      } else if (a instanceof Action.NodeUp u) {
        setUp(u.node(), true, item);
      } else if (a instanceof Action.NodeDelete d) {
        if (!cluster.deleteNode(d.node())) {
          warn(item, "node " + d.node() + " does not exist; nothing deleted");
        }
      } else if (a instanceof Action.NodeAdd n) {
        cluster.addNode(n.node());
      } else if (a instanceof Action.AddressAdd ad) {
        cluster.addInterfaceAddress(ad.node(), ad.iface(), ad.address());
      } else if (a instanceof Action.AddressDel ad) {
        cluster.removeInterfaceAddress(ad.node(), ad.iface(), ad.address().address());
      } else if (a instanceof Action.LinkDown d) {
        link(d.node(), d.between(), false);
      } else if (a instanceof Action.LinkUp u) {
        link(u.node(), u.between(), true);
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      // The cluster refuses what Kubernetes would refuse (e.g. a pod to a missing node).
      warn(item, e.getMessage());
    }
  }

  private void setUp(String node, boolean up, TimelineItem item) {
    var n = world.nodes.get(node);
    if (n == null) {
      warn(item, "node " + node + " is not in the cluster");
      return;
    }
    n.setUp(up);
  }

  private void link(String node, List<String> between, boolean up) {
    if (node != null) {
      world.fabric.setLinkUp(node, up);
    } else {
      world.fabric.setLinkUp(between.get(0), between.get(1), up);
    }
  }

  private void launch(TimelineItem item, Action.Traffic t) {
    List<HostStack> sources = new ArrayList<>();
    if (t.from() instanceof Source.PodRef ref) {
      PodHost ph = world.pods.get(ref.key());
      if (ph == null) {
        Pod p = world.cluster.pod(ref.key());
        warn(
            item,
            "pod "
                + ref.key()
                + (p == null ? " does not exist" : " is not running")
                + " at "
                + Durations.format(item.at())
                + "; no traffic sent");
      } else {
        sources.add(ph.host());
      }
    } else if (t.from() instanceof Source.Selector sel) {
      for (PodHost ph : world.pods.values()) {
        Pod p = world.cluster.pod(ph.key());
        if (p != null
            && p.namespace().equals(sel.namespace())
            && sel.selector().matches(p.labels())) {
          sources.add(ph.host());
        }
      }
      if (sources.isEmpty()) {
        warn(
            item,
            "no running pod of namespace "
                + sel.namespace()
                + " matches \""
                + sel.text()
                + "\"; no traffic sent");
      }
    }
    if (sources.isEmpty()) {
      return;
    }
    TrafficLauncher.schedule(
        world.sim,
        world.sim.now(),
        t,
        sources,
        world.book.ids(),
        world.book.observerFor(item.index()));
  }

  private void warn(TimelineItem item, String msg) {
    runWarnings.add(
        "timeline["
            + item.index()
            + "] ("
            + item.action().kind()
            + " at "
            + Durations.format(item.at())
            + "): "
            + msg);
  }
}
