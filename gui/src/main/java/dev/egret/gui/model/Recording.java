package dev.egret.gui.model;

import dev.egret.scenarios.model.Scenario;
import dev.egret.scenarios.model.TimelineItem;
import dev.egret.scenarios.record.FlowRecord;
import dev.egret.scenarios.result.RunResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything one run of a scenario showed, kept for the visualizer: the topology over time, every
 * frame on the underlay, every flow (monitor event), drop and loss, the timeline actions, the SNAT
 * state of every node over time, and the run's result. Built by {@link Recorder} from the run's
 * event stream; nothing here is re-derived. Immutable once built, so the FX thread may read it
 * while the next run records.
 *
 * <p>Time queries are binary searches over the events' times: O(log n + answer).
 */
public final class Recording {
  private final Scenario scenario;
  private final List<TimelineItem> injected;
  private final long endNanos;
  private final List<ExternalState> externals;
  private final int routerIp;
  private final List<TopologyFrame> frames;
  private final long[] frameTimes;
  private final List<HopEvent> hops;
  private final long[] hopTimes;
  private final long maxHopDelay;
  private final List<DropEvent> drops;
  private final long[] dropTimes;
  private final List<FlowRecord> flows;
  private final long[] flowTimes;
  private final List<TimelineItem> actions;
  private final Map<Long, Connection> connections;
  private final Map<String, List<SnatSample>> snat;
  private final RunResult result;
  private final List<String> warnings;
  private final long[] eventTimes;

  Recording(
      Scenario scenario,
      List<TimelineItem> injected,
      long endNanos,
      List<ExternalState> externals,
      int routerIp,
      List<TopologyFrame> frames,
      List<HopEvent> hops,
      List<DropEvent> drops,
      List<FlowRecord> flows,
      List<TimelineItem> actions,
      Map<Long, Connection> connections,
      Map<String, List<SnatSample>> snat,
      RunResult result,
      List<String> warnings) {
    this.scenario = scenario;
    this.injected = List.copyOf(injected);
    this.endNanos = endNanos;
    this.externals = List.copyOf(externals);
    this.routerIp = routerIp;
    this.frames = List.copyOf(frames);
    this.frameTimes = frames.stream().mapToLong(TopologyFrame::time).toArray();
    this.hops = Collections.unmodifiableList(hops);
    this.hopTimes = hops.stream().mapToLong(HopEvent::time).toArray();
    this.maxHopDelay = hops.stream().mapToLong(HopEvent::delay).max().orElse(0);
    this.drops = Collections.unmodifiableList(drops);
    this.dropTimes = drops.stream().mapToLong(DropEvent::time).toArray();
    this.flows = Collections.unmodifiableList(flows);
    this.flowTimes = flows.stream().mapToLong(FlowRecord::timeNanos).toArray();
    this.actions = List.copyOf(actions);
    this.connections = Collections.unmodifiableMap(connections);
    this.snat = Collections.unmodifiableMap(snat);
    this.result = result;
    this.warnings = List.copyOf(warnings);
    this.eventTimes = eventTimes(hops, drops, actions, endNanos);
  }

  private static long[] eventTimes(
      List<HopEvent> hops, List<DropEvent> drops, List<TimelineItem> actions, long end) {
    TreeSet<Long> s = new TreeSet<>();
    for (HopEvent h : hops) {
      s.add(h.time());
      s.add(h.arrival());
    }
    for (DropEvent d : drops) {
      s.add(d.time());
    }
    for (TimelineItem a : actions) {
      s.add(a.at());
    }
    s.add(end);
    return s.stream().mapToLong(Long::longValue).toArray();
  }

  /** The scenario that ran (with the injected items in its timeline). */
  public Scenario scenario() {
    return scenario;
  }

  /** The items the user injected, in the order given. */
  public List<TimelineItem> injected() {
    return injected;
  }

  /** When the run ended (its horizon). */
  public long endNanos() {
    return endNanos;
  }

  public List<ExternalState> externals() {
    return externals;
  }

  /** The underlay router's address. */
  public int routerIp() {
    return routerIp;
  }

  /** Every distinct topology, in time order; the first is at time 0. */
  public List<TopologyFrame> frames() {
    return frames;
  }

  /** The topology at {@code t}: the last frame that starts at or before it. */
  public TopologyFrame frameAt(long t) {
    int i = TimeIndex.firstAfter(frameTimes, frameTimes.length, t) - 1;
    return frames.get(Math.max(0, i));
  }

  /** Every node that existed at some time, by name. */
  public List<String> nodeNames() {
    Set<String> s = new TreeSet<>();
    for (TopologyFrame f : frames) {
      for (NodeState n : f.nodes()) {
        s.add(n.name());
      }
    }
    return new ArrayList<>(s);
  }

  /** Nodes that were a gateway at some time, by name. */
  public List<String> gatewaysEver() {
    Set<String> s = new TreeSet<>();
    for (TopologyFrame f : frames) {
      for (NodeState n : f.nodes()) {
        if (n.isGateway()) {
          s.add(n.name());
        }
      }
    }
    return new ArrayList<>(s);
  }

  /** Every frame that crossed the underlay, in time order. */
  public List<HopEvent> hops() {
    return hops;
  }

  /** Frames on the wire at {@code t}. */
  public List<HopEvent> inFlight(long t) {
    List<HopEvent> out = new ArrayList<>();
    int end = TimeIndex.firstAfter(hopTimes, hopTimes.length, t);
    int start = TimeIndex.firstAtOrAfter(hopTimes, hopTimes.length, t - maxHopDelay);
    for (int i = start; i < end; i++) {
      if (hops.get(i).inFlightAt(t)) {
        out.add(hops.get(i));
      }
    }
    return out;
  }

  /** Hops that left in {@code (from, to]}. */
  public List<HopEvent> hopsIn(long from, long to) {
    int a = TimeIndex.firstAfter(hopTimes, hopTimes.length, from);
    int b = TimeIndex.firstAfter(hopTimes, hopTimes.length, to);
    return hops.subList(a, Math.max(a, b));
  }

  /**
   * Tunnels carrying traffic at {@code t}: a tunnelled frame between the two nodes is on the wire,
   * or left within {@code window} before {@code t}.
   */
  public Set<Tunnel> tunnelsAt(long t, long window) {
    Set<Tunnel> out = new TreeSet<>(TUNNEL_ORDER);
    int end = TimeIndex.firstAfter(hopTimes, hopTimes.length, t);
    int start = TimeIndex.firstAtOrAfter(hopTimes, hopTimes.length, t - window - maxHopDelay);
    for (int i = start; i < end; i++) {
      HopEvent h = hops.get(i);
      if (h.frame().tunnel()
          && !h.from().equals(h.to())
          && (h.inFlightAt(t) || h.time() >= t - window)) {
        out.add(Tunnel.between(h.from(), h.to()));
      }
    }
    return out;
  }

  private static final java.util.Comparator<Tunnel> TUNNEL_ORDER =
      java.util.Comparator.comparing(Tunnel::a).thenComparing(Tunnel::b);

  /** Drops and losses, in time order. */
  public List<DropEvent> drops() {
    return drops;
  }

  /** Drops and losses in {@code (from, to]}. */
  public List<DropEvent> dropsIn(long from, long to) {
    int a = TimeIndex.firstAfter(dropTimes, dropTimes.length, from);
    int b = TimeIndex.firstAfter(dropTimes, dropTimes.length, to);
    return drops.subList(a, Math.max(a, b));
  }

  /** Every monitor event of every node, in time order. */
  public List<FlowRecord> flows() {
    return flows;
  }

  /** Flows in {@code (from, to]}. */
  public List<FlowRecord> flowsIn(long from, long to) {
    int a = TimeIndex.firstAfter(flowTimes, flowTimes.length, from);
    int b = TimeIndex.firstAfter(flowTimes, flowTimes.length, to);
    return flows.subList(a, Math.max(a, b));
  }

  /** The flows of one connection, in order. */
  public List<FlowRecord> flowsOf(long tag) {
    List<FlowRecord> out = new ArrayList<>();
    for (FlowRecord r : flows) {
      if (r.tag() == tag) {
        out.add(r);
      }
    }
    return out;
  }

  /** The hops of one connection, in order. */
  public List<HopEvent> hopsOf(long tag) {
    List<HopEvent> out = new ArrayList<>();
    for (HopEvent h : hops) {
      if (h.tag() == tag) {
        out.add(h);
      }
    }
    return out;
  }

  /** The timeline items as they were carried out, in order. */
  public List<TimelineItem> actions() {
    return actions;
  }

  /** The connection of a tag, or null. */
  public Connection connection(long tag) {
    return connections.get(tag);
  }

  /** Every connection by tag. */
  public Map<Long, Connection> connections() {
    return connections;
  }

  /** SNAT samples per node that did any SNAT, by node name. */
  public Map<String, List<SnatSample>> snat() {
    return snat;
  }

  /** The run's result (SPEC §5). */
  public RunResult result() {
    return result;
  }

  /** The control plane's and the run's warnings at the end. */
  public List<String> warnings() {
    return warnings;
  }

  /** The first time after {@code t} at which something happens (a frame leaves or arrives, ...). */
  public long nextEventAfter(long t) {
    int i = TimeIndex.firstAfter(eventTimes, eventTimes.length, t);
    return i < eventTimes.length ? eventTimes[i] : endNanos;
  }

  /** The last time before {@code t} at which something happens, or 0. */
  public long previousEventBefore(long t) {
    int i = TimeIndex.firstAtOrAfter(eventTimes, eventTimes.length, t) - 1;
    return i >= 0 ? eventTimes[i] : 0;
  }
}
