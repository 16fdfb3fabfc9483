package dev.egret.datapath.packet;

/** 48-bit MAC addresses held in the low bits of a {@code long} (first octet in bits 47..40). */
public final class Mac {
  /** 00:00:00:00:00:00 */
  public static final long ZERO = 0L;

  private Mac() {}

  public static long read(byte[] b, int off) {
    long v = 0;
    for (int i = 0; i < 6; i++) {
      v = (v << 8) | (b[off + i] & 0xff);
    }
    return v;
  }

  public static void write(byte[] b, int off, long mac) {
    for (int i = 5; i >= 0; i--) {
      b[off + i] = (byte) mac;
      mac >>>= 8;
    }
  }

  /** Parses {@code de:ad:be:ef:de:ef}; throws {@link IllegalArgumentException} if malformed. */
  public static long parse(String s) {
    if (s == null || s.length() != 17) {
      throw new IllegalArgumentException(
          "\"" + s + "\" is not a MAC address (e.g. de:ad:be:ef:de:ef)");
    }
    long v = 0;
    for (int i = 0; i < 6; i++) {
      int p = i * 3;
      if (i > 0 && s.charAt(p - 1) != ':') {
        throw new IllegalArgumentException(
            "\"" + s + "\" is not a MAC address (e.g. de:ad:be:ef:de:ef)");
      }
      int hi = Character.digit(s.charAt(p), 16);
      int lo = Character.digit(s.charAt(p + 1), 16);
      if (hi < 0 || lo < 0) {
        throw new IllegalArgumentException(
            "\"" + s + "\" is not a MAC address (e.g. de:ad:be:ef:de:ef)");
      }
      v = (v << 8) | (hi << 4) | lo;
    }
    return v;
  }

  /** Formats as lowercase {@code aa:bb:cc:dd:ee:ff}. */
  public static String format(long mac) {
    StringBuilder sb = new StringBuilder(17);
    for (int i = 5; i >= 0; i--) {
      int o = (int) (mac >>> (i * 8)) & 0xff;
      sb.append(Character.forDigit(o >> 4, 16)).append(Character.forDigit(o & 0xf, 16));
      if (i > 0) {
        sb.append(':');
      }
    }
    return sb.toString();
  }
}
