package dev.egret.datapath.packet;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * IPv6 fixed header view (RFC 8200): parse and build. Addresses are two {@code long}s, the high and
 * the low 64 bits. The datapath model routes IPv4 only (Cilium 1.16's egress gateway is IPv4-only);
 * this view lets programs recognise and classify IPv6 frames and lets tests and traffic generators
 * build them.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version| Traffic Class |           Flow Label                  |  0
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Payload Length        |  Next Header  |   Hop Limit   |  4
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 Source Address (128 bits)                     |  8
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |              Destination Address (128 bits)                   | 24
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Ipv6 {
  public static final int VER_TC_FLOW = 0;
  public static final int PAYLOAD_LEN = 4;
  public static final int NEXTHDR = 6;
  public static final int HOP_LIMIT = 7;
  public static final int SADDR = 8;
  public static final int DADDR = 24;
  public static final int HLEN = 40;

  private Ipv6() {}

  public static int version(byte[] b, int off) {
    return (b[off] & 0xff) >>> 4;
  }

  public static int trafficClass(byte[] b, int off) {
    return ((b[off] & 0x0f) << 4) | ((b[off + 1] & 0xff) >>> 4);
  }

  public static int flowLabel(byte[] b, int off) {
    return ((b[off + 1] & 0x0f) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
  }

  public static int payloadLen(byte[] b, int off) {
    return Csum.get16(b, off + PAYLOAD_LEN);
  }

  public static int nextHeader(byte[] b, int off) {
    return b[off + NEXTHDR] & 0xff;
  }

  public static int hopLimit(byte[] b, int off) {
    return b[off + HOP_LIMIT] & 0xff;
  }

  public static long saddrHi(byte[] b, int off) {
    return readLong(b, off + SADDR);
  }

  public static long saddrLo(byte[] b, int off) {
    return readLong(b, off + SADDR + 8);
  }

  public static long daddrHi(byte[] b, int off) {
    return readLong(b, off + DADDR);
  }

  public static long daddrLo(byte[] b, int off) {
    return readLong(b, off + DADDR + 8);
  }

  /** Whether {@code len} bytes hold an IPv6 fixed header. */
  public static boolean valid(byte[] b, int off, int len) {
    return len >= HLEN && version(b, off) == 6;
  }

  /** Writes a fixed header. */
  public static void write(
      byte[] b,
      int off,
      int trafficClass,
      int flowLabel,
      int payloadLen,
      int nextHeader,
      int hopLimit,
      long srcHi,
      long srcLo,
      long dstHi,
      long dstLo) {
    b[off] = (byte) (0x60 | ((trafficClass >>> 4) & 0x0f));
    b[off + 1] = (byte) (((trafficClass & 0x0f) << 4) | ((flowLabel >>> 16) & 0x0f));
    b[off + 2] = (byte) (flowLabel >>> 8);
    b[off + 3] = (byte) flowLabel;
    Csum.put16(b, off + PAYLOAD_LEN, payloadLen);
    b[off + NEXTHDR] = (byte) nextHeader;
    b[off + HOP_LIMIT] = (byte) hopLimit;
    writeLong(b, off + SADDR, srcHi);
    writeLong(b, off + SADDR + 8, srcLo);
    writeLong(b, off + DADDR, dstHi);
    writeLong(b, off + DADDR + 8, dstLo);
  }

  /** The partial sum of the IPv6 pseudo-header (RFC 8200 §8.1). */
  public static long pseudoHeader(byte[] b, int off, int upperLength, int nextHeader) {
    long s = Csum.sum(b, off + SADDR, 32, 0);
    return s + (upperLength >>> 16) + (upperLength & 0xffff) + nextHeader;
  }

  /**
   * Parses an IPv6 literal into {@code out[0]} (high) and {@code out[1]} (low 64 bits).
   *
   * @throws IllegalArgumentException if {@code s} is not an IPv6 literal
   */
  public static void parseAddress(String s, long[] out) {
    if (s == null || s.indexOf(':') < 0) {
      throw new IllegalArgumentException("\"" + s + "\" is not an IPv6 address (e.g. fd00::1)");
    }
    byte[] a;
    try {
      InetAddress ia = InetAddress.getByName(s); // a literal: no name resolution happens
      if (!(ia instanceof Inet6Address)) {
        throw new IllegalArgumentException("\"" + s + "\" is not an IPv6 address (e.g. fd00::1)");
      }
      a = ia.getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("\"" + s + "\" is not an IPv6 address (e.g. fd00::1)", e);
    }
    out[0] = readLong(a, 0);
    out[1] = readLong(a, 8);
  }

  /** Formats as RFC 5952 text (lowercase, longest zero run compressed). */
  public static String formatAddress(long hi, long lo) {
    int[] w = new int[8];
    for (int i = 0; i < 4; i++) {
      w[i] = (int) (hi >>> (48 - 16 * i)) & 0xffff;
      w[4 + i] = (int) (lo >>> (48 - 16 * i)) & 0xffff;
    }
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      if (w[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && w[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(w[i]));
    }
    return sb.toString();
  }

  static long readLong(byte[] b, int off) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[off + i] & 0xff);
    }
    return v;
  }

  static void writeLong(byte[] b, int off, long v) {
    for (int i = 7; i >= 0; i--) {
      b[off + i] = (byte) v;
      v >>>= 8;
    }
  }
}
