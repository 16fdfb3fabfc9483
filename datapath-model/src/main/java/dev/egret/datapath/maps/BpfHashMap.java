package dev.egret.datapath.maps;

import java.util.Arrays;

/**
 * A general {@code BPF_MAP_TYPE_HASH} or {@code BPF_MAP_TYPE_LRU_HASH} whose keys fit in 16 bytes
 * (two {@code long}s) and whose values fit in 8 bytes (one {@code long}). See {@link KeyTable} for
 * the semantics and costs. The conntrack and NAT maps are specialised subclasses of {@link
 * KeyTable} with Cilium's value layouts; this class serves everything else.
 */
public final class BpfHashMap extends KeyTable {
  private long[] values;

  private BpfHashMap(String name, int maxEntries, boolean lru) {
    super(name, maxEntries, lru);
  }

  /** A plain hash: full means {@code -E2BIG}. */
  public static BpfHashMap hash(String name, int maxEntries) {
    return new BpfHashMap(name, maxEntries, false);
  }

  /** An LRU hash: full means the least recently used entry is evicted. */
  public static BpfHashMap lruHash(String name, int maxEntries) {
    return new BpfHashMap(name, maxEntries, true);
  }

  @Override
  protected void growValues(int capacity) {
    values = values == null ? new long[capacity] : Arrays.copyOf(values, capacity);
  }

  /** {@code bpf_map_update_elem}: 0 or a negative errno. */
  public int update(long k0, long k1, long value, int flags) {
    int id = update(k0, k1, flags);
    if (id < 0) {
      return id;
    }
    values[id] = value;
    return 0;
  }

  /**
   * {@code bpf_map_update_elem(BPF_ANY)} for agent-side code.
   *
   * @throws MapFullException when a plain hash is full ({@code -E2BIG})
   */
  public void put(long k0, long k1, long value) throws MapFullException {
    int r = update(k0, k1, value, BPF_ANY);
    if (r == -E2BIG) {
      throw new MapFullException(name(), maxEntries(), MapFullException.E2BIG);
    }
  }

  /** The value under the key (refreshing LRU recency), or {@code missing}. */
  public long get(long k0, long k1, long missing) {
    int id = lookup(k0, k1);
    return id < 0 ? missing : values[id];
  }

  /** Whether the key is present (no LRU refresh). */
  public boolean containsKey(long k0, long k1) {
    return find(k0, k1) >= 0;
  }

  /** The value of a live entry id. */
  public long value(int id) {
    return values[id];
  }
}
