package dev.egret.datapath.node;

/**
 * The output of a FIB lookup ({@code struct bpf_fib_lookup} after {@code bpf_fib_lookup}): the
 * egress interface and the MACs to write. Mutable scratch owned by the datapath; {@link #ifindex}
 * is preset to the current device before the lookup, so an implementation that leaves it alone
 * answers "the same device" (as the BPF tests' FIB mock does).
 */
public final class FibResult {
  /** {@code BPF_FIB_LKUP_RET_SUCCESS}. */
  public static final int SUCCESS = 0;

  /** {@code BPF_FIB_LKUP_RET_BLACKHOLE}. */
  public static final int BLACKHOLE = 1;

  /** {@code BPF_FIB_LKUP_RET_UNREACHABLE}. */
  public static final int UNREACHABLE = 2;

  /** {@code BPF_FIB_LKUP_RET_PROHIBIT}. */
  public static final int PROHIBIT = 3;

  /** {@code BPF_FIB_LKUP_RET_NOT_FWDED}. */
  public static final int NOT_FWDED = 4;

  /** {@code BPF_FIB_LKUP_RET_FWD_DISABLED}. */
  public static final int FWD_DISABLED = 5;

  /** {@code BPF_FIB_LKUP_RET_UNSUPP_LWT}. */
  public static final int UNSUPP_LWT = 6;

  /** {@code BPF_FIB_LKUP_RET_NO_NEIGH}: route found, neighbour unresolved. */
  public static final int NO_NEIGH = 7;

  /** {@code BPF_FIB_LKUP_RET_FRAG_NEEDED}. */
  public static final int FRAG_NEEDED = 8;

  /** The egress interface. */
  public int ifindex;

  /** The source MAC to write (the egress device's). */
  public long smac;

  /** The destination MAC to write (the next hop's). */
  public long dmac;

  /** Prepares for a lookup from device {@code currentIfindex}. */
  public FibResult reset(int currentIfindex) {
    this.ifindex = currentIfindex;
    this.smac = 0;
    this.dmac = 0;
    return this;
  }
}
