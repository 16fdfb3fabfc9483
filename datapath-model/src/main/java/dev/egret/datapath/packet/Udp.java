package dev.egret.datapath.packet;

/**
 * UDP header view (RFC 768). A checksum of zero means "no checksum" over IPv4; a computed zero is
 * sent as 0xffff (see {@link L4Checksum}).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source Port          |       Destination Port        |  0
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            Length             |           Checksum            |  4
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Udp {
  public static final int SPORT = 0;
  public static final int DPORT = 2;
  public static final int LEN = 4;
  public static final int CHECK = 6;
  public static final int HLEN = 8;

  private Udp() {}

  public static int sport(byte[] b, int off) {
    return Csum.get16(b, off + SPORT);
  }

  public static int dport(byte[] b, int off) {
    return Csum.get16(b, off + DPORT);
  }

  public static int len(byte[] b, int off) {
    return Csum.get16(b, off + LEN);
  }

  public static int check(byte[] b, int off) {
    return Csum.get16(b, off + CHECK);
  }

  /** Writes a header with checksum 0 ("none"). */
  public static void write(byte[] b, int off, int sport, int dport, int len) {
    Csum.put16(b, off + SPORT, sport);
    Csum.put16(b, off + DPORT, dport);
    Csum.put16(b, off + LEN, len);
    Csum.put16(b, off + CHECK, 0);
  }
}
