package dev.egret.topology.controlplane.egressgateway;

import dev.egret.topology.model.LabelSelector;

/**
 * One parsed gateway of a policy ({@code egressGateway} or an {@code egressGateways[]} item).
 *
 * @param iface the {@code interface}, or null
 * @param egressIp the {@code egressIP}, or 0 when unset
 */
public record GatewaySpec(LabelSelector nodeSelector, String iface, int egressIp) {}
