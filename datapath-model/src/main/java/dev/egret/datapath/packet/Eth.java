package dev.egret.datapath.packet;

/**
 * Ethernet II header view. All offsets are absolute in the frame's buffer ({@code off} is where the
 * header starts).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  destination MAC (6 bytes)                    |
 * +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                               |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+     source MAC (6 bytes)      +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           ethertype           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * MACs are handled as {@code long}s holding 48 bits, first octet in the top byte (see {@link Mac}).
 */
public final class Eth {
  public static final int DST = 0;
  public static final int SRC = 6;
  public static final int PROTO = 12;

  /** {@code ETH_HLEN}. */
  public static final int HLEN = 14;

  public static final int ETH_P_IP = 0x0800;
  public static final int ETH_P_ARP = 0x0806;
  public static final int ETH_P_IPV6 = 0x86DD;

  /**
   * {@code ETH_P_TEB}: transparent Ethernet bridging, Geneve's protocol type for an Ethernet
   * payload.
   */
  public static final int ETH_P_TEB = 0x6558;

  private Eth() {}

  public static long dst(byte[] b, int off) {
    return Mac.read(b, off + DST);
  }

  public static long src(byte[] b, int off) {
    return Mac.read(b, off + SRC);
  }

  public static int proto(byte[] b, int off) {
    return Csum.get16(b, off + PROTO);
  }

  public static void setDst(byte[] b, int off, long mac) {
    Mac.write(b, off + DST, mac);
  }

  public static void setSrc(byte[] b, int off, long mac) {
    Mac.write(b, off + SRC, mac);
  }

  public static void setProto(byte[] b, int off, int proto) {
    Csum.put16(b, off + PROTO, proto);
  }

  /** Writes a whole header. */
  public static void write(byte[] b, int off, long dst, long src, int proto) {
    setDst(b, off, dst);
    setSrc(b, off, src);
    setProto(b, off, proto);
  }
}
