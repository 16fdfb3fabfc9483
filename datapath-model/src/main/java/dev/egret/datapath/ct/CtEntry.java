package dev.egret.datapath.ct;

/**
 * A {@code struct ct_entry} value (see {@link CtMap4} for the layout) as an immutable record.
 *
 * @param lifetime the u32 bpf_mono_now second at which the entry expires
 * @param flags the bitfield ({@link CtMap4#F_RX_CLOSING} ...)
 */
public record CtEntry(
    long packets,
    long bytes,
    int lifetime,
    int flags,
    int txFlagsSeen,
    int rxFlagsSeen,
    int srcSecId,
    int lastTxReport,
    int lastRxReport) {

  public boolean rxClosing() {
    return (flags & CtMap4.F_RX_CLOSING) != 0;
  }

  public boolean txClosing() {
    return (flags & CtMap4.F_TX_CLOSING) != 0;
  }

  public boolean seenNonSyn() {
    return (flags & CtMap4.F_SEEN_NON_SYN) != 0;
  }

  /** The 56 value bytes exactly as the kernel stores them (little-endian host). */
  public byte[] valueBytes() {
    byte[] b = new byte[CtMap4.VALUE_SIZE];
    putLong(b, 16, packets);
    putLong(b, 24, bytes);
    putInt(b, 32, lifetime);
    b[36] = (byte) flags;
    b[37] = (byte) (flags >>> 8);
    b[42] = (byte) txFlagsSeen;
    b[43] = (byte) rxFlagsSeen;
    putInt(b, 44, srcSecId);
    putInt(b, 48, lastTxReport);
    putInt(b, 52, lastRxReport);
    return b;
  }

  /** Decodes 56 value bytes. */
  public static CtEntry fromBytes(byte[] b) {
    if (b.length != CtMap4.VALUE_SIZE) {
      throw new IllegalArgumentException("a ct_entry has 56 bytes, got " + b.length);
    }
    return new CtEntry(
        getLong(b, 16),
        getLong(b, 24),
        getInt(b, 32),
        (b[36] & 0xff) | (b[37] & 0xff) << 8,
        b[42] & 0xff,
        b[43] & 0xff,
        getInt(b, 44),
        getInt(b, 48),
        getInt(b, 52));
  }

  static void putInt(byte[] b, int off, int v) {
    for (int i = 0; i < 4; i++) {
      b[off + i] = (byte) (v >>> (8 * i));
    }
  }

  static void putLong(byte[] b, int off, long v) {
    for (int i = 0; i < 8; i++) {
      b[off + i] = (byte) (v >>> (8 * i));
    }
  }

  static int getInt(byte[] b, int off) {
    int v = 0;
    for (int i = 3; i >= 0; i--) {
      v = (v << 8) | (b[off + i] & 0xff);
    }
    return v;
  }

  static long getLong(byte[] b, int off) {
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (b[off + i] & 0xff);
    }
    return v;
  }
}
