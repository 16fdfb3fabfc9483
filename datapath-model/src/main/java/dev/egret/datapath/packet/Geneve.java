package dev.egret.datapath.packet;

/**
 * Geneve header view (RFC 8926). Cilium sends no options on the TC path, so the header is 8 bytes
 * and the overhead equals VXLAN's.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Ver|  Opt Len  |O|C|    Rsvd.  |          Protocol Type        |  0
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |        Virtual Network Identifier (VNI)       |    Reserved   |  4
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Variable-Length Options                    |  8
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Geneve {
  public static final int VER_OPTLEN = 0;
  public static final int FLAGS = 1;
  public static final int PROTOCOL = 2;
  public static final int VNI = 4;
  public static final int HLEN = 8;

  private Geneve() {}

  public static int version(byte[] b, int off) {
    return (b[off] & 0xff) >>> 6;
  }

  /** Options length in bytes. */
  public static int optionsLen(byte[] b, int off) {
    return (b[off] & 0x3f) << 2;
  }

  /** Total header length, options included. */
  public static int hdrLen(byte[] b, int off) {
    return HLEN + optionsLen(b, off);
  }

  public static int protocol(byte[] b, int off) {
    return Csum.get16(b, off + PROTOCOL);
  }

  public static int vni(byte[] b, int off) {
    return ((b[off + VNI] & 0xff) << 16)
        | ((b[off + VNI + 1] & 0xff) << 8)
        | (b[off + VNI + 2] & 0xff);
  }

  /** Writes an option-less header carrying an Ethernet frame ({@code ETH_P_TEB}). */
  public static void write(byte[] b, int off, int vni) {
    b[off] = 0;
    b[off + FLAGS] = 0;
    Csum.put16(b, off + PROTOCOL, Eth.ETH_P_TEB);
    b[off + VNI] = (byte) (vni >>> 16);
    b[off + VNI + 1] = (byte) (vni >>> 8);
    b[off + VNI + 2] = (byte) vni;
    b[off + VNI + 3] = 0;
  }
}
