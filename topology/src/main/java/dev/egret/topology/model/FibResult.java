package dev.egret.topology.model;

/**
 * The answer of a node's FIB lookup ({@code bpf_fib_lookup}-like): the egress interface and the
 * next hop (the destination itself for a connected route).
 */
public record FibResult(Route route, Interface device, int nextHop) {}
