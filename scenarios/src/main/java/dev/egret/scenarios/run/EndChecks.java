package dev.egret.scenarios.run;

import dev.egret.datapath.config.DatapathConfig;
import dev.egret.datapath.nat.SnatStats;
import dev.egret.scenarios.model.EndExpectation;
import dev.egret.scenarios.result.ExpectationResult;
import dev.egret.scenarios.result.SnatPressure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/**
 * The end-of-run expectations judged the same way by the simulator ({@link Evaluator}) and the lab:
 * each takes what the run observed and gives the expectation results, in the report's wording.
 */
public final class EndChecks {
  private EndChecks() {}

  /** {@code drops: {reason, min, max, equals}} against the drop counts by Hubble reason. */
  public static ExpectationResult drops(
      String where, EndExpectation.Drops d, SortedMap<String, Long> drops) {
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
    return new ExpectationResult(
        where + "drops." + d.reason(), String.join(" and ", want), Long.toString(n), ok);
  }

  /** {@code egressMap} of a node: the expected rows against the map's, both rendered as text. */
  public static ExpectationResult egressMap(
      String where, String node, Set<String> want, Set<String> have) {
    return new ExpectationResult(
        where + "egressMap[" + node + "]",
        want.isEmpty() ? "(empty)" : String.join("; ", want),
        have.isEmpty() ? "(empty)" : String.join("; ", have),
        want.equals(have));
  }

  /**
   * A node's SNAT pressure for the result, or null when it made no mapping and failed none; the
   * port range and the mappings in use at the first exhaustion only when it ran out.
   */
  public static SnatPressure snatPressure(SnatStats s, DatapathConfig cfg, Long firstExhaustion) {
    if (s.mappings() == 0 && s.exhausted() == 0) {
      return null;
    }
    return new SnatPressure(
        s.mappings(),
        s.maxRetries(),
        s.exhausted(),
        s.exhausted() > 0 ? (long) cfg.snatMaxPort() - cfg.snatMinPort() + 1 : null,
        firstExhaustion);
  }

  /**
   * {@code snat} of a node against its SNAT statistics ({@code null}: the node has none) and the
   * mappings in use at each node's first exhaustion ({@code null}: not tracked, the check is left
   * out).
   */
  public static void snat(
      String where,
      EndExpectation.Snat s,
      SnatStats st,
      Map<String, Long> firstExhaustion,
      List<ExpectationResult> out) {
    long retries = st == null ? 0 : st.maxRetries();
    long exhausted = st == null ? 0 : st.exhausted();
    if (s.maxRetries() >= 0) {
      out.add(
          new ExpectationResult(
              where + "snat[" + s.node() + "].maxRetries",
              "<= " + s.maxRetries(),
              Long.toString(retries),
              retries <= s.maxRetries()));
    }
    if (s.inUseAtFirstExhaustionMax() >= 0 && firstExhaustion != null) {
      Long first = firstExhaustion.get(s.node());
      out.add(
          new ExpectationResult(
              where + "snat[" + s.node() + "].inUseAtFirstExhaustion",
              "<= " + s.inUseAtFirstExhaustionMax(),
              first == null ? "never exhausted" : Long.toString(first),
              first != null && first <= s.inUseAtFirstExhaustionMax()));
    }
    if (s.exhaustedMax() >= 0) {
      out.add(
          new ExpectationResult(
              where + "snat[" + s.node() + "].exhausted",
              "<= " + s.exhaustedMax(),
              Long.toString(exhausted),
              exhausted <= s.exhaustedMax()));
    }
  }
}
