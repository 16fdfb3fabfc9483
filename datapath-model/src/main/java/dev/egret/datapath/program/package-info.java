/**
 * The BPF programs as static functions returning {@link dev.egret.datapath.program.Verdict}s:
 * bpf_lxc ({@code BpfLxc}), bpf_overlay ({@code BpfOverlay}), bpf_host ({@code BpfHost}), bpf_xdp
 * ({@code BpfXdp}), and the helpers they share.
 */
package dev.egret.datapath.program;
