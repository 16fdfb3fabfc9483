package dev.egret.topology.egresslist;

/**
 * What {@code cilium-dbg bpf egress list} prints: standard output, and standard error ({@code No
 * entries found.} for an empty table) kept apart so a CLI can print each where it belongs.
 */
public record EgressList(String stdout, String stderr) {}
