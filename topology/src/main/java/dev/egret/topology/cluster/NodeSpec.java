package dev.egret.topology.cluster;

import dev.egret.datapath.net.Cidr4;
import dev.egret.topology.model.Labels;
import dev.egret.topology.model.NodeNetwork.InterfaceSpec;
import java.util.List;

/**
 * A node as a scenario declares it (SPEC §3 {@code nodes[]}).
 *
 * @param internalIp the InternalIP (0 for none)
 * @param externalIp an ExternalIP (0 for none)
 * @param podCidr the pod CIDR, or null to allocate one
 * @param interfaces the node's interfaces in order, or null for one {@code eth0} holding the
 *     internal IP with the underlay's prefix length
 */
public record NodeSpec(
    String name,
    Labels labels,
    int internalIp,
    int externalIp,
    Cidr4 podCidr,
    List<InterfaceSpec> interfaces) {}
