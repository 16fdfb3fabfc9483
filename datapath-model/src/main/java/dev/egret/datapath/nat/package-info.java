/** SNAT: {@code cilium_snat_v4_external} and the port allocation and rewrites of bpf/lib/nat.h. */
package dev.egret.datapath.nat;
