/** {@code cilium-dbg bpf egress list} output, table and JSON, per Cilium version. */
package dev.egret.topology.egresslist;
