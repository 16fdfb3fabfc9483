package dev.egret.datapath.packet;

/**
 * ICMPv4 header view (RFC 792): echo request/reply and the error messages, whose payload is the
 * embedded original IP header plus at least 8 bytes of its L4 header (RFC 5508).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |     Code      |          Checksum             |  0
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Identifier          |        Sequence Number        |  4  (echo)
 * |             unused            |         Next-Hop MTU          |  4  (frag needed)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Internet Header + 64 bits of Original Data Datagram       |  8  (errors)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Icmp4 {
  public static final int TYPE = 0;
  public static final int CODE = 1;
  public static final int CHECK = 2;
  public static final int ID = 4;
  public static final int SEQ = 6;
  public static final int MTU = 6;
  public static final int HLEN = 8;

  public static final int ICMP_ECHOREPLY = 0;
  public static final int ICMP_DEST_UNREACH = 3;
  public static final int ICMP_ECHO = 8;
  public static final int ICMP_TIME_EXCEEDED = 11;
  public static final int ICMP_PARAMETERPROB = 12;

  /** Code of ICMP_DEST_UNREACH: fragmentation needed and DF set. */
  public static final int ICMP_FRAG_NEEDED = 4;

  /** {@code NR_ICMP_UNREACH}: the highest defined dest-unreachable code. */
  public static final int NR_ICMP_UNREACH = 15;

  private Icmp4() {}

  public static int type(byte[] b, int off) {
    return b[off + TYPE] & 0xff;
  }

  public static int code(byte[] b, int off) {
    return b[off + CODE] & 0xff;
  }

  public static int check(byte[] b, int off) {
    return Csum.get16(b, off + CHECK);
  }

  public static int id(byte[] b, int off) {
    return Csum.get16(b, off + ID);
  }

  public static int seq(byte[] b, int off) {
    return Csum.get16(b, off + SEQ);
  }

  /** The absolute offset of the embedded IP header of an error message. */
  public static int embeddedIpOffset(int off) {
    return off + HLEN;
  }

  /** Whether the type is an error message carrying an embedded packet. */
  public static boolean isError(int type) {
    return type == ICMP_DEST_UNREACH || type == ICMP_TIME_EXCEEDED || type == ICMP_PARAMETERPROB;
  }

  /** Writes an echo header (request or reply) with checksum 0. */
  public static void writeEcho(byte[] b, int off, int type, int id, int seq) {
    b[off + TYPE] = (byte) type;
    b[off + CODE] = 0;
    Csum.put16(b, off + CHECK, 0);
    Csum.put16(b, off + ID, id);
    Csum.put16(b, off + SEQ, seq);
  }

  /** Writes an error header (type, code, the 4-byte rest-of-header word) with checksum 0. */
  public static void writeError(byte[] b, int off, int type, int code, int restOfHeader) {
    b[off + TYPE] = (byte) type;
    b[off + CODE] = (byte) code;
    Csum.put16(b, off + CHECK, 0);
    Csum.put16(b, off + ID, restOfHeader >>> 16);
    Csum.put16(b, off + SEQ, restOfHeader);
  }
}
