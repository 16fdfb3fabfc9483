package dev.egret.topology.underlay;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Bandwidth strings ({@code 10Gbps}, {@code 100Mbps}, {@code 1Gbit}, {@code 500kbps}). */
public final class Bandwidth {
  private static final Pattern FORM =
      Pattern.compile(
          "(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(bps|bit|bit/s|b/s)", Pattern.CASE_INSENSITIVE);
  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final int BITS_PER_BYTE = 8;

  private Bandwidth() {}

  /** Bits per second; throws {@link IllegalArgumentException} saying what is expected. */
  public static long parse(String s) {
    Matcher m = FORM.matcher(s == null ? "" : s.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "\"" + s + "\" is not a bandwidth (expected e.g. 10Gbps, 100Mbps or 1Gbit)");
    }
    double v = Double.parseDouble(m.group(1));
    long mult =
        switch (m.group(2).toLowerCase(Locale.ROOT)) {
          case "k" -> 1_000L;
          case "m" -> 1_000_000L;
          case "g" -> 1_000_000_000L;
          case "t" -> 1_000_000_000_000L;
          default -> 1L;
        };
    long bps = Math.round(v * mult);
    if (bps <= 0) {
      throw new IllegalArgumentException("\"" + s + "\" is not a positive bandwidth");
    }
    return bps;
  }

  /** The serialisation delay of {@code bytes} at {@code bps}, rounded up to a nanosecond. */
  public static long serializationNanos(int bytes, long bps) {
    long bits = (long) bytes * BITS_PER_BYTE;
    return (bits * NANOS_PER_SECOND + bps - 1) / bps;
  }
}
