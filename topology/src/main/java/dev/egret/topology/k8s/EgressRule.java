package dev.egret.topology.k8s;

import dev.egret.topology.model.LabelSelector;

/**
 * One {@code selectors[]} item of a CiliumEgressGatewayPolicy (or {@code egress[]} item of a
 * CiliumEgressNATPolicy). A null selector was not given; an empty one matches everything.
 *
 * @param nodeSelector only honoured from Cilium 1.17 (null otherwise)
 */
public record EgressRule(
    LabelSelector namespaceSelector, LabelSelector podSelector, LabelSelector nodeSelector) {}
