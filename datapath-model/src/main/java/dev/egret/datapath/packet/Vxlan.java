package dev.egret.datapath.packet;

/**
 * VXLAN header view (RFC 7348). Cilium puts the source security identity in the VNI.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |R|R|R|R|I|R|R|R|            Reserved                           |  0
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                VXLAN Network Identifier (VNI) |   Reserved    |  4
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Vxlan {
  public static final int FLAGS = 0;
  public static final int VNI = 4;
  public static final int HLEN = 8;

  /** The I flag: the VNI is valid. */
  public static final int FLAG_I = 0x08;

  private Vxlan() {}

  public static int flags(byte[] b, int off) {
    return b[off + FLAGS] & 0xff;
  }

  /** The 24-bit VNI. */
  public static int vni(byte[] b, int off) {
    return ((b[off + VNI] & 0xff) << 16)
        | ((b[off + VNI + 1] & 0xff) << 8)
        | (b[off + VNI + 2] & 0xff);
  }

  /** Writes a header with the I flag and the low 24 bits of {@code vni}. */
  public static void write(byte[] b, int off, int vni) {
    b[off] = (byte) FLAG_I;
    b[off + 1] = 0;
    b[off + 2] = 0;
    b[off + 3] = 0;
    b[off + VNI] = (byte) (vni >>> 16);
    b[off + VNI + 1] = (byte) (vni >>> 8);
    b[off + VNI + 2] = (byte) vni;
    b[off + VNI + 3] = 0;
  }
}
