package dev.egret.scenarios.result;

import java.util.List;
import java.util.SortedMap;

/**
 * The result of a scenario run (SPEC §5). Field names and order are the document's.
 *
 * @param drops drop counts by Hubble reason name, sorted by name; the reasons named by the
 *     scenario's expectations are present even when zero
 * @param snat SNAT pressure per gateway node, sorted by node name
 * @param warnings notes on inputs Cilium accepts but that surprise people (not in SPEC's example;
 *     an extension)
 */
public record RunResult(
    String scenario,
    long seed,
    String ciliumVersion,
    boolean passed,
    List<ActionResult> actions,
    List<ExpectationResult> expectations,
    SortedMap<String, Long> drops,
    SortedMap<String, SnatPressure> snat,
    Stats stats,
    List<String> warnings) {}
