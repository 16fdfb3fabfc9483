package dev.egret.scenarios.model;

import dev.egret.topology.yaml.Location;

/**
 * Expectations on a traffic action (SPEC §3). Every field is optional (null / negative when
 * absent). Expectations apply to every connection of the action unless they are counts.
 *
 * @param seenSourceIp the source IP the destination must see (0 with {@code seenSourceText} null
 *     when absent)
 * @param seenSourcePort the source port it must see, or -1
 * @param gateway the node that must carry the traffic
 * @param verdict FORWARDED, DROPPED or LOST
 * @param dropReason the Hubble drop reason name
 * @param succeeded how many connections must succeed, or -1
 * @param failed how many connections must fail, or -1
 * @param successRate a comparison such as {@code >= 0.99}, or null
 */
public record ActionExpect(
    String seenSourceText,
    int seenSourceIp,
    int seenSourcePort,
    String gateway,
    String verdict,
    String dropReason,
    long succeeded,
    long failed,
    Comparison successRate,
    Location where) {}
