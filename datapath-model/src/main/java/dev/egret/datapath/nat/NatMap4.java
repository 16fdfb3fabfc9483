package dev.egret.datapath.nat;

import dev.egret.datapath.ct.Tuple4;
import dev.egret.datapath.maps.KeyTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code cilium_snat_v4_external} ({@code SNAT_MAPPING_IPV4}): an LRU hash from {@link Tuple4} in
 * packet order to {@code struct ipv4_nat_entry} (bpf/lib/nat.h, v1.16), in primitive columns.
 *
 * <pre>
 * struct ipv4_nat_entry {        // 40 bytes
 *   struct nat_entry {
 *     __u64 created;             //  0: bpf_mono_now() seconds, informational
 *     __u64 needs_ct;            //  8: one bit used
 *     __u64 pad1, pad2;          // 16, 24
 *   } common;
 *   union {
 *     struct { __be32 to_saddr; __be16 to_sport; };  // original (TUPLE_F_OUT) entries
 *     struct { __be32 to_daddr; __be16 to_dport; };  // reverse (TUPLE_F_IN) entries
 *   };                           // 32, 36; 2 bytes of padding
 * };
 * </pre>
 *
 * Keys: the original entry is {saddr=P, daddr=X, sport=P.port, dport=X.port, proto, OUT}; the
 * reverse entry is {saddr=X, daddr=E, sport=X.port, dport=port', proto, IN}.
 */
public final class NatMap4 extends KeyTable {
  /** The pinned name (Go {@code MapNameSnat4Global}). */
  public static final String NAME = "cilium_snat_v4_external";

  public static final int VALUE_SIZE = 40;

  long[] created;
  boolean[] needsCt;
  int[] addr;
  int[] port;
  private final ReversePortIndex reversePorts;

  public NatMap4(int maxEntries) {
    this(maxEntries, ReversePortIndex.BITMAP_THRESHOLD);
  }

  /** With another bitmap threshold for the port index (tests). */
  NatMap4(int maxEntries, int bitmapThreshold) {
    super(NAME, maxEntries, true);
    reversePorts = new ReversePortIndex(this, maxEntries, bitmapThreshold);
  }

  /** The RevSNAT keys by collision domain, for {@link SnatV4#newMapping}'s probing. */
  ReversePortIndex reversePorts() {
    return reversePorts;
  }

  @Override
  protected void onInsert(int id) {
    long k1 = key1(id);
    if (ReversePortIndex.isReverse(k1)) {
      reversePorts.added(key0(id), k1);
    }
    logWrite(id);
  }

  @Override
  protected void onOverwrite(int id) {
    logWrite(id);
  }

  // ------------------------------------------------------------ write log
  // The ids written (inserted or overwritten) since the last mark, for the GC's orphan purge: when
  // no conntrack entry went since its last purge, only these entries can have become orphans
  // (CtGc.purgeOrphanNat). Past max(64, size) ids the log gives up and a full purge is due.

  private int[] written = new int[64];
  private int writtenCount;
  private boolean writtenOverflow;
  private long writeLogMark;

  private void logWrite(int id) {
    if (writtenOverflow) {
      return;
    }
    if (writtenCount == written.length) {
      if (writtenCount >= Math.max(64, size())) {
        writtenOverflow = true;
        return;
      }
      written = Arrays.copyOf(written, written.length * 2);
    }
    written[writtenCount++] = id;
  }

  /**
   * The ids written since the last {@link #markWriteLog()} (possibly repeated, possibly freed or
   * reused since), or null when there were too many to log.
   */
  public int[] writtenIds() {
    return writtenOverflow ? null : written;
  }

  /** How many of {@link #writtenIds()} are valid. */
  public int writtenCount() {
    return writtenCount;
  }

  /** Empties the write log and returns the mark that names this point. */
  public long markWriteLog() {
    writtenCount = 0;
    writtenOverflow = false;
    return ++writeLogMark;
  }

  /** The mark of the last {@link #markWriteLog()}. */
  public long writeLogMark() {
    return writeLogMark;
  }

  @Override
  protected void onRemove(int id) {
    long k1 = key1(id);
    if (ReversePortIndex.isReverse(k1)) {
      reversePorts.removed(key0(id), k1);
    }
  }

  @Override
  protected void onClear() {
    reversePorts.cleared();
    writtenOverflow = true; // whatever the log held is gone; the next purge scans (an empty map)
  }

  @Override
  protected void growValues(int c) {
    created = created == null ? new long[c] : Arrays.copyOf(created, c);
    needsCt = needsCt == null ? new boolean[c] : Arrays.copyOf(needsCt, c);
    addr = addr == null ? new int[c] : Arrays.copyOf(addr, c);
    port = port == null ? new int[c] : Arrays.copyOf(port, c);
  }

  /** The entry under a tuple's key (no LRU refresh), or {@link KeyTable#NONE}. */
  public int find(Tuple4 t) {
    return find(t.k0(), t.k1());
  }

  /**
   * {@code __snat_create}-style insert ({@code BPF_NOEXIST}): the entry id, or a negative errno
   * ({@code -EEXIST} when the key exists).
   */
  int create(Tuple4 t, long createdSec, boolean needs, int toAddr, int toPort) {
    int id = update(t.k0(), t.k1(), BPF_NOEXIST);
    if (id >= 0) {
      set(id, createdSec, needs, toAddr, toPort);
    }
    return id;
  }

  void set(int id, long createdSec, boolean needs, int toAddr, int toPort) {
    created[id] = createdSec;
    needsCt[id] = needs;
    addr[id] = toAddr;
    port[id] = toPort & 0xffff;
  }

  /**
   * Agent-side insert or replace (tests, the BPF test fixtures' pre-created entries).
   *
   * @return the entry id
   */
  public int put(Tuple4 t, long createdSec, boolean needs, int toAddr, int toPort) {
    int id = update(t.k0(), t.k1(), BPF_ANY);
    set(id, createdSec, needs, toAddr, toPort);
    return id;
  }

  public long created(int id) {
    return created[id];
  }

  public boolean needsCt(int id) {
    return needsCt[id];
  }

  /** {@code to_saddr} (original entries) or {@code to_daddr} (reverse entries). */
  public int addr(int id) {
    return addr[id];
  }

  /** {@code to_sport} or {@code to_dport}. */
  public int port(int id) {
    return port[id];
  }

  /** An entry's value as a record (allocates). */
  public NatEntry entry(int id) {
    return new NatEntry(created[id], needsCt[id], addr[id], port[id]);
  }

  /** The entry under {@code t}, or null. */
  public NatEntry get(Tuple4 t) {
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
  public record Dumped(Tuple4 key, NatEntry value) {}
}
