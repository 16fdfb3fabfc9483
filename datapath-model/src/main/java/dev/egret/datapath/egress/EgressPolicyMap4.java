package dev.egret.datapath.egress;

import dev.egret.datapath.maps.Bpftool;
import dev.egret.datapath.maps.MapFullException;
import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.net.Ip4;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The egress gateway policy map, {@code cilium_egress_gw_policy_v4}: a {@code
 * BPF_MAP_TYPE_LPM_TRIE} keyed by (source /32, destination CIDR) whose value is (egress IP, gateway
 * IP). Also models the 1.10.0–1.10.5 {@code cilium_egress_v4}, which has the same layout with the
 * second value field named {@code tunnel_endpoint} (see {@link #legacy110(int)}).
 *
 * <p>Semantics follow the kernel's {@code kernel/bpf/lpm_trie.c}: the longest matching prefix wins;
 * a key is identified by its first {@code prefixlen} bits (host bits of the stored address are kept
 * for display but ignored for identity and matching); an update on a map holding {@code
 * max_entries} entries fails with ENOSPC, even when it would only replace an existing key, because
 * the kernels Cilium 1.16 targets check the count before looking for the key ({@code
 * trie_update_elem}); iteration is the kernel's post-order ("more specific keys before less
 * specific ones", siblings in ascending bit order).
 *
 * <p>Implementation: every key has the full source /32 as its first 32 bits, so the trie's first
 * level is an exact match. An open-addressing table on the source address holds, per slot, the
 * source, its rule count and the offset of its rules in a shared pool, where they sit as contiguous
 * (mask, masked destination, entry id) triples sorted by destination prefix length, longest first.
 * A lookup reads one table slot and one run of the pool (two cache misses) and scans the source's
 * own CIDRs — O(CIDRs per endpoint), no allocation. Not thread-safe.
 */
public final class EgressPolicyMap4 {
  /** The map's pinned name in Cilium ≥1.10.6. */
  public static final String NAME = "cilium_egress_gw_policy_v4";

  /** The 1.10.0–1.10.5 map name. */
  public static final String LEGACY_NAME = "cilium_egress_v4";

  /** {@code EGRESS_POLICY_MAP_SIZE}, the default of {@code --egress-gateway-policy-map-max}. */
  public static final int EGRESS_POLICY_MAP_SIZE = 16384;

  /** {@code EGRESS_GATEWAY_NO_GATEWAY}: the policy matched but no node matches its selector. */
  public static final int EGRESS_GATEWAY_NO_GATEWAY = 0;

  /** {@code EGRESS_GATEWAY_EXCLUDED_CIDR} = 0.0.0.1: the destination is in an excludedCIDRs. */
  public static final int EGRESS_GATEWAY_EXCLUDED_CIDR = 1;

  /** {@code EGRESS_IPV4_PREFIX}: lookups use the full 64-bit key. */
  public static final int LOOKUP_PREFIX_LEN = 64;

  /** What {@link #find(int, int)} returns when nothing matches. */
  public static final int NOT_FOUND = -1;

  private final String name;
  private final int maxEntries;
  private final boolean legacy;

  // Entry storage by id; ids are recycled through a free list.
  private int[] src = new int[16];
  private int[] dst = new int[16]; // address as written (host bits kept)
  private byte[] plen = new byte[16]; // destination prefix length 0..32
  private int[] egress = new int[16];
  private int[] gateway = new int[16];
  private int[] freeIds = new int[16];
  private int freeTop;
  private int nextId;
  private int size;

  // Source address -> rules: an open-addressing table (linear probing, backward-shift deletion)
  // with 4 ints per slot: source, group + 1 (0 = empty slot), offset of the source's rules in the
  // pool, number of rules. A lookup reads one slot and one run of the pool: two cache misses.
  private int[] sourceTable = new int[4 * 16];
  private int sourceMask = 15;
  private int sources;

  // Each source's rules, longest destination prefix first, as (mask, masked destination, entry
  // id) triples in a block of the shared pool; blocks double when full and the pool is compacted
  // when more than half of it is garbage.
  private int[] pool = new int[3 * 64];
  private int poolTop;
  private int poolGarbage;
  private int[] groupOff = new int[16];
  private int[] groupCap = new int[16];
  private int[] groupLen = new int[16];
  private int[] freeGroups = new int[16];
  private int freeGroupTop;
  private int nextGroup;
  private boolean[] groupLive = new boolean[16];

  /** A {@code cilium_egress_gw_policy_v4} map with the given {@code max_entries}. */
  public EgressPolicyMap4(int maxEntries) {
    this(NAME, maxEntries, false);
  }

  private EgressPolicyMap4(String name, int maxEntries, boolean legacy) {
    if (maxEntries <= 0) {
      throw new IllegalArgumentException("max_entries must be positive: " + maxEntries);
    }
    this.name = name;
    this.maxEntries = maxEntries;
    this.legacy = legacy;
  }

  /** The 1.10.0–1.10.5 {@code cilium_egress_v4} map (value: egress IP, tunnel endpoint). */
  public static EgressPolicyMap4 legacy110(int maxEntries) {
    return new EgressPolicyMap4(LEGACY_NAME, maxEntries, true);
  }

  public String name() {
    return name;
  }

  /** Whether this is the 1.10 {@code cilium_egress_v4} map. */
  public boolean isLegacy() {
    return legacy;
  }

  public int maxEntries() {
    return maxEntries;
  }

  public int size() {
    return size;
  }

  // ---------------------------------------------------------------- lookups (datapath side)

  /**
   * The longest-prefix entry for a packet from {@code saddr} to {@code daddr} ({@code
   * lookup_ip4_egress_gw_policy}, bpf/lib/egress_gateway.h), as an entry id for {@link
   * #egressIp(int)} and {@link #gatewayIp(int)}, or {@link #NOT_FOUND}. Allocation-free.
   */
  public int find(int saddr, int daddr) {
    int[] t = sourceTable;
    int m = sourceMask;
    int i = hashSource(saddr) & m;
    while (t[4 * i + 1] != 0) {
      if (t[4 * i] == saddr) {
        int[] r = pool;
        int k = t[4 * i + 2];
        int end = k + 3 * t[4 * i + 3];
        for (; k < end; k += 3) {
          if ((daddr & r[k]) == r[k + 1]) {
            return r[k + 2];
          }
        }
        return NOT_FOUND;
      }
      i = (i + 1) & m;
    }
    return NOT_FOUND;
  }

  /** The egress IP of an entry found by {@link #find(int, int)}. */
  public int egressIp(int id) {
    return egress[id];
  }

  /** The gateway IP (tunnel endpoint in the 1.10 map) of an entry found by {@link #find}. */
  public int gatewayIp(int id) {
    return gateway[id];
  }

  /** The matched entry's destination prefix length. */
  public int destinationPrefixLen(int id) {
    return plen[id];
  }

  /** The matched entry's destination address as stored. */
  public int destinationAddress(int id) {
    return dst[id];
  }

  /** The matched entry's source address. */
  public int sourceIp(int id) {
    return src[id];
  }

  /** The matched entry as a value object (allocates; for traces and tests). */
  public EgressPolicyEntry entry(int id) {
    return new EgressPolicyEntry(src[id], new Cidr4(dst[id], plen[id]), egress[id], gateway[id]);
  }

  /** The entry stored under exactly this key, or null. */
  public EgressPolicyEntry get(int saddr, Cidr4 destination) {
    int id = exact(saddr, destination);
    return id < 0 ? null : entry(id);
  }

  // ---------------------------------------------------------------- updates (agent side)

  /**
   * {@code bpf_map_update_elem(BPF_ANY)}: inserts or replaces the entry for (saddr, destination).
   *
   * @throws MapFullException when the map already holds {@code max_entries} entries (ENOSPC), also
   *     when the key exists (see the class comment)
   */
  public void update(int saddr, Cidr4 destination, int egressIp, int gatewayIp)
      throws MapFullException {
    if (size >= maxEntries) {
      throw new MapFullException(name, maxEntries);
    }
    int id = exact(saddr, destination);
    if (id >= 0) {
      dst[id] = destination.address();
      egress[id] = egressIp;
      gateway[id] = gatewayIp;
      return;
    }
    id = allocateId();
    src[id] = saddr;
    dst[id] = destination.address();
    plen[id] = (byte) destination.prefixLength();
    egress[id] = egressIp;
    gateway[id] = gatewayIp;
    addToGroup(saddr, id);
    size++;
  }

  /** Convenience for {@link #update(int, Cidr4, int, int)} with a value object. */
  public void update(EgressPolicyEntry e) throws MapFullException {
    update(e.sourceIp(), e.destination(), e.egressIp(), e.gatewayIp());
  }

  /** {@code bpf_map_delete_elem}: removes the key; false if absent (ENOENT). */
  public boolean delete(int saddr, Cidr4 destination) {
    int slot = slotOf(saddr);
    if (slot < 0) {
      return false;
    }
    int g = sourceTable[4 * slot + 1] - 1;
    int off = groupOff[g];
    int n = groupLen[g];
    for (int k = 0; k < n; k++) {
      int id = pool[off + 3 * k + 2];
      if (sameKey(id, destination)) {
        System.arraycopy(pool, off + 3 * k + 3, pool, off + 3 * k, 3 * (n - k - 1));
        groupLen[g] = n - 1;
        if (n == 1) {
          removeSource(saddr);
          poolGarbage += 3 * groupCap[g];
          groupLive[g] = false;
          pushFreeGroup(g);
          maybeCompact();
        } else {
          sourceTable[4 * slot + 3] = n - 1;
        }
        freeId(id);
        size--;
        return true;
      }
    }
    return false;
  }

  /** Removes every entry. */
  public void clear() {
    for (EgressPolicyEntry e : dump()) {
      delete(e.sourceIp(), e.destination());
    }
  }

  // ---------------------------------------------------------------- dumps

  /** Every entry in the kernel's iteration order (what bpftool and cilium-dbg print). */
  public List<EgressPolicyEntry> dump() {
    Integer[] ids = new Integer[size];
    int k = 0;
    for (int g = 0; g < nextGroup; g++) {
      if (!groupLive[g]) {
        continue;
      }
      for (int i = 0; i < groupLen[g]; i++) {
        ids[k++] = pool[groupOff[g] + 3 * i + 2];
      }
    }
    Arrays.sort(ids, Comparator.comparing(id -> id, this::kernelOrder));
    List<EgressPolicyEntry> out = new ArrayList<>(size);
    for (Integer id : ids) {
      out.add(entry(id));
    }
    return out;
  }

  /** The map as {@code bpftool map dump pinned /sys/fs/bpf/tc/globals/<name>} prints it. */
  public String bpftoolDump() {
    StringBuilder sb = new StringBuilder();
    List<EgressPolicyEntry> all = dump();
    for (EgressPolicyEntry e : all) {
      sb.append(Bpftool.entry(e.keyBytes(), e.valueBytes())).append('\n');
    }
    sb.append(Bpftool.found(all.size())).append('\n');
    return sb.toString();
  }

  /**
   * Post-order of the kernel trie over the 64-bit key (source bits, then destination bits): a key
   * comes before every shorter key that covers it, and disjoint keys go in ascending order of their
   * first differing bit.
   */
  private int kernelOrder(int a, int b) {
    long ka = ((long) src[a] << 32) | (dst[a] & 0xffffffffL);
    long kb = ((long) src[b] << 32) | (dst[b] & 0xffffffffL);
    int la = 32 + plen[a];
    int lb = 32 + plen[b];
    int common = Math.min(la, lb);
    long m = common == 0 ? 0 : -1L << (64 - common);
    long xa = ka & m;
    long xb = kb & m;
    if (xa != xb) {
      return Long.compareUnsigned(xa, xb);
    }
    return Integer.compare(lb, la); // the longer (more specific) key first
  }

  // ---------------------------------------------------------------- internals

  private boolean sameKey(int id, Cidr4 d) {
    return plen[id] == d.prefixLength() && ((dst[id] ^ d.address()) & d.mask()) == 0;
  }

  private int exact(int saddr, Cidr4 d) {
    int slot = slotOf(saddr);
    if (slot < 0) {
      return -1;
    }
    int g = sourceTable[4 * slot + 1] - 1;
    int off = groupOff[g];
    for (int k = 0; k < groupLen[g]; k++) {
      int id = pool[off + 3 * k + 2];
      if (sameKey(id, d)) {
        return id;
      }
    }
    return -1;
  }

  private void addToGroup(int saddr, int id) {
    int slot = slotOf(saddr);
    int g;
    if (slot < 0) {
      g = freeGroupTop > 0 ? freeGroups[--freeGroupTop] : nextGroup++;
      if (g >= groupOff.length) {
        int c = g * 2;
        groupOff = Arrays.copyOf(groupOff, c);
        groupCap = Arrays.copyOf(groupCap, c);
        groupLen = Arrays.copyOf(groupLen, c);
        groupLive = Arrays.copyOf(groupLive, c);
      }
      groupOff[g] = allocBlock(4);
      groupCap[g] = 4;
      groupLen[g] = 0;
      groupLive[g] = true;
      slot = putSource(saddr, g);
    } else {
      g = sourceTable[4 * slot + 1] - 1;
    }
    int n = groupLen[g];
    if (n == groupCap[g]) {
      int nb = allocBlock(2 * n);
      System.arraycopy(pool, groupOff[g], pool, nb, 3 * n);
      poolGarbage += 3 * n;
      groupOff[g] = nb;
      groupCap[g] = 2 * n;
    }
    int off = groupOff[g];
    int p = plen[id];
    int i = n;
    while (i > 0 && plen[pool[off + 3 * (i - 1) + 2]] < p) {
      pool[off + 3 * i] = pool[off + 3 * (i - 1)];
      pool[off + 3 * i + 1] = pool[off + 3 * (i - 1) + 1];
      pool[off + 3 * i + 2] = pool[off + 3 * (i - 1) + 2];
      i--;
    }
    int mask = Ip4.mask(p);
    pool[off + 3 * i] = mask;
    pool[off + 3 * i + 1] = dst[id] & mask;
    pool[off + 3 * i + 2] = id;
    groupLen[g] = n + 1;
    sourceTable[4 * slot + 2] = off;
    sourceTable[4 * slot + 3] = n + 1;
    maybeCompact();
  }

  /** A block for {@code rules} triples at the pool's top; returns its offset. */
  private int allocBlock(int rules) {
    int need = poolTop + 3 * rules;
    if (need > pool.length) {
      pool = Arrays.copyOf(pool, Math.max(need, pool.length * 2));
    }
    int off = poolTop;
    poolTop = need;
    return off;
  }

  /** Copies the live blocks to a fresh pool once more than half of it is garbage. */
  private void maybeCompact() {
    if (poolGarbage <= poolTop / 2 || poolTop < 3 * 256) {
      return;
    }
    int[] np = new int[Math.max(3 * 64, (poolTop - poolGarbage) * 2)];
    int top = 0;
    for (int g = 0; g < nextGroup; g++) {
      if (!groupLive[g]) {
        continue;
      }
      System.arraycopy(pool, groupOff[g], np, top, 3 * groupLen[g]);
      groupOff[g] = top;
      top += 3 * groupCap[g];
    }
    pool = np;
    poolTop = top;
    poolGarbage = 0;
    int[] t = sourceTable;
    for (int i = 0; i < t.length; i += 4) {
      if (t[i + 1] != 0) {
        t[i + 2] = groupOff[t[i + 1] - 1];
      }
    }
  }

  private static int hashSource(int s) {
    int h = s * 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  /** The table slot of a source, or -1. */
  private int slotOf(int saddr) {
    int[] t = sourceTable;
    int i = hashSource(saddr) & sourceMask;
    while (t[4 * i + 1] != 0) {
      if (t[4 * i] == saddr) {
        return i;
      }
      i = (i + 1) & sourceMask;
    }
    return -1;
  }

  /** Adds a source with group {@code g}; returns its slot. */
  private int putSource(int saddr, int g) {
    if ((sources + 1) * 2 > sourceMask + 1) {
      int[] old = sourceTable;
      int cap = (sourceMask + 1) * 2;
      sourceTable = new int[4 * cap];
      sourceMask = cap - 1;
      for (int i = 0; i < old.length; i += 4) {
        if (old[i + 1] != 0) {
          insertSource(old[i], old[i + 1], old[i + 2], old[i + 3]);
        }
      }
    }
    sources++;
    return insertSource(saddr, g + 1, groupOff[g], groupLen[g]);
  }

  private int insertSource(int saddr, int g1, int off, int len) {
    int i = hashSource(saddr) & sourceMask;
    while (sourceTable[4 * i + 1] != 0) {
      i = (i + 1) & sourceMask;
    }
    sourceTable[4 * i] = saddr;
    sourceTable[4 * i + 1] = g1;
    sourceTable[4 * i + 2] = off;
    sourceTable[4 * i + 3] = len;
    return i;
  }

  private void removeSource(int saddr) {
    int[] t = sourceTable;
    int m = sourceMask;
    int i = slotOf(saddr);
    int hole = i;
    int j = i;
    while (true) {
      j = (j + 1) & m;
      if (t[4 * j + 1] == 0) {
        break;
      }
      int ideal = hashSource(t[4 * j]) & m;
      if (((j - ideal) & m) >= ((j - hole) & m)) {
        System.arraycopy(t, 4 * j, t, 4 * hole, 4);
        hole = j;
      }
    }
    Arrays.fill(t, 4 * hole, 4 * hole + 4, 0);
    sources--;
  }

  private void pushFreeGroup(int g) {
    if (freeGroupTop == freeGroups.length) {
      freeGroups = Arrays.copyOf(freeGroups, freeGroupTop * 2);
    }
    freeGroups[freeGroupTop++] = g;
  }

  private int allocateId() {
    if (freeTop > 0) {
      return freeIds[--freeTop];
    }
    int id = nextId++;
    if (id >= src.length) {
      int c = src.length * 2;
      src = Arrays.copyOf(src, c);
      dst = Arrays.copyOf(dst, c);
      plen = Arrays.copyOf(plen, c);
      egress = Arrays.copyOf(egress, c);
      gateway = Arrays.copyOf(gateway, c);
    }
    return id;
  }

  private void freeId(int id) {
    if (freeTop == freeIds.length) {
      freeIds = Arrays.copyOf(freeIds, freeTop * 2);
    }
    freeIds[freeTop++] = id;
  }
}
