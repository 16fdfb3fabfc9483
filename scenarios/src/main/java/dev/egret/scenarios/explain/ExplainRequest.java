package dev.egret.scenarios.explain;

import dev.egret.scenarios.model.Protocol;

/**
 * One probe: from a pod to an address, at a time.
 *
 * @param pod namespace/name
 * @param dstIp the destination address
 * @param dstPort the destination port (0 for ICMP)
 * @param at the simulated time the probe is sent (0: just after the start-up reconciliation)
 */
public record ExplainRequest(String pod, int dstIp, int dstPort, Protocol protocol, long at) {}
