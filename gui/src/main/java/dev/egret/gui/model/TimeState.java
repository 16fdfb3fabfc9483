package dev.egret.gui.model;

import dev.egret.topology.egresslist.EgressList;
import java.util.List;
import java.util.Map;

/**
 * The state of every node at one simulated time, read from a run stopped there ({@code --until}):
 * the egress lists exactly as {@code egret egress-list --at T} prints them, the SNAT and conntrack
 * entries, and the SNAT counters.
 *
 * @param egressLists per node, the {@code cilium-dbg bpf egress list} table
 * @param nat per node, its SNAT entries in key order
 * @param ct per node, its conntrack entries (TCP map, then the any map) in key order
 */
public record TimeState(
    long time,
    List<String> nodes,
    Map<String, EgressList> egressLists,
    Map<String, List<NatRow>> nat,
    Map<String, List<CtRow>> ct) {}
