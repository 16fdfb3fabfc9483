package dev.egret.scenarios.output;

import dev.egret.scenarios.result.ActionResult;
import dev.egret.scenarios.result.ConnectionResult;
import dev.egret.scenarios.result.ExpectationResult;
import dev.egret.scenarios.result.RunResult;
import dev.egret.scenarios.result.SnatPressure;
import dev.egret.sim.Durations;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The text report {@code egret run} prints (SPEC §2): a header (scenario, description, Cilium
 * version, seed); the expectations (PASS/FAIL, where, expected, actual); per traffic action a table
 * of what each pod's connection did (pod, pod IP, node, seen source, gateway, verdict, drop reason,
 * reply, RTT), aggregated into counts by (verdict, seen source, gateway, drop reason) with the
 * success rate and RTT spread when the action has more than {@value #AGGREGATE_ABOVE} connections;
 * drops by reason; SNAT pressure per gateway; warnings; the verdict line; and a stats line with
 * events, packet-hops, simulated time, wall time and simulated packet-hops per wall-clock second.
 * Tables are aligned like {@code kubectl get} ({@link TextTable}); the text is ASCII unless the
 * inputs are not. Deterministic for equal inputs.
 */
public final class HumanReport {
  /** Actions with more connections than this are shown aggregated. */
  public static final int AGGREGATE_ABOVE = 20;

  /** The action kinds that open connections. */
  static final Set<String> TRAFFIC_KINDS = Set.of("http", "tcp", "udp", "ping", "load");

  private static final String LABEL_FORMAT = "%-10s%s\n";
  private static final double NANOS_PER_SECOND = 1e9;
  private static final double PERCENT = 100.0;

  /** Rates at or above this are printed without decimals. */
  private static final double WHOLE_RATE_FROM = 100.0;

  private HumanReport() {}

  /** The whole report, ending with a newline. */
  public static String render(RunResult r, ReportExtras x) {
    StringBuilder sb = new StringBuilder();
    header(sb, r, x);
    expectations(sb, r.expectations());
    actions(sb, r.actions());
    drops(sb, r.drops());
    snat(sb, r.snat());
    warnings(sb, r.warnings());
    footer(sb, r, x);
    return sb.toString();
  }

  private static void header(StringBuilder sb, RunResult r, ReportExtras x) {
    line(sb, "Scenario:", r.scenario());
    if (x.description() != null && !x.description().isBlank()) {
      line(sb, "", x.description().strip());
    }
    line(sb, "Cilium:", r.ciliumVersion());
    line(sb, "Seed:", Long.toString(r.seed()));
  }

  private static void expectations(StringBuilder sb, List<ExpectationResult> es) {
    sb.append('\n');
    if (es == null || es.isEmpty()) {
      sb.append("Expectations: none\n");
      return;
    }
    long held = es.stream().filter(ExpectationResult::passed).count();
    sb.append("Expectations (").append(held).append(" of ").append(es.size()).append(" held)\n");
    TextTable t = new TextTable("RESULT", "WHERE", "EXPECTED", "ACTUAL");
    for (ExpectationResult e : es) {
      t.row(e.passed() ? "PASS" : "FAIL", e.where(), e.expected(), e.actual());
    }
    t.appendTo(sb);
  }

  private static void actions(StringBuilder sb, List<ActionResult> actions) {
    if (actions == null) {
      return;
    }
    for (ActionResult a : actions) {
      sb.append('\n');
      if (!TRAFFIC_KINDS.contains(a.kind())) {
        sb.append(actionTitle(a)).append('\n');
        continue;
      }
      List<ConnectionResult> cs = a.connections() == null ? List.of() : a.connections();
      ConnectionSummary s =
          a.summary() != null ? ConnectionSummary.of(a.summary()) : ConnectionSummary.of(cs);
      boolean aggregated = a.summary() != null || cs.size() > AGGREGATE_ABOVE;
      sb.append(actionTitle(a))
          .append(": ")
          .append(plural(s.total, "connection"))
          .append(", ")
          .append(s.succeeded)
          .append(" succeeded");
      if (aggregated) {
        sb.append(String.format(Locale.ROOT, " (%.2f%%)", s.successRate() * PERCENT));
      }
      sb.append('\n');
      if (s.total == 0) {
        continue;
      }
      if (aggregated) {
        aggregatedTable(sb, s);
      } else {
        connectionTable(sb, cs);
      }
    }
  }

  private static String actionTitle(ActionResult a) {
    StringBuilder t = new StringBuilder();
    t.append('[').append(a.index()).append("] at ").append(a.at()).append(' ').append(a.kind());
    if (a.from() != null) {
      t.append(' ').append(a.from());
    }
    if (a.to() != null) {
      t.append(" -> ").append(a.to());
    }
    return t.toString();
  }

  private static void connectionTable(StringBuilder sb, List<ConnectionResult> cs) {
    TextTable t =
        new TextTable(
            "POD",
            "POD IP",
            "NODE",
            "SEEN SOURCE",
            "GATEWAY",
            "VERDICT",
            "DROP REASON",
            "REPLY",
            "RTT");
    for (ConnectionResult c : cs) {
      String seen = c.seenSource();
      if (seen != null && c.seenSourcePort() != null) {
        seen = seen + ":" + c.seenSourcePort();
      }
      t.row(
          c.pod(),
          c.podIP(),
          c.node(),
          seen,
          c.gateway(),
          c.verdict(),
          c.dropReason(),
          c.replyReceived() ? "yes" : "no",
          micros(c.rttMicros()));
    }
    t.appendTo(sb);
  }

  private static void aggregatedTable(StringBuilder sb, ConnectionSummary s) {
    TextTable t = new TextTable("COUNT", "VERDICT", "SEEN SOURCE", "GATEWAY", "DROP REASON");
    for (ConnectionSummary.Group g : s.groups) {
      t.row(Long.toString(g.count()), g.verdict(), g.seenSource(), g.gateway(), g.dropReason());
    }
    t.appendTo(sb);
    if (s.rttMedian != null) {
      sb.append("RTT: min ")
          .append(micros(s.rttMin))
          .append(", median ")
          .append(micros(s.rttMedian))
          .append(", max ")
          .append(micros(s.rttMax))
          .append('\n');
    }
  }

  private static void drops(StringBuilder sb, Map<String, Long> drops) {
    sb.append('\n');
    if (drops == null || drops.isEmpty()) {
      sb.append("Drops by reason: none\n");
      return;
    }
    sb.append("Drops by reason\n");
    TextTable t = new TextTable("REASON", "COUNT");
    drops.forEach((reason, n) -> t.row(reason, Long.toString(n)));
    t.appendTo(sb);
  }

  private static void snat(StringBuilder sb, Map<String, SnatPressure> snat) {
    sb.append('\n');
    if (snat == null || snat.isEmpty()) {
      sb.append("SNAT pressure per gateway: no gateway SNATed anything\n");
      return;
    }
    sb.append("SNAT pressure per gateway\n");
    boolean anyExhausted = snat.values().stream().anyMatch(p -> p.inUseAtFirstExhaustion() != null);
    TextTable t =
        anyExhausted
            ? new TextTable(
                "GATEWAY", "MAPPINGS", "MAX RETRIES", "EXHAUSTED", "IN USE AT 1ST EXHAUSTION")
            : new TextTable("GATEWAY", "MAPPINGS", "MAX RETRIES", "EXHAUSTED");
    snat.forEach(
        (node, p) -> {
          String m = Long.toString(p.mappings());
          String r = Long.toString(p.maxRetries());
          String x = Long.toString(p.exhausted());
          if (!anyExhausted) {
            t.row(node, m, r, x);
            return;
          }
          String first =
              p.inUseAtFirstExhaustion() == null
                  ? "-"
                  : p.inUseAtFirstExhaustion()
                      + (p.portRange() != null ? " of " + p.portRange() + " ports" : "");
          t.row(node, m, r, x, first);
        });
    t.appendTo(sb);
  }

  /** Warnings shown in the report; the rest are counted (result.json has them all). */
  static final int MAX_WARNINGS = 50;

  private static void warnings(StringBuilder sb, List<String> warnings) {
    if (warnings == null || warnings.isEmpty()) {
      return;
    }
    sb.append("\nWarnings\n");
    for (String w : warnings.subList(0, Math.min(MAX_WARNINGS, warnings.size()))) {
      sb.append("- ").append(w).append('\n');
    }
    if (warnings.size() > MAX_WARNINGS) {
      sb.append(
          String.format(
              java.util.Locale.ROOT,
              "- ... and %,d more (run --json or --out DIR writes them all to result.json)\n",
              warnings.size() - MAX_WARNINGS));
    }
  }

  private static void footer(StringBuilder sb, RunResult r, ReportExtras x) {
    sb.append('\n');
    List<ExpectationResult> es = r.expectations() == null ? List.of() : r.expectations();
    long failed = es.stream().filter(e -> !e.passed()).count();
    if (r.passed()) {
      sb.append("PASSED: ")
          .append(es.isEmpty() ? "no expectations to check" : "every expectation held")
          .append('\n');
    } else {
      sb.append("FAILED: ")
          .append(failed)
          .append(" of ")
          .append(es.size())
          .append(" expectations failed\n");
    }
    sb.append(statsLine(r, x)).append('\n');
    if (x.outputDirectory() != null) {
      sb.append("Outputs: ").append(x.outputDirectory()).append('\n');
    }
  }

  /**
   * {@code Stats: 1,234 events, 18 packet-hops, 7s simulated in 0.412s wall (43.7 packet-hops/s)}:
   * the rate is simulated packet-hops per wall-clock second.
   */
  static String statsLine(RunResult r, ReportExtras x) {
    long events = r.stats() == null ? 0 : r.stats().events();
    long packets = r.stats() == null ? 0 : r.stats().packets();
    long simulated = r.stats() == null ? 0 : r.stats().simulatedNanos();
    double wallSeconds = x.wallNanos() / NANOS_PER_SECOND;
    String rate;
    if (x.wallNanos() <= 0) {
      rate = "n/a";
    } else {
      double perSecond = packets / wallSeconds;
      rate =
          perSecond >= WHOLE_RATE_FROM
              ? String.format(Locale.ROOT, "%,.0f", perSecond)
              : String.format(Locale.ROOT, "%.1f", perSecond);
    }
    return String.format(
        Locale.ROOT,
        "Stats: %,d events, %,d packet-hops, %s simulated in %.3fs wall (%s packet-hops/s)",
        events,
        packets,
        Durations.format(simulated),
        wallSeconds,
        rate);
  }

  private static String micros(Long us) {
    return us == null ? null : Durations.format(us * Durations.MICROSECOND);
  }

  private static String plural(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private static void line(StringBuilder sb, String label, String value) {
    sb.append(String.format(Locale.ROOT, LABEL_FORMAT, label, value));
  }
}
