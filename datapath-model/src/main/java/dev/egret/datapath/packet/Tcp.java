package dev.egret.datapath.packet;

/**
 * TCP header view (RFC 9293). {@code off} is the absolute offset of the header.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source Port          |       Destination Port        |  0
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        Sequence Number                        |  4
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Acknowledgment Number                      |  8
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Data |       |C|E|U|A|P|R|S|F|                               |
 * | Offset| Rsrvd |W|C|R|C|S|S|Y|I|            Window             | 12
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Checksum            |         Urgent Pointer        | 16
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Tcp {
  public static final int SPORT = 0;
  public static final int DPORT = 2;
  public static final int SEQ = 4;
  public static final int ACK_SEQ = 8;
  public static final int DOFF = 12;
  public static final int FLAGS = 13;
  public static final int WINDOW = 14;
  public static final int CHECK = 16;
  public static final int URG_PTR = 18;
  public static final int MIN_HLEN = 20;

  public static final int FIN = 0x01;
  public static final int SYN = 0x02;
  public static final int RST = 0x04;
  public static final int PSH = 0x08;
  public static final int ACK = 0x10;
  public static final int URG = 0x20;
  public static final int ECE = 0x40;
  public static final int CWR = 0x80;

  private Tcp() {}

  public static int sport(byte[] b, int off) {
    return Csum.get16(b, off + SPORT);
  }

  public static int dport(byte[] b, int off) {
    return Csum.get16(b, off + DPORT);
  }

  public static long seq(byte[] b, int off) {
    return ((long) Csum.get16(b, off + SEQ) << 16) | Csum.get16(b, off + SEQ + 2);
  }

  public static int flags(byte[] b, int off) {
    return b[off + FLAGS] & 0xff;
  }

  /** Header length in bytes from the data offset. */
  public static int hdrLen(byte[] b, int off) {
    return ((b[off + DOFF] & 0xff) >>> 4) << 2;
  }

  public static int window(byte[] b, int off) {
    return Csum.get16(b, off + WINDOW);
  }

  public static int check(byte[] b, int off) {
    return Csum.get16(b, off + CHECK);
  }

  public static void setSport(byte[] b, int off, int port) {
    Csum.put16(b, off + SPORT, port);
  }

  public static void setDport(byte[] b, int off, int port) {
    Csum.put16(b, off + DPORT, port);
  }

  /** Writes a 20-byte header without options; the checksum field is set to 0. */
  public static void write(
      byte[] b, int off, int sport, int dport, long seq, long ackSeq, int flags, int window) {
    Csum.put16(b, off + SPORT, sport);
    Csum.put16(b, off + DPORT, dport);
    Csum.put16(b, off + SEQ, (int) (seq >>> 16));
    Csum.put16(b, off + SEQ + 2, (int) seq);
    Csum.put16(b, off + ACK_SEQ, (int) (ackSeq >>> 16));
    Csum.put16(b, off + ACK_SEQ + 2, (int) ackSeq);
    b[off + DOFF] = 0x50;
    b[off + FLAGS] = (byte) flags;
    Csum.put16(b, off + WINDOW, window);
    Csum.put16(b, off + CHECK, 0);
    Csum.put16(b, off + URG_PTR, 0);
  }

  /** Formats flags the way Hubble's summary does, e.g. {@code SYN, ACK}. */
  public static String flagNames(int flags) {
    String[] names = {"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"};
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if ((flags & (1 << i)) != 0) {
        if (sb.length() > 0) {
          sb.append(", ");
        }
        sb.append(names[i]);
      }
    }
    return sb.toString();
  }
}
