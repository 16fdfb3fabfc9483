package dev.egret.sim;

/**
 * Simulation time helpers. Time is a {@code long} count of nanoseconds; durations are written the
 * way Go and Kubernetes write them: {@code 500us}, {@code 20ms}, {@code 1.5s}, {@code 2m}, {@code
 * 1h}, or a sum such as {@code 1m30s}.
 */
public final class Durations {
  public static final long NANOSECOND = 1L;
  public static final long MICROSECOND = 1_000L;
  public static final long MILLISECOND = 1_000_000L;
  public static final long SECOND = 1_000_000_000L;
  public static final long MINUTE = 60 * SECOND;
  public static final long HOUR = 60 * MINUTE;

  private static final String UNITS = "ns, us (or µs), ms, s, m, h";

  private Durations() {}

  /** Seconds to nanoseconds. */
  public static long seconds(long s) {
    return Math.multiplyExact(s, SECOND);
  }

  /** Milliseconds to nanoseconds. */
  public static long millis(long ms) {
    return Math.multiplyExact(ms, MILLISECOND);
  }

  /** Microseconds to nanoseconds. */
  public static long micros(long us) {
    return Math.multiplyExact(us, MICROSECOND);
  }

  /**
   * Parses a duration such as {@code 500us}, {@code 1.5s}, {@code 2m} or {@code 1h2m3.5s} into
   * nanoseconds. A bare {@code 0} is accepted. Fractions are exact down to the nanosecond; finer
   * fractions are rejected rather than rounded.
   *
   * @throws IllegalArgumentException with a message naming what is wrong and the accepted units
   */
  public static long parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("a duration is required, e.g. 500ms or 1.5s");
    }
    String s = text.trim();
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty duration; write e.g. 500ms or 1.5s");
    }
    if (s.equals("0")) {
      return 0;
    }
    boolean negative = false;
    int i = 0;
    if (s.charAt(0) == '-' || s.charAt(0) == '+') {
      negative = s.charAt(0) == '-';
      i = 1;
    }
    if (negative) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is negative; durations must be zero or more");
    }
    long total = 0;
    boolean any = false;
    while (i < s.length()) {
      int numStart = i;
      long whole = 0;
      boolean digits = false;
      while (i < s.length() && Character.isDigit(s.charAt(i))) {
        whole = addDigit(whole, s.charAt(i), text);
        digits = true;
        i++;
      }
      long fracNumer = 0;
      long fracDenom = 1;
      if (i < s.length() && s.charAt(i) == '.') {
        i++;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
          if (fracDenom >= 1_000_000_000_000_000L) {
            throw new IllegalArgumentException("\"" + text + "\" has too many decimal places");
          }
          fracNumer = fracNumer * 10 + (s.charAt(i) - '0');
          fracDenom *= 10;
          digits = true;
          i++;
        }
      }
      if (!digits) {
        throw new IllegalArgumentException(
            "\""
                + text
                + "\" is not a duration: expected a number at position "
                + (numStart + 1)
                + " (units: "
                + UNITS
                + ")");
      }
      int unitStart = i;
      while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      String unit = s.substring(unitStart, i);
      long scale = unitScale(unit, text);
      long part;
      try {
        part =
            Math.addExact(
                Math.multiplyExact(whole, scale), fraction(fracNumer, fracDenom, scale, text));
        total = Math.addExact(total, part);
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException(
            "\"" + text + "\" is too long a duration (the limit is about 292 years)");
      }
      any = true;
    }
    if (!any) {
      throw new IllegalArgumentException("\"" + text + "\" is not a duration");
    }
    return total;
  }

  private static long addDigit(long acc, char c, String text) {
    try {
      return Math.addExact(Math.multiplyExact(acc, 10), c - '0');
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("\"" + text + "\" has a number that is too large");
    }
  }

  private static long fraction(long numer, long denom, long scale, String text) {
    if (numer == 0) {
      return 0;
    }
    // numer/denom * scale must be a whole number of nanoseconds.
    java.math.BigInteger v =
        java.math.BigInteger.valueOf(numer).multiply(java.math.BigInteger.valueOf(scale));
    java.math.BigInteger[] qr = v.divideAndRemainder(java.math.BigInteger.valueOf(denom));
    if (qr[1].signum() != 0) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is finer than a nanosecond, the simulation's resolution");
    }
    return qr[0].longValueExact();
  }

  private static long unitScale(String unit, String text) {
    switch (unit) {
      case "ns":
        return NANOSECOND;
      case "us":
      case "µs":
      case "μs":
        return MICROSECOND;
      case "ms":
        return MILLISECOND;
      case "s":
        return SECOND;
      case "m":
        return MINUTE;
      case "h":
        return HOUR;
      case "":
        throw new IllegalArgumentException(
            "\"" + text + "\" has no unit; write e.g. \"" + text + "s\" (units: " + UNITS + ")");
      default:
        throw new IllegalArgumentException(
            "\"" + text + "\" has an unknown unit \"" + unit + "\" (units: " + UNITS + ")");
    }
  }

  /**
   * Formats nanoseconds as the shortest exact duration string in one unit: {@code 0s}, {@code
   * 500us}, {@code 1.5s}, {@code 2m}, {@code 90s}, {@code 1h}. {@code parse(format(x)) == x}.
   */
  public static String format(long nanos) {
    if (nanos == 0) {
      return "0s";
    }
    if (nanos < 0) {
      return "-" + format(-nanos);
    }
    if (nanos % HOUR == 0) {
      return (nanos / HOUR) + "h";
    }
    if (nanos % MINUTE == 0) {
      return (nanos / MINUTE) + "m";
    }
    if (nanos >= SECOND) {
      return decimal(nanos, SECOND, 9) + "s";
    }
    if (nanos >= MILLISECOND) {
      return decimal(nanos, MILLISECOND, 6) + "ms";
    }
    if (nanos >= MICROSECOND) {
      return decimal(nanos, MICROSECOND, 3) + "us";
    }
    return nanos + "ns";
  }

  private static String decimal(long nanos, long unit, int digits) {
    long whole = nanos / unit;
    long frac = nanos % unit;
    if (frac == 0) {
      return Long.toString(whole);
    }
    StringBuilder f = new StringBuilder(Long.toString(frac));
    while (f.length() < digits) {
      f.insert(0, '0');
    }
    int end = f.length();
    while (end > 0 && f.charAt(end - 1) == '0') {
      end--;
    }
    return whole + "." + f.substring(0, end);
  }
}
