package dev.egret.gui.model;

import java.util.Locale;

/** Simulated times as the visualizer prints them. */
public final class Times {
  private static final long MICRO = 1_000L;
  private static final long MILLI = 1_000_000L;
  private static final long SECOND = 1_000_000_000L;

  private Times() {}

  /** Seconds with microseconds: {@code 2.000350 s}. */
  public static String precise(long nanos) {
    return String.format(Locale.ROOT, "%d.%06d s", nanos / SECOND, (nanos % SECOND) / MICRO);
  }

  /** Seconds with milliseconds: {@code 2.000 s}. */
  public static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%d.%03d s", nanos / SECOND, (nanos % SECOND) / MILLI);
  }

  /** A duration in the largest unit that keeps it readable: {@code 50.2 µs}, {@code 1.5 s}. */
  public static String duration(double nanos) {
    double a = Math.abs(nanos);
    if (a < MICRO) {
      return String.format(Locale.ROOT, "%.0f ns", nanos);
    }
    if (a < MILLI) {
      return trim(nanos / MICRO) + " µs";
    }
    if (a < SECOND) {
      return trim(nanos / MILLI) + " ms";
    }
    return trim(nanos / SECOND) + " s";
  }

  private static String trim(double v) {
    String s = String.format(Locale.ROOT, v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f", v);
    if (s.contains(".")) {
      s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return s;
  }
}
