package dev.egret.datapath.nat;

import dev.egret.datapath.ct.Tuple4;
import dev.egret.datapath.maps.KeyTable;
import java.util.Arrays;

/**
 * An index of the RevSNAT ({@code TUPLE_F_IN}) keys of a {@link NatMap4}, grouped by collision
 * domain: every key field but the NAT port ({@code dport}), i.e. (egress address, peer address,
 * peer port, protocol). It answers "is port p of this domain taken?" with a bit test, which is what
 * {@link SnatV4#newMapping}'s collision probing asks up to 128 times per new connection; without it
 * each probe is an insert attempt into the NAT hash table (a cache miss or two), and under port
 * exhaustion that was a third of a run's time.
 *
 * <p>It is a pure accelerator: the probe sequence and its outcome are exactly those of the insert
 * attempts (a set bit is a key that exists, so the insert would fail with {@code -EEXIST}; a clear
 * bit still goes through the insert, which decides). Every domain counts its keys; a domain with at
 * least {@link #BITMAP_THRESHOLD} keys also gets a 65,536-bit map (8 KiB), built from one scan of
 * the NAT map and kept in step from then on, and dropped when the domain empties. Small domains
 * never probe long, so they do without one, and the memory stays bounded: at most {@code
 * max_entries / BITMAP_THRESHOLD} bitmaps.
 */
final class ReversePortIndex extends KeyTable {
  /** Keys a domain must hold before it gets a bitmap. */
  static final int BITMAP_THRESHOLD = 256;

  private static final long DOMAIN_MASK = 0xffffffffL; // k1 without dport: sport:nexthdr:flags

  private final NatMap4 nat;
  private final int threshold;
  private int[] count;
  private long[][] bits;

  ReversePortIndex(NatMap4 nat, int maxEntries, int threshold) {
    super("egret_snat_port_index", maxEntries, false);
    this.nat = nat;
    this.threshold = threshold;
  }

  @Override
  protected void growValues(int c) {
    count = count == null ? new int[c] : Arrays.copyOf(count, c);
    bits = bits == null ? new long[c][] : Arrays.copyOf(bits, c);
  }

  static boolean isReverse(long k1) {
    return (k1 & 0xff) == Tuple4.TUPLE_F_IN;
  }

  /** A NAT map key was inserted. */
  void added(long k0, long k1) {
    int id = update(k0, k1 & DOMAIN_MASK, BPF_ANY);
    if (lastUpdateCreated()) {
      count[id] = 0;
      bits[id] = null;
    }
    int n = ++count[id];
    long[] b = bits[id];
    if (b != null) {
      set(b, port(k1));
    } else if (n >= threshold) {
      bits[id] = build(k0, k1 & DOMAIN_MASK);
    }
  }

  /** A NAT map key was removed (deleted or evicted). */
  void removed(long k0, long k1) {
    int id = find(k0, k1 & DOMAIN_MASK);
    if (id < 0) {
      return; // cannot happen while the index is kept in step; harmless
    }
    long[] b = bits[id];
    if (b != null) {
      // cleared even when the domain empties: a probe loop may still hold this array
      int p = port(k1);
      b[p >>> 6] &= ~(1L << p);
    }
    if (--count[id] == 0) {
      bits[id] = null;
      deleteId(id);
    }
  }

  /** Every key is gone. */
  void cleared() {
    if (bits != null) {
      Arrays.fill(bits, null);
    }
    clear();
  }

  /**
   * The bitmap of the domain of reverse key {@code (k0, k1)} (its dport ignored), or null when the
   * domain is too small to have one: then every probe must ask the NAT map.
   */
  long[] bitmap(long k0, long k1) {
    int id = find(k0, k1 & DOMAIN_MASK);
    return id < 0 ? null : bits[id];
  }

  /** The keys of the domain of reverse key {@code (k0, k1)} (tests). */
  int count(long k0, long k1) {
    int id = find(k0, k1 & DOMAIN_MASK);
    return id < 0 ? 0 : count[id];
  }

  static boolean taken(long[] bitmap, int port) {
    return (bitmap[port >>> 6] & (1L << port)) != 0;
  }

  private static int port(long k1) {
    return (int) (k1 >>> 32) & 0xffff;
  }

  private static void set(long[] b, int p) {
    b[p >>> 6] |= 1L << p;
  }

  private long[] build(long k0, long domain) {
    long[] b = new long[1024];
    int[] ids = nat.idsUnordered(null);
    for (int i = 0, n = nat.size(); i < n; i++) {
      int id = ids[i];
      if (nat.key0(id) == k0 && (nat.key1(id) & DOMAIN_MASK) == domain) {
        set(b, port(nat.key1(id)));
      }
    }
    return b;
  }
}
