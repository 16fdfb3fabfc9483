package dev.egret.datapath.packet;

/**
 * Internet checksums (RFC 1071) over raw bytes, and their incremental update (RFC 1624, equation 3:
 * {@code HC' = ~(~HC + ~m + m')}), with the semantics of the kernel helpers Cilium calls: {@code
 * csum_diff}, {@code bpf_l3_csum_replace}, {@code bpf_l4_csum_replace} (with {@code
 * BPF_F_PSEUDO_HDR} and {@code BPF_F_MARK_MANGLED_0}).
 *
 * <p>Partial sums are carried as non-negative {@code long}s of 16-bit words in one's complement
 * arithmetic; {@link #fold(long)} reduces them to 16 bits with end-around carry. A "diff" is the
 * partial sum {@code ~old + new} that {@code csum_diff} returns. All methods are static,
 * allocation-free and O(bytes).
 */
public final class Csum {
  /** {@code BPF_F_PSEUDO_HDR}: the change is part of the pseudo-header. */
  public static final int BPF_F_PSEUDO_HDR = 0x10;

  /**
   * {@code BPF_F_MARK_MANGLED_0}: a zero (UDP "no checksum") stays zero; a zero result is 0xffff.
   */
  public static final int BPF_F_MARK_MANGLED_0 = 0x20;

  /** {@code CSUM_MANGLED_0}: how a computed UDP checksum of zero is transmitted. */
  public static final int CSUM_MANGLED_0 = 0xffff;

  private Csum() {}

  /**
   * One's complement sum of {@code len} bytes (odd length padded with a zero byte) plus {@code
   * initial}.
   */
  public static long sum(byte[] b, int off, int len, long initial) {
    long s = initial;
    int end = off + len;
    int i = off;
    for (; i + 1 < end; i += 2) {
      s += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }
    if (i < end) {
      s += (b[i] & 0xff) << 8;
    }
    return s;
  }

  /** Reduces a partial sum to 16 bits with end-around carry (not complemented). */
  public static int fold(long s) {
    while ((s >>> 16) != 0) {
      s = (s & 0xffff) + (s >>> 16);
    }
    return (int) s;
  }

  /** The checksum field value for a partial sum: {@code ~fold(sum)}. */
  public static int finish(long s) {
    return ~fold(s) & 0xffff;
  }

  /** The partial sum of the IPv4 pseudo-header (saddr, daddr, zero, protocol, L4 length). */
  public static long pseudoHeader(int saddr, int daddr, int protocol, int l4Length) {
    return (saddr >>> 16)
        + (saddr & 0xffff)
        + (daddr >>> 16)
        + (daddr & 0xffff)
        + protocol
        + l4Length;
  }

  /** {@code csum_diff} of one 32-bit word: {@code ~old + new}, as a partial sum. */
  public static long diff32(int oldValue, int newValue) {
    return ((~oldValue >>> 16) & 0xffff)
        + (~oldValue & 0xffff)
        + (newValue >>> 16)
        + (newValue & 0xffff);
  }

  /** {@code csum_diff} of one 16-bit word: {@code ~old + new}, as a partial sum. */
  public static long diff16(int oldValue, int newValue) {
    return (~oldValue & 0xffff) + (newValue & 0xffff);
  }

  /** RFC 1624 equation 3: the checksum {@code check} after adding the partial sum {@code diff}. */
  public static int update(int check, long diff) {
    return ~fold((~check & 0xffff) + diff) & 0xffff;
  }

  /** Reads the 16-bit field at {@code off}. */
  public static int get16(byte[] b, int off) {
    return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
  }

  /** Writes the 16-bit field at {@code off}. */
  public static void put16(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 8);
    b[off + 1] = (byte) v;
  }

  /**
   * {@code bpf_l3_csum_replace(skb, off, 0, diff, 0)}: folds a precomputed diff into the checksum
   * stored at {@code csumOff} (how {@code ipv4_csum_update_by_diff} updates the IP header).
   */
  public static void l3ReplaceByDiff(byte[] b, int csumOff, long diff) {
    put16(b, csumOff, update(get16(b, csumOff), diff));
  }

  /** {@code bpf_l3_csum_replace(skb, off, from, to, 2)}. */
  public static void l3Replace16(byte[] b, int csumOff, int from, int to) {
    put16(b, csumOff, update(get16(b, csumOff), diff16(from, to)));
  }

  /**
   * {@code bpf_l4_csum_replace(skb, off, from, to, flags)} for a 2-byte change ({@code size} 2),
   * honouring {@link #BPF_F_MARK_MANGLED_0}. The pseudo-header flag changes nothing for a
   * non-offloaded (CHECKSUM_NONE) packet, which is what a simulated frame is.
   */
  public static void l4Replace16(byte[] b, int csumOff, int from, int to, int flags) {
    l4ReplaceByDiff(b, csumOff, diff16(from, to), flags);
  }

  /** {@code bpf_l4_csum_replace(skb, off, 0, diff, flags)}: folds a precomputed diff. */
  public static void l4ReplaceByDiff(byte[] b, int csumOff, long diff, int flags) {
    int check = get16(b, csumOff);
    boolean mangled0 = (flags & BPF_F_MARK_MANGLED_0) != 0;
    if (mangled0 && check == 0) {
      return; // UDP without checksum stays without checksum
    }
    int n = update(check, diff);
    if (mangled0 && n == 0) {
      n = CSUM_MANGLED_0;
    }
    put16(b, csumOff, n);
  }
}
