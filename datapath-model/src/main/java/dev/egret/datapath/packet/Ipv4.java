package dev.egret.datapath.packet;

import dev.egret.datapath.net.Ip4;

/**
 * IPv4 header view (RFC 791), options included. {@code off} is the absolute offset of the header.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version|  IHL  |Type of Service|          Total Length         |  0
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Identification        |Flags|      Fragment Offset    |  4
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Time to Live |    Protocol   |         Header Checksum       |  8
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       Source Address                          | 12
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Destination Address                        | 16
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Options                    |    Padding    | 20 (IHL > 5)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Ipv4 {
  public static final int VER_IHL = 0;
  public static final int TOS = 1;
  public static final int TOT_LEN = 2;
  public static final int ID = 4;
  public static final int FRAG_OFF = 6;
  public static final int TTL = 8;
  public static final int PROTOCOL = 9;
  public static final int CHECK = 10;
  public static final int SADDR = 12;
  public static final int DADDR = 16;

  /** The header length without options. */
  public static final int MIN_HLEN = 20;

  /** The longest header (IHL 15). */
  public static final int MAX_HLEN = 60;

  /** Flag bit in the FRAG_OFF word: don't fragment. */
  public static final int IP_DF = 0x4000;

  /** Flag bit in the FRAG_OFF word: more fragments. */
  public static final int IP_MF = 0x2000;

  /** The fragment offset bits of the FRAG_OFF word. */
  public static final int IP_OFFSET = 0x1fff;

  public static final int IPPROTO_ICMP = 1;
  public static final int IPPROTO_TCP = 6;
  public static final int IPPROTO_UDP = 17;
  public static final int IPPROTO_ICMPV6 = 58;
  public static final int IPPROTO_SCTP = 132;

  /** {@code IPDEFTTL}. */
  public static final int DEFAULT_TTL = 64;

  private Ipv4() {}

  public static int version(byte[] b, int off) {
    return (b[off] & 0xff) >>> 4;
  }

  /** IHL in 32-bit words. */
  public static int ihl(byte[] b, int off) {
    return b[off] & 0x0f;
  }

  /** The header length in bytes ({@code ipv4_hdrlen}). */
  public static int hdrLen(byte[] b, int off) {
    return (b[off] & 0x0f) << 2;
  }

  public static int tos(byte[] b, int off) {
    return b[off + TOS] & 0xff;
  }

  public static int totLen(byte[] b, int off) {
    return Csum.get16(b, off + TOT_LEN);
  }

  public static int id(byte[] b, int off) {
    return Csum.get16(b, off + ID);
  }

  public static int fragOff(byte[] b, int off) {
    return Csum.get16(b, off + FRAG_OFF);
  }

  /** {@code ipv4_is_fragment}: MF set or a non-zero offset. */
  public static boolean isFragment(byte[] b, int off) {
    return (fragOff(b, off) & (IP_MF | IP_OFFSET)) != 0;
  }

  /** Whether this is a non-first fragment (it carries no L4 header). */
  public static boolean isNotFirstFragment(byte[] b, int off) {
    return (fragOff(b, off) & IP_OFFSET) != 0;
  }

  public static int ttl(byte[] b, int off) {
    return b[off + TTL] & 0xff;
  }

  public static int protocol(byte[] b, int off) {
    return b[off + PROTOCOL] & 0xff;
  }

  public static int check(byte[] b, int off) {
    return Csum.get16(b, off + CHECK);
  }

  public static int saddr(byte[] b, int off) {
    return Ip4.read(b, off + SADDR);
  }

  public static int daddr(byte[] b, int off) {
    return Ip4.read(b, off + DADDR);
  }

  public static void setSaddr(byte[] b, int off, int ip) {
    Ip4.write(b, off + SADDR, ip);
  }

  public static void setDaddr(byte[] b, int off, int ip) {
    Ip4.write(b, off + DADDR, ip);
  }

  public static void setTotLen(byte[] b, int off, int len) {
    Csum.put16(b, off + TOT_LEN, len);
  }

  public static void setCheck(byte[] b, int off, int check) {
    Csum.put16(b, off + CHECK, check);
  }

  /** The header checksum computed from scratch (the CHECK field is skipped). */
  public static int computeChecksum(byte[] b, int off) {
    int hl = hdrLen(b, off);
    long s = Csum.sum(b, off, CHECK, 0);
    s = Csum.sum(b, off + CHECK + 2, hl - CHECK - 2, s);
    return Csum.finish(s);
  }

  /** Recomputes and stores the header checksum. */
  public static void updateChecksum(byte[] b, int off) {
    setCheck(b, off, computeChecksum(b, off));
  }

  /** Whether the stored header checksum verifies. */
  public static boolean checksumValid(byte[] b, int off) {
    return Csum.fold(Csum.sum(b, off, hdrLen(b, off), 0)) == 0xffff;
  }

  /**
   * {@code ipv4_dec_ttl}: decrements TTL with an incremental checksum update; returns false (and
   * changes nothing) when TTL is 1 or 0, which the callers turn into DROP_TTL_EXCEEDED.
   */
  public static boolean decTtl(byte[] b, int off) {
    int ttl = ttl(b, off);
    if (ttl <= 1) {
      return false;
    }
    int oldWord = Csum.get16(b, off + TTL);
    b[off + TTL] = (byte) (ttl - 1);
    Csum.l3Replace16(b, off + CHECK, oldWord, Csum.get16(b, off + TTL));
    return true;
  }

  /**
   * Writes a 20-byte header (no options) with a computed checksum.
   *
   * @param fragOff the whole flags/fragment-offset word (e.g. {@link #IP_DF})
   */
  public static void write(
      byte[] b,
      int off,
      int tos,
      int totLen,
      int id,
      int fragOff,
      int ttl,
      int protocol,
      int saddr,
      int daddr) {
    b[off] = 0x45;
    b[off + TOS] = (byte) tos;
    Csum.put16(b, off + TOT_LEN, totLen);
    Csum.put16(b, off + ID, id);
    Csum.put16(b, off + FRAG_OFF, fragOff);
    b[off + TTL] = (byte) ttl;
    b[off + PROTOCOL] = (byte) protocol;
    Csum.put16(b, off + CHECK, 0);
    Ip4.write(b, off + SADDR, saddr);
    Ip4.write(b, off + DADDR, daddr);
    updateChecksum(b, off);
  }

  /**
   * Whether {@code len} bytes from {@code off} hold a plausible IPv4 header (version 4, IHL ≥ 5,
   * the whole header present): the model of {@code revalidate_data} for IPv4.
   */
  public static boolean valid(byte[] b, int off, int len) {
    if (len < MIN_HLEN || version(b, off) != 4) {
      return false;
    }
    int hl = hdrLen(b, off);
    return hl >= MIN_HLEN && hl <= len;
  }
}
