package dev.egret.datapath.ct;

import dev.egret.datapath.maps.KeyTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A conntrack map, {@code cilium_ct4_global} (TCP) or {@code cilium_ct_any4_global} (everything
 * else): an LRU hash from {@link Tuple4} to {@code struct ct_entry} (bpf/lib/common.h, v1.16),
 * whose fields live in primitive columns indexed by entry id.
 *
 * <pre>
 * struct ct_entry {               // 56 bytes, host order (little-endian)
 *   __u64 reserved0;              //  0: unused since v1.16
 *   __u64 backend_id;             //  8
 *   __u64 packets;                // 16  (CONNTRACK_ACCOUNTING)
 *   __u64 bytes;                  // 24
 *   __u32 lifetime;               // 32: bpf_mono_now() seconds at which it expires
 *   __u16 rx_closing:1, tx_closing:1, reserved1:1, lb_loopback:1, seen_non_syn:1,
 *         node_port:1, proxy_redirect:1, dsr_internal:1, from_l7lb:1, reserved2:1,
 *         from_tunnel:1, reserved3:5;   // 36
 *   __u16 rev_nat_index;          // 38
 *   __u16 ifindex;                // 40
 *   __u8  tx_flags_seen;          // 42: OR of TCP flags (masked by CT_REPORT_FLAGS)
 *   __u8  rx_flags_seen;          // 43
 *   __u32 src_sec_id;             // 44
 *   __u32 last_tx_report;         // 48
 *   __u32 last_rx_report;         // 52
 * };
 * </pre>
 *
 * Services are not modelled, so backend_id, rev_nat_index and ifindex are always 0.
 */
public final class CtMap4 extends KeyTable {
  /** {@code CT_MAP_TCP4}'s pinned name. */
  public static final String NAME_TCP = "cilium_ct4_global";

  /** {@code CT_MAP_ANY4}'s pinned name. */
  public static final String NAME_ANY = "cilium_ct_any4_global";

  public static final int VALUE_SIZE = 56;

  public static final int F_RX_CLOSING = 1;
  public static final int F_TX_CLOSING = 1 << 1;
  public static final int F_LB_LOOPBACK = 1 << 3;
  public static final int F_SEEN_NON_SYN = 1 << 4;
  public static final int F_NODE_PORT = 1 << 5;
  public static final int F_PROXY_REDIRECT = 1 << 6;
  public static final int F_DSR_INTERNAL = 1 << 7;
  public static final int F_FROM_L7LB = 1 << 8;
  public static final int F_FROM_TUNNEL = 1 << 10;

  long[] packets;
  long[] bytes;
  int[] lifetime;
  int[] flags; // bitfield (16 bits)
  int[] seen; // tx_flags_seen | rx_flags_seen << 8
  int[] srcSecId;
  int[] lastTxReport;
  int[] lastRxReport;

  public CtMap4(String name, int maxEntries) {
    super(name, maxEntries, true);
  }

  @Override
  protected void growValues(int c) {
    packets = packets == null ? new long[c] : Arrays.copyOf(packets, c);
    bytes = bytes == null ? new long[c] : Arrays.copyOf(bytes, c);
    int from = lifetime == null ? 0 : lifetime.length;
    lifetime = lifetime == null ? new int[c] : Arrays.copyOf(lifetime, c);
    // unused ids hold the largest lifetime, as removed ones do (onRemove): a new entry's
    // creator writes the real one, and until then it must not lower the GC's lifetime floor
    Arrays.fill(lifetime, from, c, -1);
    flags = flags == null ? new int[c] : Arrays.copyOf(flags, c);
    seen = seen == null ? new int[c] : Arrays.copyOf(seen, c);
    srcSecId = srcSecId == null ? new int[c] : Arrays.copyOf(srcSecId, c);
    lastTxReport = lastTxReport == null ? new int[c] : Arrays.copyOf(lastTxReport, c);
    lastRxReport = lastRxReport == null ? new int[c] : Arrays.copyOf(lastRxReport, c);
  }

  /**
   * A lower bound (unsigned) of every live entry's lifetime: no entry expires before it, so a GC
   * pass at a time not after it deletes nothing ({@link CtGc} then skips the walk). Lowered by
   * every lifetime write, recomputed by each full pass.
   */
  private int lifetimeFloor;

  int lifetimeFloor() {
    return lifetimeFloor;
  }

  void setLifetimeFloor(int floor) {
    lifetimeFloor = floor;
  }

  /** Records a lifetime written to some entry. */
  void noteLifetime(int l) {
    if (Integer.compareUnsigned(l, lifetimeFloor) < 0) {
      lifetimeFloor = l;
    }
  }

  @Override
  protected void onInsert(int id) {
    // The columns hold what a removed entry left (see onRemove), or 0 in fresh storage.
    noteLifetime(lifetime[id]);
  }

  @Override
  protected void onRemove(int id) {
    // A reused id then starts from the largest lifetime: it does not lower the floor before its
    // creator writes the real one (create4 always does).
    lifetime[id] = -1;
  }

  /** Zeroes an entry's columns ({@code struct ct_entry entry = {}}). */
  void clearValues(int id) {
    packets[id] = 0;
    bytes[id] = 0;
    lifetime[id] = 0; // always followed by the creator's lifetime write (create4)
    flags[id] = 0;
    seen[id] = 0;
    srcSecId[id] = 0;
    lastTxReport[id] = 0;
    lastRxReport[id] = 0;
  }

  /** The entry under a tuple's key (no LRU refresh), or {@link KeyTable#NONE}. */
  public int find(Tuple4 t) {
    return find(t.k0(), t.k1());
  }

  public long packets(int id) {
    return packets[id];
  }

  public long bytes(int id) {
    return bytes[id];
  }

  /** The u32 expiry time in bpf_mono_now seconds. */
  public int lifetime(int id) {
    return lifetime[id];
  }

  /** The flag bitfield ({@link #F_RX_CLOSING} ...). */
  public int flags(int id) {
    return flags[id];
  }

  public int txFlagsSeen(int id) {
    return seen[id] & 0xff;
  }

  public int rxFlagsSeen(int id) {
    return (seen[id] >>> 8) & 0xff;
  }

  public int srcSecId(int id) {
    return srcSecId[id];
  }

  public int lastTxReport(int id) {
    return lastTxReport[id];
  }

  public int lastRxReport(int id) {
    return lastRxReport[id];
  }

  /** Overwrites the lifetime (agent-side tools and tests). */
  public void setLifetime(int id, int lifetimeSeconds) {
    lifetime[id] = lifetimeSeconds;
    noteLifetime(lifetimeSeconds);
  }

  /** An entry's value as a record (allocates). */
  public CtEntry entry(int id) {
    return new CtEntry(
        packets[id],
        bytes[id],
        lifetime[id],
        flags[id],
        txFlagsSeen(id),
        rxFlagsSeen(id),
        srcSecId[id],
        lastTxReport[id],
        lastRxReport[id]);
  }

  /** The entry under {@code t}, or null. */
  public CtEntry get(Tuple4 t) {
    int id = find(t);
    return id < 0 ? null : entry(id);
  }

  /** Every (key, value) in key order. */
  public List<Dumped> dump() {
    List<Dumped> out = new ArrayList<>(size());
    for (int id : idsByKey()) {
      out.add(new Dumped(new Tuple4().fromKey(key0(id), key1(id)), entry(id)));
    }
    return out;
  }

  /** The map as {@code bpftool map dump} prints it (plain output, entries in key order). */
  public String bpftoolDump() {
    return bpftoolDump(
        id -> new Tuple4().fromKey(key0(id), key1(id)).keyBytes(), id -> entry(id).valueBytes());
  }

  /** One dumped entry. */
  public record Dumped(Tuple4 key, CtEntry value) {}
}
