package dev.egret.topology.k8s;

import dev.egret.topology.model.LabelSelector;

/**
 * {@code spec.egressGateway} (or one {@code egressGateways[]} item).
 *
 * @param nodeSelector selects the gateway node (required)
 * @param iface {@code interface}, or null
 * @param egressIP {@code egressIP} as a host-order IPv4, or 0 when unset
 */
public record EgressGateway(LabelSelector nodeSelector, String iface, int egressIP) {}
