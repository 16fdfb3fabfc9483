package dev.egret.scenarios.lab;

import dev.egret.datapath.egress.EgressPolicyEntry;
import dev.egret.datapath.nat.SnatStats;
import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.net.Ip4;
import dev.egret.scenarios.model.Action;
import dev.egret.scenarios.model.ActionExpect;
import dev.egret.scenarios.model.EndExpectation;
import dev.egret.scenarios.model.Scenario;
import dev.egret.scenarios.model.Source;
import dev.egret.scenarios.model.TimelineItem;
import dev.egret.scenarios.result.ActionResult;
import dev.egret.scenarios.result.ConnectionResult;
import dev.egret.scenarios.result.ExpectationResult;
import dev.egret.scenarios.result.RunResult;
import dev.egret.scenarios.result.SnatPressure;
import dev.egret.scenarios.result.Stats;
import dev.egret.scenarios.run.ClusterActions;
import dev.egret.scenarios.run.EndChecks;
import dev.egret.sim.Durations;
import dev.egret.topology.controlplane.egressgateway.EgressWarning;
import dev.egret.topology.egresslist.EgressListRenderer;
import dev.egret.topology.model.Pod;
import dev.egret.topology.yaml.Problem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Replays a scenario in the lab: brings the world to time 0, paces the timeline on the wall clock
 * (divided by {@code speed}), carries out each item live, waits for the traffic to end, and turns
 * the ledger into a SPEC §5 {@link RunResult} in scenario addresses, with the scenario's
 * expectations checked against it. The network and everything running in it are removed at the end,
 * after a failure, and on Ctrl-C (a shutdown hook), unless the lab was brought up before with
 * {@code egret lab up}, in which case only what the run started is stopped.
 */
public final class LabRun {
  /**
   * How to run.
   *
   * @param speed timeline speed-up (1 = real time); every scenario duration is divided by it
   * @param outDir where pcaps are written (the underlay, the externals, the scenario's captures),
   *     or null
   * @param captureUnderlay whether to record the underlay bridge into {@code underlay.pcap}
   */
  public record Options(double speed, Path outDir, boolean captureUnderlay) {
    public static final Options DEFAULT = new Options(1, null, false);
  }

  /** What a lab run produced. */
  public record Outcome(
      RunResult result,
      AddressMap map,
      List<String> labConnections,
      List<Path> pcaps,
      long wallNanos,
      List<String> runnerStats,
      java.util.Map<String, Integer> identities) {}

  private final LabScenario ls;
  private final Options options;
  private final PrintWriter log;
  private final List<String> runWarnings = new ArrayList<>();

  public LabRun(LabScenario ls, Options options, PrintWriter log) {
    this.ls = ls;
    this.options = options;
    this.log = log;
  }

  /**
   * Runs the scenario in a lab of its own, or in the lab that is up for it.
   *
   * @throws LabException when the lab cannot be built or run
   */
  public Outcome run() {
    Lab.preflight();
    try (AutoCloseable lock = LabState.lock()) {
      return runLocked();
    } catch (LabException | Error e) {
      throw e;
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new LabException("lab lock: " + e.getMessage(), e);
    }
  }

  /**
   * Tests only: called with a stage name ("started", "replayed"); may throw to simulate a failure.
   */
  static volatile java.util.function.Consumer<String> failpoint = stage -> {};

  private Outcome runLocked() {
    LabState.Up up = LabState.read();
    boolean reuse = false;
    if (up != null) {
      if (!up.scenarioName().equals(ls.scenario().name())) {
        throw new LabException(
            "a lab is up for scenario "
                + up.scenarioName()
                + " ("
                + up.file()
                + "); run egret lab down first");
      }
      reuse = true;
    } else if (!LabNetwork.existingLabNamespaces().isEmpty()) {
      throw new LabException(
          "lab namespaces exist but no lab is recorded as up ("
              + String.join(", ", LabNetwork.existingLabNamespaces())
              + "); run egret lab down to remove them");
    }
    LabNetwork net = new LabNetwork(ls.scenario().name());
    LabWorld w = new LabWorld(ls, net, !reuse, options.outDir());
    w.captureUnderlay(options.captureUnderlay() && options.outDir() != null);
    Thread hook = new Thread(w::close, "lab-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
    long wallStart = System.nanoTime();
    try {
      say(
          "building the lab ("
              + (reuse ? "reusing the lab that is up" : "namespaces, veths, bridge")
              + ")");
      w.start();
      failpoint.accept("started");
      for (String warn : w.warnings) {
        say("warning: " + warn);
      }
      say(
          "lab ready: "
              + w.nodes.size()
              + " nodes, "
              + w.pods.size()
              + " pods, "
              + w.externals.size()
              + " externals; replaying the timeline");
      List<CompletableFuture<Void>> traffic = replay(w);
      failpoint.accept("replayed");
      long horizon =
          (long)
              (dev.egret.scenarios.run.ScenarioRun.horizon(
                      ls.scenario(), dev.egret.scenarios.run.RunOptions.DEFAULT)
                  / options.speed());
      for (CompletableFuture<Void> f : traffic) {
        long left = wallStart + horizon + TimeUnit.SECONDS.toNanos(30) - System.nanoTime();
        try {
          f.get(Math.max(1, left), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
          runWarnings.add("traffic still running at the end of the run; not waited for");
        } catch (Exception e) {
          runWarnings.add("traffic failed: " + e);
        }
      }
      // Frames still in flight (a last ACK, a FIN) get a moment before the world stops.
      LabTraffic.sleepUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200));
      Outcome o = outcome(w, System.nanoTime() - wallStart);
      return o;
    } finally {
      w.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down: the hook runs (close is idempotent)
      }
    }
  }

  private void say(String s) {
    if (log != null) {
      log.println("lab: " + s);
      log.flush();
    }
  }

  // ------------------------------------------------------------------ timeline

  private List<CompletableFuture<Void>> replay(LabWorld w) {
    Scenario s = ls.lab();
    LabTraffic traffic = new LabTraffic(w, options.speed());
    List<TimelineItem> items = new ArrayList<>(s.timeline());
    items.sort(Comparator.comparingLong(TimelineItem::at).thenComparingInt(TimelineItem::index));
    List<CompletableFuture<Void>> all = new ArrayList<>();
    long start = System.nanoTime();
    for (TimelineItem item : items) {
      LabTraffic.sleepUntil(start + (long) (item.at() / options.speed()));
      if (w.isClosed()) {
        break;
      }
      try {
        CompletableFuture<Void> f = execute(w, traffic, item);
        if (f != null) {
          all.add(f);
        }
      } catch (IllegalArgumentException | IllegalStateException e) {
        warn(item, e.getMessage());
      }
      w.processPending();
    }
    return all;
  }

  private CompletableFuture<Void> execute(LabWorld w, LabTraffic traffic, TimelineItem item) {
    Action a = item.action();
    var cluster = w.cluster;
    say("t=" + Durations.format(item.at()) + " " + a.kind());
    if (a instanceof Action.Traffic t) {
      List<LabWorld.LabPod> sources = sources(w, item, t);
      return sources.isEmpty() ? null : traffic.launch(item.index(), t, sources);
    }
    if (ClusterActions.handles(a)) {
      String warning;
      synchronized (w.lock) {
        warning = ClusterActions.apply(cluster, a);
      }
      if (warning != null) {
        warn(item, warning);
      }
    }
    if (a instanceof Action.NodeDown d) {
      if (!w.nodeDown(d.node())) {
        warn(item, "node " + d.node() + " is not in the cluster");
      }
    } else if (a instanceof Action.NodeUp u) {
      if (!w.nodeUp(u.node())) {
        warn(item, "node " + u.node() + " is not in the cluster");
      }
    }
    return null;
  }

  private List<LabWorld.LabPod> sources(LabWorld w, TimelineItem item, Action.Traffic t) {
    List<LabWorld.LabPod> out = new ArrayList<>();
    if (t.from() instanceof Source.PodRef ref) {
      LabWorld.LabPod p = w.pods.get(ref.key());
      if (p == null) {
        Pod pod = w.cluster.pod(ref.key());
        warn(
            item,
            "pod "
                + ref.key()
                + (pod == null ? " does not exist" : " is not running")
                + " at "
                + Durations.format(item.at())
                + "; no traffic sent");
      } else {
        out.add(p);
      }
    } else if (t.from() instanceof Source.Selector sel) {
      for (LabWorld.LabPod p : w.pods.values()) {
        Pod pod = w.cluster.pod(p.key());
        if (pod != null
            && pod.namespace().equals(sel.namespace())
            && sel.selector().matches(pod.labels())) {
          out.add(p);
        }
      }
      if (out.isEmpty()) {
        warn(
            item,
            "no running pod of namespace "
                + sel.namespace()
                + " matches \""
                + sel.text()
                + "\"; no traffic sent");
      }
    }
    return out;
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

  // ------------------------------------------------------------------ results

  private Outcome outcome(LabWorld w, long wallNanos) {
    Scenario s = ls.scenario();
    AddressMap m = ls.map();
    List<ActionResult> actions = new ArrayList<>();
    List<ExpectationResult> expectations = new ArrayList<>();
    List<String> labLines = new ArrayList<>();
    for (TimelineItem item : s.timeline()) {
      List<ConnectionResult> conns = new ArrayList<>();
      for (LabBook.Conn c : w.book.of(item.index())) {
        conns.add(connection(c, m));
        labLines.add(labLine(item, c));
      }
      Action a = item.action();
      String from = a instanceof Action.Traffic t ? t.from().toString() : null;
      String to = a instanceof Action.Traffic t ? t.to().toString() : null;
      actions.add(
          new ActionResult(item.index(), Durations.format(item.at()), a.kind(), from, to, conns));
      if (item.expect() != null) {
        checkAction(expectations, item, conns);
      }
    }
    SortedMap<String, Long> drops = new TreeMap<>();
    synchronized (w.lock) {
      w.drops.forEach((r, n) -> drops.put(r.hubbleName(), n));
    }
    for (EndExpectation e : s.expectations()) {
      if (e instanceof EndExpectation.Drops d) {
        drops.putIfAbsent(d.reason(), 0L);
      }
      checkEnd(w, expectations, e, drops);
    }
    SortedMap<String, SnatPressure> snat = new TreeMap<>();
    long frames = 0;
    List<String> runnerStats = new ArrayList<>();
    for (LabNode n : w.nodes.values()) {
      SnatPressure p;
      synchronized (w.lock) {
        p =
            EndChecks.snatPressure(
                n.datapath().snat().stats(), n.datapath().config(), w.firstExhaustion.get(n.name));
      }
      if (p != null) {
        snat.put(n.name, p);
      }
      frames += n.runner.framesHandled();
      runnerStats.add(
          n.name
              + ": "
              + n.runner.framesHandled()
              + " frames through the datapath, "
              + n.runner.arpAnswered()
              + " ARP answers");
    }
    boolean passed = expectations.stream().allMatch(ExpectationResult::passed);
    List<String> warnings = new ArrayList<>();
    for (Problem p : s.warnings()) {
      warnings.add(p.format());
    }
    for (EgressWarning ew : w.controlPlane.warnings()) {
      warnings.add(ew.toString());
    }
    warnings.addAll(w.warnings);
    warnings.addAll(runWarnings);
    RunResult r =
        new RunResult(
            s.name(),
            s.seed(),
            s.cilium().version().label(),
            passed,
            actions,
            expectations,
            drops,
            snat,
            new Stats(0, frames, wallNanos),
            warnings);
    java.util.Map<String, Integer> ids = new java.util.TreeMap<>();
    synchronized (w.lock) {
      for (Pod p : w.cluster.pods()) {
        ids.put(p.key(), p.identity());
      }
    }
    return new Outcome(r, m, labLines, w.captures.files(), wallNanos, runnerStats, ids);
  }

  private static ConnectionResult connection(LabBook.Conn c, AddressMap m) {
    String verdict =
        c.sighted
            ? ConnectionResult.FORWARDED
            : c.dropReason != null ? ConnectionResult.DROPPED : ConnectionResult.LOST;
    boolean reply = c.replyReceived();
    return new ConnectionResult(
        c.pod,
        m.scenarioText(c.podIp),
        c.node,
        c.sighted ? m.scenarioText(c.seenIp) : null,
        c.sighted ? c.seenPort : null,
        c.gateway,
        verdict,
        verdict.equals(ConnectionResult.DROPPED) ? c.dropReason : null,
        reply,
        reply && c.startNanos >= 0 ? (c.answerNanos - c.startNanos) / 1000 : null);
  }

  /** One connection in lab addresses, for the report. */
  private static String labLine(TimelineItem item, LabBook.Conn c) {
    return "timeline["
        + item.index()
        + "] "
        + c.pod
        + " "
        + Ip4.format(c.podIp)
        + ":"
        + c.sport
        + " -> "
        + Ip4.format(c.dst)
        + (c.dport > 0 ? ":" + c.dport : "")
        + " seen "
        + (c.sighted ? Ip4.format(c.seenIp) + ":" + c.seenPort : "-")
        + (c.echoedSource != null ? " (echo-ip body " + c.echoedSource + ")" : "")
        + (c.dropReason != null ? " dropped on " + c.dropNode + ": " + c.dropReason : "")
        + (c.lostWhy != null ? " lost: " + c.lostWhy : "")
        + (c.error != null ? " [" + c.error + "]" : "");
  }

  // ------------------------------------------------------------------ expectations (as run's)

  private static void checkAction(
      List<ExpectationResult> out, TimelineItem item, List<ConnectionResult> conns) {
    ActionExpect e = item.expect();
    String base = "timeline[" + item.index() + "].expect.";
    if (e.seenSourceText() != null) {
      each(
          out,
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
      each(
          out,
          base + "gateway",
          e.gateway(),
          conns,
          c -> c.gateway() == null ? "none" : c.gateway());
    }
    if (e.verdict() != null) {
      each(out, base + "verdict", e.verdict(), conns, ConnectionResult::verdict);
    }
    if (e.dropReason() != null) {
      each(
          out,
          base + "dropReason",
          e.dropReason(),
          conns,
          c -> c.dropReason() == null ? "none" : c.dropReason());
    }
    long ok = conns.stream().filter(ConnectionResult::replyReceived).count();
    if (e.succeeded() >= 0) {
      out.add(
          new ExpectationResult(
              base + "succeeded",
              Long.toString(e.succeeded()),
              Long.toString(ok),
              ok == e.succeeded()));
    }
    if (e.failed() >= 0) {
      long failed = conns.size() - ok;
      out.add(
          new ExpectationResult(
              base + "failed",
              Long.toString(e.failed()),
              Long.toString(failed),
              failed == e.failed()));
    }
    if (e.successRate() != null) {
      double rate = conns.isEmpty() ? 0 : (double) ok / conns.size();
      out.add(
          new ExpectationResult(
              base + "successRate",
              e.successRate().toString(),
              String.format("%.4f (%d/%d)", rate, ok, conns.size()),
              !conns.isEmpty() && e.successRate().test(rate)));
    }
  }

  private static void each(
      List<ExpectationResult> out,
      String where,
      String expected,
      List<ConnectionResult> conns,
      Function<ConnectionResult, String> actualOf) {
    if (conns.isEmpty()) {
      out.add(new ExpectationResult(where, expected, "no connection", false));
      return;
    }
    Set<String> actual = new LinkedHashSet<>();
    boolean all = true;
    for (ConnectionResult c : conns) {
      String a = actualOf.apply(c);
      actual.add(a);
      all &= a.equals(expected);
    }
    out.add(new ExpectationResult(where, expected, String.join(", ", new TreeSet<>(actual)), all));
  }

  private void checkEnd(
      LabWorld w, List<ExpectationResult> out, EndExpectation e, SortedMap<String, Long> drops) {
    String where = "expect[" + e.index() + "].";
    if (e instanceof EndExpectation.Drops d) {
      out.add(EndChecks.drops(where, d, drops));
    } else if (e instanceof EndExpectation.EgressMap em) {
      AddressMap m = ls.map();
      Set<String> want = new TreeSet<>();
      for (EndExpectation.MapRow r : em.entries()) {
        want.add(
            row(
                Ip4.format(r.sourceIp()),
                r.destination().toString(),
                Ip4.format(r.egressIp()),
                EgressListRenderer.gateway(r.gatewayIp())));
      }
      Set<String> have = new TreeSet<>();
      synchronized (w.lock) {
        for (EgressPolicyEntry en : w.controlPlane.mapFor(em.node()).dump()) {
          Cidr4 dst = m.toScenario(en.destination());
          int gw = en.gatewayIp();
          have.add(
              row(
                  m.scenarioText(en.sourceIp()),
                  dst == null ? "lab:" + en.destination() : dst.toString(),
                  m.scenarioText(en.egressIp()),
                  gw == 0 || gw == 1 ? EgressListRenderer.gateway(gw) : m.scenarioText(gw)));
        }
      }
      out.add(EndChecks.egressMap(where, em.node(), want, have));
    } else if (e instanceof EndExpectation.Snat sn) {
      LabNode n = w.nodes.get(sn.node());
      SnatStats st = n == null ? null : n.datapath().snat().stats();
      synchronized (w.lock) {
        EndChecks.snat(where, sn, st, w.firstExhaustion, out);
      }
    }
  }

  private static String row(String src, String dst, String egress, String gw) {
    return src + " " + dst + " " + egress + " " + gw;
  }
}
