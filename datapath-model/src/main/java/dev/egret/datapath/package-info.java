/**
 * A Java model of Cilium's eBPF datapath for egress gateway traffic: packet views over raw frames,
 * BPF-like maps, conntrack, SNAT, the egress policy map and the programs, as pure functions of
 * (frame, maps, node context, clock reading).
 */
package dev.egret.datapath;
