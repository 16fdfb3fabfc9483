package dev.egret.topology.model;

/**
 * The IPv4 default route with the lowest metric, or why there is none: Cilium's egress-IP
 * derivation fails when there is no default route or when two share the lowest metric
 * (pkg/egressgateway/policy.go, reference §2.2).
 *
 * @param route the winning route, or null
 * @param error why there is none, or null
 */
public record DefaultRouteResult(Route route, String error) {}
