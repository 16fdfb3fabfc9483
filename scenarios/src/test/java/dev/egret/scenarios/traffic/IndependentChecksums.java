package dev.egret.scenarios.traffic;

/**
 * Verifies the IPv4 header checksum and the TCP/UDP/ICMP checksum of an Ethernet frame by a full
 * recomputation written here from RFC 791/793/768/792 and RFC 1071, independently of the
 * datapath-model's {@code Csum} and {@code L4Checksum}.
 */
final class IndependentChecksums {
  private IndependentChecksums() {}

  /** Null if both checksums verify, else what is wrong. */
  static String problem(byte[] f) {
    if (f.length < 14 + 20) {
      return "frame too short: " + f.length;
    }
    if (((f[12] & 0xff) << 8 | (f[13] & 0xff)) != 0x0800) {
      return "not IPv4";
    }
    int ip = 14;
    int ihl = (f[ip] & 0x0f) * 4;
    int total = u16(f, ip + 2);
    if ((f[ip] & 0xf0) != 0x40 || ihl < 20 || total < ihl || ip + total > f.length) {
      return "bad IPv4 header lengths";
    }
    if (onesComplementSum(f, ip, ihl, 0) != 0xffff) {
      return "IPv4 header checksum wrong";
    }
    if ((u16(f, ip + 6) & 0x3fff) != 0) {
      return null; // a fragment: the L4 checksum covers the reassembled datagram (see below)
    }
    int proto = f[ip + 9] & 0xff;
    int l4 = ip + ihl;
    int l4len = total - ihl;
    long pseudo = 0;
    for (int i = 12; i < 20; i += 2) {
      pseudo += u16(f, ip + i);
    }
    pseudo += proto + l4len;
    switch (proto) {
      case 6:
        return onesComplementSum(f, l4, l4len, pseudo) == 0xffff ? null : "TCP checksum wrong";
      case 17:
        if (u16(f, l4 + 6) == 0) {
          return "UDP checksum missing";
        }
        return onesComplementSum(f, l4, l4len, pseudo) == 0xffff ? null : "UDP checksum wrong";
      case 1:
        return onesComplementSum(f, l4, l4len, 0) == 0xffff ? null : "ICMP checksum wrong";
      default:
        return "unexpected protocol " + proto;
    }
  }

  /**
   * Reassembles the IPv4 fragments of one datagram (frames, any order) independently and returns
   * null if its UDP checksum verifies, else what is wrong.
   */
  static String reassembledProblem(java.util.List<Frame> fragments) {
    int total = -1;
    byte[] payload = new byte[65536];
    boolean[] have = new boolean[65536];
    byte[] header = null;
    for (Frame fr : fragments) {
      byte[] f = fr.bytes();
      int ihl = (f[14] & 0x0f) * 4;
      int word = u16(f, 16 + 4);
      int off = (word & 0x1fff) * 8;
      int len = u16(f, 16) - ihl;
      System.arraycopy(f, 14 + ihl, payload, off, len);
      for (int i = off; i < off + len; i++) {
        have[i] = true;
      }
      if ((word & 0x2000) == 0) {
        total = off + len;
      }
      if (off == 0) {
        header = java.util.Arrays.copyOfRange(f, 14, 14 + ihl);
      }
    }
    if (total < 0 || header == null) {
      return "incomplete";
    }
    for (int i = 0; i < total; i++) {
      if (!have[i]) {
        return "hole at " + i;
      }
    }
    long pseudo = header[9] & 0xff;
    for (int i = 12; i < 20; i += 2) {
      pseudo += u16(header, i);
    }
    pseudo += total;
    return onesComplementSum(payload, 0, total, pseudo) == 0xffff ? null : "UDP checksum wrong";
  }

  private static int onesComplementSum(byte[] b, int off, int len, long initial) {
    long sum = initial;
    for (int i = 0; i < len; i += 2) {
      int hi = b[off + i] & 0xff;
      int lo = i + 1 < len ? b[off + i + 1] & 0xff : 0;
      sum += (hi << 8) | lo;
    }
    while (sum > 0xffff) {
      sum = (sum & 0xffff) + (sum >> 16);
    }
    return (int) sum;
  }

  static int u16(byte[] b, int off) {
    return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
  }
}
