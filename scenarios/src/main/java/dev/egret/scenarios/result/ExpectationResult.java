package dev.egret.scenarios.result;

/**
 * One checked expectation.
 *
 * @param where the scenario path of the expectation, e.g. {@code timeline[0].expect.seenSource}
 */
public record ExpectationResult(String where, String expected, String actual, boolean passed) {}
