package dev.egret.gui.model;

import dev.egret.datapath.Datapath;
import dev.egret.datapath.nat.SnatStats;
import dev.egret.scenarios.model.ExternalSpec;
import dev.egret.scenarios.model.Scenario;
import dev.egret.scenarios.model.TimelineItem;
import dev.egret.scenarios.record.FlowRecord;
import dev.egret.scenarios.run.RunListener;
import dev.egret.scenarios.run.RunOptions;
import dev.egret.scenarios.run.RunOutcome;
import dev.egret.scenarios.run.RunView;
import dev.egret.scenarios.run.ScenarioRun;
import dev.egret.topology.controlplane.egressgateway.EgressWarning;
import dev.egret.topology.model.Node;
import dev.egret.topology.model.Pod;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Records one run of a scenario into a {@link Recording}, as a {@link RunListener}: every hop,
 * flow, drop, loss and action as the run reports them, plus what the live world shows at those
 * moments (the topology after each change, each node's SNAT counters on a time grid).
 *
 * <p>The topology is captured lazily: a change (a cluster event, an action about to run) marks it
 * stale, and the next callback takes a frame stamped with the time of the change, so a frame holds
 * the state just after the change. Gateways are read from the egress maps, which the agents of 1.16
 * and 1.18 rewrite only when they reconcile; so a frame taken at a reconciliation keeps the
 * previous gateways for the change that triggered it and a second frame shows the new ones.
 */
public final class Recorder implements RunListener {
  /** SNAT samples per run at most (the grid step is the run's length over this). */
  static final int SNAT_SAMPLES = 400;

  /** The smallest SNAT sampling step. */
  static final long MIN_SAMPLE_STEP = 1_000_000L;

  private final Scenario scenario;
  private final List<TimelineItem> injected;
  private final long horizon;
  private final long sampleStep;
  private RunView live;
  private boolean stale;
  private long staleSince;
  private Map<String, GatewayProbe.Gateway> gateways = Map.of();
  private final List<TopologyFrame> frames = new ArrayList<>();
  private final List<HopEvent> hops = new ArrayList<>();
  private final List<DropEvent> drops = new ArrayList<>();
  private final List<FlowRecord> flows = new ArrayList<>();
  private final List<TimelineItem> actions = new ArrayList<>();
  private final Map<Long, Connection> connections = new HashMap<>();
  private final Map<String, List<SnatSample>> snat = new TreeMap<>();
  private long nextSample;

  private Recorder(Scenario scenario, List<TimelineItem> injected, RunOptions options) {
    this.scenario = scenario;
    this.injected = injected;
    this.horizon = ScenarioRun.horizon(scenario, options);
    this.sampleStep = Math.max(MIN_SAMPLE_STEP, horizon / SNAT_SAMPLES);
  }

  /** Runs {@code scenario} to its end and records it. */
  public static Recording record(Scenario scenario) {
    return record(scenario, List.of());
  }

  /**
   * Runs {@code scenario} to its end and records it; {@code injected} names the items of its
   * timeline the user added (shown apart).
   */
  public static Recording record(Scenario scenario, List<TimelineItem> injected) {
    Recorder r = new Recorder(scenario, injected, RunOptions.DEFAULT);
    RunOutcome out = new ScenarioRun(scenario, RunOptions.DEFAULT, r).run();
    return r.finish(out);
  }

  // ------------------------------------------------------------------ listener

  @Override
  public boolean wantsFlows() {
    return true;
  }

  @Override
  public boolean wantsHops() {
    return true;
  }

  @Override
  public void started(RunView l) {
    live = l;
    markStale(0);
    l.cluster().addListener(e -> markStale(now()));
  }

  @Override
  public void action(TimelineItem item) {
    tick(item.at(), false);
    actions.add(item);
    markStale(item.at());
  }

  @Override
  public void reconciled(long timeNanos) {
    tick(timeNanos, true);
    gateways = probeGateways();
    frames.add(frame(timeNanos));
  }

  @Override
  public void flow(FlowRecord f) {
    tick(f.timeNanos(), false);
    flows.add(f);
    if (f.tag() != 0 && !connections.containsKey(f.tag()) && f.frame() != null) {
      WireFrame w = WireFrame.decode(f.frame(), 0, f.frame().length);
      String pod =
          f.source() != null && f.source().podName() != null
              ? f.source().namespace() + "/" + f.source().podName()
              : null;
      remember(f.tag(), w, pod, f.node(), f.timeNanos());
    }
  }

  @Override
  public void hop(
      long timeNanos,
      String from,
      String to,
      long delayNanos,
      long tag,
      byte[] buf,
      int off,
      int len) {
    tick(timeNanos, false);
    WireFrame w = WireFrame.decode(buf, off, len);
    hops.add(new HopEvent(timeNanos, Hosts.host(from), Hosts.host(to), from, delayNanos, tag, w));
    if (tag != 0 && !connections.containsKey(tag)) {
      remember(tag, w, null, Hosts.host(from), timeNanos);
    }
  }

  @Override
  public void dropped(long timeNanos, String node, long tag, String reason) {
    tick(timeNanos, false);
    drops.add(new DropEvent(timeNanos, node, tag, reason, false));
  }

  @Override
  public void lost(long timeNanos, String where, long tag, String why) {
    tick(timeNanos, false);
    drops.add(new DropEvent(timeNanos, Hosts.host(where), tag, why, true));
  }

  @Override
  public void progress(long timeNanos) {
    tick(timeNanos, false);
  }

  // ------------------------------------------------------------------ capture

  private long now() {
    return live.now();
  }

  private void markStale(long t) {
    if (!stale) {
      stale = true;
      staleSince = t;
    }
  }

  /**
   * Before every callback: takes the pending topology frame and the due SNAT samples. At a
   * reconciliation ({@code reconciling}) the maps already hold the new gateways, which belong to
   * the frame the caller takes next, so the pending frame keeps the previous ones.
   */
  private void tick(long t, boolean reconciling) {
    if (stale) {
      stale = false;
      if (!reconciling) {
        gateways = probeGateways();
      }
      frames.add(frame(staleSince));
    }
    if (t >= nextSample) {
      sampleSnat(t);
      nextSample = (t / sampleStep + 1) * sampleStep;
    }
  }

  private Map<String, GatewayProbe.Gateway> probeGateways() {
    return GatewayProbe.probe(live.controlPlane(), live.cluster().nodes());
  }

  private TopologyFrame frame(long t) {
    List<NodeState> nodes = new ArrayList<>();
    for (Node n : live.cluster().nodes()) {
      List<PodState> pods = new ArrayList<>();
      for (Pod p : live.cluster().podsOn(n.name())) {
        if (p.isRunning()) {
          pods.add(new PodState(p.namespace(), p.name(), p.ip()));
        }
      }
      pods.sort(Comparator.comparing(PodState::namespace).thenComparing(PodState::name));
      GatewayProbe.Gateway g = gateways.get(n.name());
      nodes.add(
          new NodeState(
              n.name(),
              n.k8sNodeIp(),
              live.isUp(n.name()),
              pods,
              g == null ? List.of() : g.egressIps(),
              g == null ? List.of() : g.policies()));
    }
    nodes.sort(Comparator.comparing(NodeState::name));
    return new TopologyFrame(t, nodes);
  }

  private void sampleSnat(long t) {
    for (Node n : live.cluster().nodes()) {
      String node = n.name();
      Datapath dp = live.datapath(node);
      if (dp == null) {
        continue;
      }
      SnatStats s = dp.snat().stats();
      long inUse = dp.natMap().size() / 2;
      if (s.mappings() == 0 && s.exhausted() == 0 && inUse == 0 && !snat.containsKey(node)) {
        continue;
      }
      long[] hist = s.histogram();
      long retries = 0;
      for (int i = 0; i < hist.length; i++) {
        retries += i * hist[i];
      }
      List<SnatSample> l = snat.computeIfAbsent(node, k -> new ArrayList<>());
      if (l.isEmpty() && t > 0) {
        l.add(new SnatSample(0, 0, 0, 0, 0));
      }
      SnatSample last = l.isEmpty() ? null : l.get(l.size() - 1);
      if (last != null && t - last.time() > 2 * sampleStep) {
        // Nothing happened since the last sample (no callback): the counters stood still until
        // the step before this one, so a chart shows a flat stretch, not a slope.
        l.add(
            new SnatSample(
                t - sampleStep, last.inUse(), last.allocations(), last.retries(), last.failed()));
      }
      l.add(new SnatSample(t, inUse, s.mappings(), retries, s.exhausted()));
    }
  }

  private void remember(long tag, WireFrame w, String pod, String node, long t) {
    if (w.src() == 0) {
      return;
    }
    connections.put(
        tag, new Connection(tag, pod, node, w.src(), w.sport(), w.dst(), w.dport(), w.proto(), t));
  }

  private Recording finish(RunOutcome out) {
    tick(out.endNanos(), false);
    sampleSnat(out.endNanos());
    List<TopologyFrame> distinct = new ArrayList<>();
    for (TopologyFrame f : frames) {
      TopologyFrame last = distinct.isEmpty() ? null : distinct.get(distinct.size() - 1);
      if (last != null && last.time() == f.time()) {
        distinct.set(distinct.size() - 1, f);
      } else if (last == null || !last.nodes().equals(f.nodes())) {
        distinct.add(f);
      }
    }
    if (distinct.isEmpty()) {
      distinct.add(new TopologyFrame(0, List.of()));
    } else if (distinct.get(0).time() != 0) {
      distinct.set(0, distinct.get(0).at(0));
    }
    List<ExternalState> ext = new ArrayList<>();
    for (ExternalSpec e : scenario.externals()) {
      ext.add(new ExternalState(e.name(), e.ip()));
    }
    List<String> warnings = new ArrayList<>(out.result().warnings());
    for (EgressWarning w : out.controlPlane().warnings()) {
      if (!warnings.contains(w.format())) {
        warnings.add(w.format());
      }
    }
    return new Recording(
        scenario,
        injected,
        Math.max(horizon, out.endNanos()),
        ext,
        scenario.network().router(),
        distinct,
        hops,
        drops,
        flows,
        actions,
        connections,
        snat,
        out.result(),
        warnings);
  }
}
