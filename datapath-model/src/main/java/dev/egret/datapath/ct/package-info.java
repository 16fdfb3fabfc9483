/**
 * Conntrack: {@code cilium_ct4_global} / {@code cilium_ct_any4_global}, the lookup and create rules
 * of bpf/lib/conntrack.h, and the agent's garbage collector.
 */
package dev.egret.datapath.ct;
