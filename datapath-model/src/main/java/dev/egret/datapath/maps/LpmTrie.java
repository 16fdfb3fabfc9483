package dev.egret.datapath.maps;

import java.util.Arrays;

/**
 * A {@code BPF_MAP_TYPE_LPM_TRIE} over keys of up to 64 data bits (after the kernel's {@code u32
 * prefixlen}) with 64-bit values, following {@code kernel/bpf/lpm_trie.c}:
 *
 * <ul>
 *   <li>a key is identified by its first {@code prefixlen} bits; the bits after the prefix are kept
 *       as written (for dumps) but ignored for identity and matching;
 *   <li>a lookup (with the full key length) returns the longest stored prefix that matches;
 *   <li>an update while the map holds {@code max_entries} fails with ENOSPC, even when it would
 *       only replace an existing key (the count is checked first in the kernels Cilium 1.16
 *       targets);
 *   <li>{@link #idsInKernelOrder()} is the kernel's iteration order: post-order over the trie, so a
 *       key comes before every shorter key covering it, and disjoint keys go in ascending order of
 *       their first differing bit.
 * </ul>
 *
 * <p>Implementation: one open-addressing table keyed by (masked key, prefix length), probed once
 * per distinct prefix length present, longest first. A lookup costs O(distinct lengths) probes, at
 * most {@code maxBits + 1} and in practice a handful; it allocates nothing. Keys are "left
 * aligned": bit 63 of the {@code long} is the first key bit.
 */
public final class LpmTrie {
  private final String name;
  private final int maxBits;
  private final int maxEntries;

  private long[] keys = new long[0]; // as written
  private byte[] lens = new byte[0];
  private long[] values = new long[0];
  private int[] freeIds = new int[0];
  private int freeTop;
  private int highWater;
  private int size;

  private int[] slots = new int[0]; // id + 1
  private int slotMask = -1;

  private final int[] lenCount;
  private int[] presentLens = new int[0]; // descending
  private boolean presentDirty;

  /** What {@link #lookup} returns when no prefix matches. */
  public static final int NONE = -1;

  /**
   * @param maxBits the key's data bits (1..64), e.g. 32 for an IPv4 address
   */
  public LpmTrie(String name, int maxBits, int maxEntries) {
    if (maxBits < 1 || maxBits > 64) {
      throw new IllegalArgumentException("key data bits must be 1..64: " + maxBits);
    }
    if (maxEntries <= 0) {
      throw new IllegalArgumentException("max_entries must be positive: " + maxEntries);
    }
    this.name = name;
    this.maxBits = maxBits;
    this.maxEntries = maxEntries;
    this.lenCount = new int[maxBits + 1];
  }

  public String name() {
    return name;
  }

  public int maxBits() {
    return maxBits;
  }

  public int maxEntries() {
    return maxEntries;
  }

  public int size() {
    return size;
  }

  /** The mask of the first {@code len} bits of a left-aligned key. */
  public static long mask(int len) {
    return len == 0 ? 0L : -1L << (64 - len);
  }

  /** The longest-prefix entry id for a full-length key, or {@link #NONE}. Allocation-free. */
  public int lookup(long key) {
    if (size == 0) {
      return NONE;
    }
    if (presentDirty) {
      rebuildPresent();
    }
    int[] pl = presentLens;
    for (int i = 0; i < pl.length; i++) {
      int len = pl[i];
      int id = findExact(key & mask(len), len);
      if (id >= 0) {
        return id;
      }
    }
    return NONE;
  }

  /** The entry stored under exactly (prefix, len), or {@link #NONE}. */
  public int get(long key, int len) {
    checkLen(len);
    return size == 0 ? NONE : findExact(key & mask(len), len);
  }

  /**
   * {@code bpf_map_update_elem(BPF_ANY)}: inserts or replaces.
   *
   * @throws MapFullException (ENOSPC) when the map holds {@code max_entries} entries
   */
  public int update(long key, int len, long value) throws MapFullException {
    checkLen(len);
    if (size >= maxEntries) {
      throw new MapFullException(name, maxEntries);
    }
    int id = size == 0 ? NONE : findExact(key & mask(len), len);
    if (id >= 0) {
      keys[id] = key;
      values[id] = value;
      return id;
    }
    id = allocate();
    keys[id] = key;
    lens[id] = (byte) len;
    values[id] = value;
    size++;
    if (slots.length < size * 2) {
      rehash(Math.max(8, Integer.highestOneBit(size * 4 - 1) << 1));
    } else {
      insertSlot(id);
    }
    if (lenCount[len]++ == 0) {
      presentDirty = true;
    }
    return id;
  }

  /** {@code bpf_map_delete_elem}: false if absent. */
  public boolean delete(long key, int len) {
    checkLen(len);
    int id = size == 0 ? NONE : findExact(key & mask(len), len);
    if (id < 0) {
      return false;
    }
    removeSlot(id);
    if (--lenCount[len] == 0) {
      presentDirty = true;
    }
    if (freeTop == freeIds.length) {
      freeIds = Arrays.copyOf(freeIds, Math.max(8, freeTop * 2));
    }
    freeIds[freeTop++] = id;
    lens[id] = -1;
    size--;
    return true;
  }

  public long key(int id) {
    return keys[id];
  }

  public int prefixLen(int id) {
    return lens[id];
  }

  public long value(int id) {
    return values[id];
  }

  /** The live ids in the kernel's dump order (see the class comment). Allocates. */
  public int[] idsInKernelOrder() {
    Integer[] ids = new Integer[size];
    int n = 0;
    for (int id = 0; id < highWater; id++) {
      if (lens[id] >= 0) {
        ids[n++] = id;
      }
    }
    Arrays.sort(ids, this::kernelOrder);
    int[] out = new int[size];
    for (int i = 0; i < size; i++) {
      out[i] = ids[i];
    }
    return out;
  }

  private int kernelOrder(int a, int b) {
    int la = lens[a];
    int lb = lens[b];
    long m = mask(Math.min(la, lb));
    long xa = keys[a] & m;
    long xb = keys[b] & m;
    if (xa != xb) {
      return Long.compareUnsigned(xa, xb);
    }
    return Integer.compare(lb, la);
  }

  private void checkLen(int len) {
    if (len < 0 || len > maxBits) {
      throw new IllegalArgumentException("prefix length must be 0.." + maxBits + ": " + len);
    }
  }

  private static int hash(long maskedKey, int len) {
    long h = (maskedKey ^ ((long) len << 1)) * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }

  private int findExact(long maskedKey, int len) {
    int i = hash(maskedKey, len) & slotMask;
    int s;
    long m = mask(len);
    while ((s = slots[i]) != 0) {
      int id = s - 1;
      if (lens[id] == len && (keys[id] & m) == maskedKey) {
        return id;
      }
      i = (i + 1) & slotMask;
    }
    return NONE;
  }

  private int allocate() {
    if (freeTop > 0) {
      return freeIds[--freeTop];
    }
    if (highWater == keys.length) {
      int nc = Math.max(8, keys.length * 2);
      keys = Arrays.copyOf(keys, nc);
      lens = Arrays.copyOf(lens, nc);
      values = Arrays.copyOf(values, nc);
    }
    return highWater++;
  }

  private void insertSlot(int id) {
    int i = hash(keys[id] & mask(lens[id]), lens[id]) & slotMask;
    while (slots[i] != 0) {
      i = (i + 1) & slotMask;
    }
    slots[i] = id + 1;
  }

  private void removeSlot(int id) {
    int i = hash(keys[id] & mask(lens[id]), lens[id]) & slotMask;
    while (slots[i] != id + 1) {
      i = (i + 1) & slotMask;
    }
    int hole = i;
    int j = i;
    while (true) {
      j = (j + 1) & slotMask;
      int s = slots[j];
      if (s == 0) {
        break;
      }
      int o = s - 1;
      int ideal = hash(keys[o] & mask(lens[o]), lens[o]) & slotMask;
      if (((j - ideal) & slotMask) >= ((j - hole) & slotMask)) {
        slots[hole] = s;
        hole = j;
      }
    }
    slots[hole] = 0;
  }

  private void rehash(int slotCount) {
    slots = new int[slotCount];
    slotMask = slotCount - 1;
    for (int id = 0; id < highWater; id++) {
      if (lens[id] >= 0) {
        insertSlot(id);
      }
    }
  }

  private void rebuildPresent() {
    int n = 0;
    for (int len = maxBits; len >= 0; len--) {
      if (lenCount[len] > 0) {
        n++;
      }
    }
    int[] pl = new int[n];
    int k = 0;
    for (int len = maxBits; len >= 0; len--) {
      if (lenCount[len] > 0) {
        pl[k++] = len;
      }
    }
    presentLens = pl;
    presentDirty = false;
  }
}
