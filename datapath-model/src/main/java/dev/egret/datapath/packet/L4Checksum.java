package dev.egret.datapath.packet;

/**
 * Full (non-incremental) L4 checksums of IPv4 packets: TCP and UDP over the pseudo-header, ICMPv4
 * over the ICMP message only. The independent reference the incremental updates are checked
 * against.
 */
public final class L4Checksum {
  private L4Checksum() {}

  /**
   * Computes the TCP, UDP or ICMP checksum of the IPv4 packet at {@code l3} whose L4 data runs to
   * {@code l3 + totLen} (the IP total length). Returns -1 for other protocols. A UDP result of 0 is
   * returned as 0xffff (RFC 768).
   */
  public static int compute(byte[] b, int l3) {
    int proto = Ipv4.protocol(b, l3);
    int hl = Ipv4.hdrLen(b, l3);
    int l4 = l3 + hl;
    int l4len = Ipv4.totLen(b, l3) - hl;
    int csumField;
    long s;
    switch (proto) {
      case Ipv4.IPPROTO_TCP:
        csumField = Tcp.CHECK;
        s = Csum.pseudoHeader(Ipv4.saddr(b, l3), Ipv4.daddr(b, l3), proto, l4len);
        break;
      case Ipv4.IPPROTO_UDP:
        csumField = Udp.CHECK;
        s = Csum.pseudoHeader(Ipv4.saddr(b, l3), Ipv4.daddr(b, l3), proto, l4len);
        break;
      case Ipv4.IPPROTO_ICMP:
        csumField = Icmp4.CHECK;
        s = 0;
        break;
      default:
        return -1;
    }
    s = Csum.sum(b, l4, csumField, s);
    s = Csum.sum(b, l4 + csumField + 2, l4len - csumField - 2, s);
    int c = Csum.finish(s);
    if (proto == Ipv4.IPPROTO_UDP && c == 0) {
      c = Csum.CSUM_MANGLED_0;
    }
    return c;
  }

  /** Computes and stores the L4 checksum (no-op for other protocols). */
  public static void update(byte[] b, int l3) {
    int c = compute(b, l3);
    if (c < 0) {
      return;
    }
    int l4 = l3 + Ipv4.hdrLen(b, l3);
    Csum.put16(b, l4 + offsetOf(Ipv4.protocol(b, l3)), c);
  }

  /**
   * Whether the stored L4 checksum verifies by full recomputation. A UDP checksum of zero ("none")
   * counts as valid. Other protocols are valid.
   */
  public static boolean valid(byte[] b, int l3) {
    int proto = Ipv4.protocol(b, l3);
    int hl = Ipv4.hdrLen(b, l3);
    int l4 = l3 + hl;
    int l4len = Ipv4.totLen(b, l3) - hl;
    long s;
    switch (proto) {
      case Ipv4.IPPROTO_UDP:
        if (Csum.get16(b, l4 + Udp.CHECK) == 0) {
          return true;
        }
      // fall through
      case Ipv4.IPPROTO_TCP:
        s = Csum.pseudoHeader(Ipv4.saddr(b, l3), Ipv4.daddr(b, l3), proto, l4len);
        break;
      case Ipv4.IPPROTO_ICMP:
        s = 0;
        break;
      default:
        return true;
    }
    return Csum.fold(Csum.sum(b, l4, l4len, s)) == 0xffff;
  }

  /** The checksum field's offset inside the L4 header. */
  public static int offsetOf(int proto) {
    switch (proto) {
      case Ipv4.IPPROTO_TCP:
        return Tcp.CHECK;
      case Ipv4.IPPROTO_UDP:
        return Udp.CHECK;
      case Ipv4.IPPROTO_ICMP:
        return Icmp4.CHECK;
      default:
        return -1;
    }
  }
}
