package dev.egret.gui.model;

import java.util.Arrays;

/** Binary searches over a sorted {@code long[]} of times. */
public final class TimeIndex {
  private TimeIndex() {}

  /** The first index whose time is {@code >= t} ({@code times.length} if none). */
  static int firstAtOrAfter(long[] times, int size, long t) {
    int i = Arrays.binarySearch(times, 0, size, t);
    if (i < 0) {
      return -i - 1;
    }
    while (i > 0 && times[i - 1] == t) {
      i--;
    }
    return i;
  }

  /** How many of the sorted {@code times} are {@code <= t}. */
  public static int countAtOrBefore(long[] times, long t) {
    return firstAfter(times, times.length, t);
  }

  /** The first index whose time is {@code > t}. */
  static int firstAfter(long[] times, int size, long t) {
    int i = Arrays.binarySearch(times, 0, size, t);
    if (i < 0) {
      return -i - 1;
    }
    while (i + 1 < size && times[i + 1] == t) {
      i++;
    }
    return i + 1;
  }
}
