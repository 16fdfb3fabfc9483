package dev.egret.gui.model;

import java.util.Arrays;

/** Binary searches over a sorted {@code long[]} of times. */
final class TimeIndex {
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
