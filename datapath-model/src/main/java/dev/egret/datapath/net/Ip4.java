package dev.egret.datapath.net;

/**
 * IPv4 addresses as {@code int}s in host order (the first octet in the top byte), the form every
 * hot path uses. Parsing is strict: four decimal octets 0..255, no leading zeros beyond a lone
 * {@code 0}, nothing else.
 */
public final class Ip4 {
  /** 0.0.0.0 */
  public static final int ANY = 0;

  private Ip4() {}

  /** Parses a dotted quad; throws {@link IllegalArgumentException} saying what is wrong. */
  public static int parse(String s) {
    int v = tryParse(s);
    if (v == -1 && !"255.255.255.255".equals(s)) {
      throw new IllegalArgumentException(describeProblem(s));
    }
    return v;
  }

  /** Whether {@code s} is a valid dotted quad. */
  public static boolean isValid(String s) {
    return s != null && (tryParse(s) != -1 || "255.255.255.255".equals(s));
  }

  /** Whether {@code s} looks like an IPv6 address (contains a colon). */
  public static boolean looksLikeIpv6(String s) {
    return s != null && s.indexOf(':') >= 0;
  }

  /** Parses or returns -1 (which is also 255.255.255.255; callers disambiguate). */
  private static int tryParse(String s) {
    if (s == null || s.isEmpty() || s.length() > 15) {
      return -1;
    }
    int result = 0;
    int octets = 0;
    int i = 0;
    int n = s.length();
    while (i < n) {
      int start = i;
      int v = 0;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        v = v * 10 + (s.charAt(i) - '0');
        i++;
        if (i - start > 3) {
          return -1;
        }
      }
      int len = i - start;
      if (len == 0 || v > 255 || (len > 1 && s.charAt(start) == '0')) {
        return -1;
      }
      result = (result << 8) | v;
      octets++;
      if (i < n) {
        if (s.charAt(i) != '.' || octets == 4) {
          return -1;
        }
        i++;
        if (i == n) {
          return -1;
        }
      }
    }
    return octets == 4 ? result : -1;
  }

  private static String describeProblem(String s) {
    if (s == null || s.isEmpty()) {
      return "an IPv4 address is required (e.g. 172.18.0.3)";
    }
    if (looksLikeIpv6(s)) {
      return "\"" + s + "\" is an IPv6 address; only IPv4 is allowed here (e.g. 172.18.0.3)";
    }
    if (s.indexOf('/') >= 0) {
      return "\"" + s + "\" is a CIDR; an address without a prefix length is expected here";
    }
    return "\"" + s + "\" is not an IPv4 address (expected four numbers 0-255, e.g. 172.18.0.3)";
  }

  /** Formats as a dotted quad. */
  public static String format(int ip) {
    return ((ip >>> 24) & 0xff)
        + "."
        + ((ip >>> 16) & 0xff)
        + "."
        + ((ip >>> 8) & 0xff)
        + "."
        + (ip & 0xff);
  }

  /** The netmask of a prefix length, e.g. 24 → 0xffffff00. */
  public static int mask(int prefixLength) {
    if (prefixLength < 0 || prefixLength > 32) {
      throw new IllegalArgumentException("prefix length must be 0..32: " + prefixLength);
    }
    return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
  }

  /** Reads four network-order bytes. */
  public static int read(byte[] b, int off) {
    return ((b[off] & 0xff) << 24)
        | ((b[off + 1] & 0xff) << 16)
        | ((b[off + 2] & 0xff) << 8)
        | (b[off + 3] & 0xff);
  }

  /** Writes four network-order bytes. */
  public static void write(byte[] b, int off, int ip) {
    b[off] = (byte) (ip >>> 24);
    b[off + 1] = (byte) (ip >>> 16);
    b[off + 2] = (byte) (ip >>> 8);
    b[off + 3] = (byte) ip;
  }

  /** Unsigned comparison, the order addresses sort in. */
  public static int compare(int a, int b) {
    return Integer.compareUnsigned(a, b);
  }
}
