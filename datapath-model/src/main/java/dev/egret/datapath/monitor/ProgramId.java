package dev.egret.datapath.monitor;

/** The BPF program (attachment point) an event came from. */
public enum ProgramId {
  /** bpf_lxc.c {@code cil_from_container}: a pod's egress, on its lxc device. */
  FROM_CONTAINER("bpf_lxc.c", "cil_from_container"),
  /** bpf_lxc.c {@code ipv4_policy} (tail_ipv4_policy / cil_to_container): delivery to a pod. */
  TO_CONTAINER("bpf_lxc.c", "tail_ipv4_policy"),
  /** bpf_overlay.c {@code cil_from_overlay}: ingress on cilium_vxlan / cilium_geneve. */
  FROM_OVERLAY("bpf_overlay.c", "cil_from_overlay"),
  /** bpf_host.c {@code cil_to_netdev}: egress on a native device. */
  TO_NETDEV("bpf_host.c", "cil_to_netdev"),
  /** bpf_host.c {@code cil_from_netdev}: ingress on a native device. */
  FROM_NETDEV("bpf_host.c", "cil_from_netdev"),
  /** bpf_xdp.c {@code cil_xdp_entry}: XDP on a native device (nodeport acceleration). */
  XDP_ENTRY("bpf_xdp.c", "cil_xdp_entry");

  private final String file;
  private final String function;

  ProgramId(String file, String function) {
    this.file = file;
    this.function = function;
  }

  public String file() {
    return file;
  }

  public String function() {
    return function;
  }
}
