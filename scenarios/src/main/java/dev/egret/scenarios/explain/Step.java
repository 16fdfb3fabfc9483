package dev.egret.scenarios.explain;

import java.util.List;

/**
 * One step of an explanation.
 *
 * @param timeNanos when it happened
 * @param where a node, a link ({@code a → b}) or a host
 * @param what the observation (e.g. {@code from-container}, {@code wire}, {@code SNAT})
 * @param packet the packet as it was there, e.g. {@code 10.0.0.2:55122 → 198.51.100.10:80 TCP SYN}
 * @param why the decisions behind it, one line each
 * @param reply whether it belongs to the reply direction
 */
public record Step(
    long timeNanos, String where, String what, String packet, List<String> why, boolean reply) {}
