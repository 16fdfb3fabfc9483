package dev.egret.scenarios.run;

import dev.egret.datapath.config.DatapathConfig;
import dev.egret.datapath.egress.EgressPolicyEntry;
import dev.egret.datapath.monitor.DropReason;
import dev.egret.datapath.nat.SnatStats;
import dev.egret.datapath.net.Ip4;
import dev.egret.scenarios.load.PolicyWarnings;
import dev.egret.scenarios.model.Action;
import dev.egret.scenarios.model.ActionExpect;
import dev.egret.scenarios.model.EndExpectation;
import dev.egret.scenarios.model.Scenario;
import dev.egret.scenarios.model.TimelineItem;
import dev.egret.scenarios.result.ActionResult;
import dev.egret.scenarios.result.ConnectionResult;
import dev.egret.scenarios.result.ExpectationResult;
import dev.egret.scenarios.result.RunResult;
import dev.egret.scenarios.result.SnatPressure;
import dev.egret.scenarios.result.Stats;
import dev.egret.scenarios.traffic.FlowReport;
import dev.egret.sim.Durations;
import dev.egret.topology.controlplane.egressgateway.EgressWarning;
import dev.egret.topology.egresslist.EgressListRenderer;
import dev.egret.topology.node.SimNode;
import dev.egret.topology.yaml.Problem;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns what a run recorded into the SPEC §5 result: one {@link ConnectionResult} per connection,
 * every expectation checked with its expected and actual value, drops by Hubble reason, SNAT
 * pressure per node, and statistics.
 *
 * <p>A connection's verdict is FORWARDED when the destination saw a packet of it, DROPPED when a
 * datapath program dropped one of its packets first, LOST otherwise. It "succeeded" when the pod
 * got an answer back ({@code replyReceived}).
 */
final class Evaluator {
  private final World world;
  private final Scenario scenario;
  private final List<String> runWarnings;
  private final List<ExpectationResult> expectations = new ArrayList<>();

  Evaluator(World world, Scenario scenario, List<String> runWarnings) {
    this.world = world;
    this.scenario = scenario;
    this.runWarnings = runWarnings;
  }

  RunOutcome outcome(long wallNanos) {
    List<ActionResult> actions = new ArrayList<>();
    for (TimelineItem item : scenario.timeline()) {
      List<ConnectionResult> conns = new ArrayList<>();
      for (Conn c : world.book.of(item.index())) {
        conns.add(connection(c));
      }
      Action a = item.action();
      String from = a instanceof Action.Traffic t ? t.from().toString() : null;
      String to = a instanceof Action.Traffic t ? t.to().toString() : null;
      actions.add(
          new ActionResult(item.index(), Durations.format(item.at()), a.kind(), from, to, conns));
      if (item.expect() != null) {
        checkAction(item, conns);
      }
    }
    SortedMap<String, Long> drops = new TreeMap<>();
    world.drops.forEach((r, n) -> drops.put(r.hubbleName(), n));
    for (EndExpectation e : scenario.expectations()) {
      if (e instanceof EndExpectation.Drops d) {
        drops.putIfAbsent(d.reason(), 0L);
      }
      checkEnd(e, drops);
    }
    SortedMap<String, SnatPressure> snat = new TreeMap<>();
    for (SimNode n : world.nodes.values()) {
      SnatStats s = n.datapath().snat().stats();
      if (s.mappings() > 0 || s.exhausted() > 0) {
        DatapathConfig cfg = n.datapath().config();
        snat.put(
            n.name(),
            new SnatPressure(
                s.mappings(),
                s.maxRetries(),
                s.exhausted(),
                s.exhausted() > 0 ? (long) cfg.snatMaxPort() - cfg.snatMinPort() + 1 : null,
                world.firstExhaustion.get(n.name())));
      }
    }
    boolean passed = expectations.stream().allMatch(ExpectationResult::passed);
    List<String> warnings = new ArrayList<>();
    for (Problem p : scenario.warnings()) {
      warnings.add(p.format());
    }
    for (EgressWarning w : world.controlPlane.warnings()) {
      warnings.add(PolicyWarnings.toProblem(w, world.cluster.policies(), scenario).format());
    }
    warnings.addAll(runWarnings);
    RunResult result =
        new RunResult(
            scenario.name(),
            world.seed,
            scenario.cilium().version().label(),
            passed,
            actions,
            expectations,
            drops,
            snat,
            new Stats(world.sim.eventsExecuted(), world.packetHops(), world.sim.now()),
            warnings);
    return new RunOutcome(result, world, wallNanos);
  }

  private ConnectionResult connection(Conn c) {
    FlowReport r = c.report;
    String verdict =
        c.sighting != null
            ? ConnectionResult.FORWARDED
            : c.dropReason != null ? ConnectionResult.DROPPED : ConnectionResult.LOST;
    boolean reply = r != null && r.replyReceived();
    return new ConnectionResult(
        c.pod,
        Ip4.format(c.podIp),
        c.node,
        c.sighting == null ? null : Ip4.format(c.sighting.peerIp()),
        c.sighting == null ? null : c.sighting.peerPort(),
        c.gateway,
        verdict,
        verdict.equals(ConnectionResult.DROPPED) ? c.dropReason : null,
        reply,
        reply && r.rttNanos() >= 0 ? r.rttNanos() / 1000 : null);
  }

  // ------------------------------------------------------------------ action expectations

  private void checkAction(TimelineItem item, List<ConnectionResult> conns) {
    ActionExpect e = item.expect();
    String base = "timeline[" + item.index() + "].expect.";
    if (e.seenSourceText() != null) {
      eachConnection(
          base + "seenSource",
          e.seenSourceText(),
          conns,
          c ->
              c.seenSource() == null
                  ? "none"
                  : e.seenSourcePort() >= 0
                      ? c.seenSource() + ":" + c.seenSourcePort()
                      : c.seenSource());
    }
    if (e.gateway() != null) {
      eachConnection(
          base + "gateway", e.gateway(), conns, c -> c.gateway() == null ? "none" : c.gateway());
    }
    if (e.verdict() != null) {
      eachConnection(base + "verdict", e.verdict(), conns, ConnectionResult::verdict);
    }
    if (e.dropReason() != null) {
      eachConnection(
          base + "dropReason",
          e.dropReason(),
          conns,
          c -> c.dropReason() == null ? "none" : c.dropReason());
    }
    long ok = conns.stream().filter(ConnectionResult::replyReceived).count();
    if (e.succeeded() >= 0) {
      add(base + "succeeded", Long.toString(e.succeeded()), Long.toString(ok), ok == e.succeeded());
    }
    if (e.failed() >= 0) {
      long failed = conns.size() - ok;
      add(base + "failed", Long.toString(e.failed()), Long.toString(failed), failed == e.failed());
    }
    if (e.successRate() != null) {
      double rate = conns.isEmpty() ? 0 : (double) ok / conns.size();
      add(
          base + "successRate",
          e.successRate().toString(),
          String.format("%.4f (%d/%d)", rate, ok, conns.size()),
          !conns.isEmpty() && e.successRate().test(rate));
    }
  }

  private void eachConnection(
      String where,
      String expected,
      List<ConnectionResult> conns,
      java.util.function.Function<ConnectionResult, String> actualOf) {
    if (conns.isEmpty()) {
      add(where, expected, "no connection", false);
      return;
    }
    Set<String> actual = new LinkedHashSet<>();
    boolean all = true;
    for (ConnectionResult c : conns) {
      String a = actualOf.apply(c);
      actual.add(a);
      all &= a.equals(expected);
    }
    add(where, expected, String.join(", ", new TreeSet<>(actual)), all);
  }

  // ------------------------------------------------------------------ end expectations

  private void checkEnd(EndExpectation e, SortedMap<String, Long> drops) {
    String where = "expect[" + e.index() + "].";
    if (e instanceof EndExpectation.Drops d) {
      long n = drops.getOrDefault(d.reason(), 0L);
      List<String> want = new ArrayList<>();
      boolean ok = true;
      if (d.min() >= 0) {
        want.add(">= " + d.min());
        ok &= n >= d.min();
      }
      if (d.max() >= 0) {
        want.add("<= " + d.max());
        ok &= n <= d.max();
      }
      if (d.equals() >= 0) {
        want.add("== " + d.equals());
        ok &= n == d.equals();
      }
      add(where + "drops." + d.reason(), String.join(" and ", want), Long.toString(n), ok);
    } else if (e instanceof EndExpectation.EgressMap m) {
      Set<String> want = new TreeSet<>();
      for (EndExpectation.MapRow r : m.entries()) {
        want.add(row(r.sourceIp(), r.destination().toString(), r.egressIp(), r.gatewayIp()));
      }
      Set<String> have = new TreeSet<>();
      for (EgressPolicyEntry en : world.controlPlane.mapFor(m.node()).dump()) {
        have.add(row(en.sourceIp(), en.destination().toString(), en.egressIp(), en.gatewayIp()));
      }
      add(
          where + "egressMap[" + m.node() + "]",
          want.isEmpty() ? "(empty)" : String.join("; ", want),
          have.isEmpty() ? "(empty)" : String.join("; ", have),
          want.equals(have));
    } else if (e instanceof EndExpectation.Snat s) {
      SimNode n = world.nodes.get(s.node());
      SnatStats st = n == null ? null : n.datapath().snat().stats();
      long retries = st == null ? 0 : st.maxRetries();
      long exhausted = st == null ? 0 : st.exhausted();
      if (s.maxRetries() >= 0) {
        add(
            where + "snat[" + s.node() + "].maxRetries",
            "<= " + s.maxRetries(),
            Long.toString(retries),
            retries <= s.maxRetries());
      }
      if (s.inUseAtFirstExhaustionMax() >= 0) {
        Long first = world.firstExhaustion.get(s.node());
        add(
            where + "snat[" + s.node() + "].inUseAtFirstExhaustion",
            "<= " + s.inUseAtFirstExhaustionMax(),
            first == null ? "never exhausted" : Long.toString(first),
            first != null && first <= s.inUseAtFirstExhaustionMax());
      }
      if (s.exhaustedMax() >= 0) {
        add(
            where + "snat[" + s.node() + "].exhausted",
            "<= " + s.exhaustedMax(),
            Long.toString(exhausted),
            exhausted <= s.exhaustedMax());
      }
    }
  }

  private static String row(int src, String dst, int egress, int gw) {
    return Ip4.format(src)
        + " "
        + dst
        + " "
        + Ip4.format(egress)
        + " "
        + EgressListRenderer.gateway(gw);
  }

  private void add(String where, String expected, String actual, boolean passed) {
    expectations.add(new ExpectationResult(where, expected, actual, passed));
  }

  static String reason(DropReason r) {
    return r.hubbleName();
  }
}
