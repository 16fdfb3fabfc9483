package dev.egret.scenarios.run;

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
import dev.egret.scenarios.result.ConnectionSummaryResult;
import dev.egret.scenarios.result.ExpectationResult;
import dev.egret.scenarios.result.RunResult;
import dev.egret.scenarios.result.SnatPressure;
import dev.egret.scenarios.result.Stats;
import dev.egret.sim.Durations;
import dev.egret.topology.controlplane.egressgateway.EgressWarning;
import dev.egret.topology.egresslist.EgressListRenderer;
import dev.egret.topology.node.SimNode;
import dev.egret.topology.yaml.Problem;
import java.util.ArrayList;
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

  private final long maxConnectionDetails;

  Evaluator(World world, Scenario scenario, List<String> runWarnings, long maxConnectionDetails) {
    this.world = world;
    this.scenario = scenario;
    this.runWarnings = runWarnings;
    this.maxConnectionDetails = maxConnectionDetails;
  }

  RunOutcome outcome(long wallNanos) {
    List<ActionResult> actions = new ArrayList<>();
    for (TimelineItem item : scenario.timeline()) {
      List<Conn> book = world.book.of(item.index());
      boolean summarise = maxConnectionDetails >= 0 && book.size() > maxConnectionDetails;
      List<ConnectionResult> conns = summarise ? List.of() : new ArrayList<>(book.size());
      ConnectionSummaryResult.Builder summary =
          summarise ? new ConnectionSummaryResult.Builder() : null;
      ActionCheck check = item.expect() == null ? null : new ActionCheck(item.expect());
      for (Conn c : book) {
        ConnectionResult r = connection(c);
        if (summarise) {
          summary.add(r);
        } else {
          conns.add(r);
        }
        if (check != null) {
          check.accept(r);
        }
      }
      Action a = item.action();
      String from = a instanceof Action.Traffic t ? t.from().toString() : null;
      String to = a instanceof Action.Traffic t ? t.to().toString() : null;
      actions.add(
          new ActionResult(
              item.index(),
              Durations.format(item.at()),
              a.kind(),
              from,
              to,
              conns,
              summarise ? summary.build() : null));
      if (check != null) {
        check.finish(item);
      }
    }
    SortedMap<String, Long> drops = new TreeMap<>();
    world.drops().forEach((r, n) -> drops.put(r.hubbleName(), n));
    for (EndExpectation e : scenario.expectations()) {
      if (e instanceof EndExpectation.Drops d) {
        drops.putIfAbsent(d.reason(), 0L);
      }
      checkEnd(e, drops);
    }
    SortedMap<String, SnatPressure> snat = new TreeMap<>();
    for (SimNode n : world.nodes.values()) {
      SnatPressure p =
          EndChecks.snatPressure(
              n.datapath().snat().stats(),
              n.datapath().config(),
              world.firstExhaustion.get(n.name()));
      if (p != null) {
        snat.put(n.name(), p);
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
    String verdict =
        c.seen
            ? ConnectionResult.FORWARDED
            : c.dropReason != null ? ConnectionResult.DROPPED : ConnectionResult.LOST;
    boolean reply = c.replyReceived();
    long rtt = c.rtt();
    return new ConnectionResult(
        c.pod,
        Ip4.format(c.podIp),
        c.node,
        c.seen ? Ip4.format(c.seenIp) : null,
        c.seen ? c.seenPort : null,
        c.gateway,
        verdict,
        verdict.equals(ConnectionResult.DROPPED) ? c.dropReason : null,
        reply,
        reply && rtt >= 0 ? rtt / 1000 : null);
  }

  // ------------------------------------------------------------------ action expectations

  /** One action's expectations, checked in one pass over its connections (O(1) per connection). */
  private final class ActionCheck {
    private final ActionExpect e;
    private final Set<String> seen = new TreeSet<>();
    private final Set<String> gateways = new TreeSet<>();
    private final Set<String> verdicts = new TreeSet<>();
    private final Set<String> reasons = new TreeSet<>();
    private boolean seenAll = true;
    private boolean gatewayAll = true;
    private boolean verdictAll = true;
    private boolean reasonAll = true;
    private long n;
    private long ok;

    ActionCheck(ActionExpect e) {
      this.e = e;
    }

    void accept(ConnectionResult c) {
      n++;
      if (c.replyReceived()) {
        ok++;
      }
      if (e.seenSourceText() != null) {
        String a =
            c.seenSource() == null
                ? "none"
                : e.seenSourcePort() >= 0
                    ? c.seenSource() + ":" + c.seenSourcePort()
                    : c.seenSource();
        seen.add(a);
        seenAll &= a.equals(e.seenSourceText());
      }
      if (e.gateway() != null) {
        String a = c.gateway() == null ? "none" : c.gateway();
        gateways.add(a);
        gatewayAll &= a.equals(e.gateway());
      }
      if (e.verdict() != null) {
        verdicts.add(c.verdict());
        verdictAll &= c.verdict().equals(e.verdict());
      }
      if (e.dropReason() != null) {
        String a = c.dropReason() == null ? "none" : c.dropReason();
        reasons.add(a);
        reasonAll &= a.equals(e.dropReason());
      }
    }

    void finish(TimelineItem item) {
      String base = "timeline[" + item.index() + "].expect.";
      if (e.seenSourceText() != null) {
        eachConnection(base + "seenSource", e.seenSourceText(), seen, seenAll);
      }
      if (e.gateway() != null) {
        eachConnection(base + "gateway", e.gateway(), gateways, gatewayAll);
      }
      if (e.verdict() != null) {
        eachConnection(base + "verdict", e.verdict(), verdicts, verdictAll);
      }
      if (e.dropReason() != null) {
        eachConnection(base + "dropReason", e.dropReason(), reasons, reasonAll);
      }
      if (e.succeeded() >= 0) {
        add(
            base + "succeeded",
            Long.toString(e.succeeded()),
            Long.toString(ok),
            ok == e.succeeded());
      }
      if (e.failed() >= 0) {
        long failed = n - ok;
        add(
            base + "failed",
            Long.toString(e.failed()),
            Long.toString(failed),
            failed == e.failed());
      }
      if (e.successRate() != null) {
        double rate = n == 0 ? 0 : (double) ok / n;
        add(
            base + "successRate",
            e.successRate().toString(),
            String.format("%.4f (%d/%d)", rate, ok, n),
            n != 0 && e.successRate().test(rate));
      }
    }

    private void eachConnection(String where, String expected, Set<String> actual, boolean all) {
      if (n == 0) {
        add(where, expected, "no connection", false);
        return;
      }
      add(where, expected, String.join(", ", actual), all);
    }
  }

  // ------------------------------------------------------------------ end expectations

  private void checkEnd(EndExpectation e, SortedMap<String, Long> drops) {
    String where = "expect[" + e.index() + "].";
    if (e instanceof EndExpectation.Drops d) {
      expectations.add(EndChecks.drops(where, d, drops));
    } else if (e instanceof EndExpectation.EgressMap m) {
      Set<String> want = new TreeSet<>();
      for (EndExpectation.MapRow r : m.entries()) {
        want.add(row(r.sourceIp(), r.destination().toString(), r.egressIp(), r.gatewayIp()));
      }
      Set<String> have = new TreeSet<>();
      for (EgressPolicyEntry en : world.controlPlane.mapFor(m.node()).dump()) {
        have.add(row(en.sourceIp(), en.destination().toString(), en.egressIp(), en.gatewayIp()));
      }
      expectations.add(EndChecks.egressMap(where, m.node(), want, have));
    } else if (e instanceof EndExpectation.Snat s) {
      SimNode n = world.nodes.get(s.node());
      SnatStats st = n == null ? null : n.datapath().snat().stats();
      EndChecks.snat(where, s, st, world.firstExhaustion, expectations);
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
