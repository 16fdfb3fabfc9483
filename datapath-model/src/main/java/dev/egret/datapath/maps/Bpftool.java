package dev.egret.datapath.maps;

/** Prints map entries the way {@code bpftool map dump} prints them for maps without BTF. */
public final class Bpftool {
  private Bpftool() {}

  /**
   * Hex bytes as bpftool's {@code fprint_hex} writes them: two lowercase digits per byte, single
   * spaces, and a double space before every eighth byte.
   */
  public static String hex(byte[] data) {
    StringBuilder sb = new StringBuilder(data.length * 3 + data.length / 8);
    for (int i = 0; i < data.length; i++) {
      if (i > 0) {
        sb.append(i % 8 == 0 ? "  " : " ");
      }
      sb.append(Character.forDigit((data[i] >> 4) & 0xf, 16))
          .append(Character.forDigit(data[i] & 0xf, 16));
    }
    return sb.toString();
  }

  /**
   * One entry as bpftool's plain output prints it: on one line when key and value together take at
   * most 24 bytes, else as {@code key:} / {@code value:} blocks.
   */
  public static String entry(byte[] key, byte[] value) {
    if (key.length + value.length <= 24) {
      return "key: " + hex(key) + "  value: " + hex(value);
    }
    return "key:\n" + hex(key) + "\nvalue:\n" + hex(value);
  }

  /** The trailer bpftool prints after a dump. */
  public static String found(int n) {
    return "Found " + n + " element" + (n == 1 ? "" : "s");
  }
}
