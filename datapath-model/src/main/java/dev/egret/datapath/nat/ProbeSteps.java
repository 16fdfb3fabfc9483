package dev.egret.datapath.nat;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The sequential step of SNAT collision probing, tabulated: {@code steps[p] = clamp(start, end, p +
 * 1)} for every u16 port {@code p}. {@link SnatV4#newMapping} walks up to 127 such steps per new
 * connection, and under port exhaustion every one of them; with 1.16's clamp each step is an
 * integer division, which made the walk a quarter of an exhausted run's time. A table lookup gives
 * the same port. Tables are immutable and shared by every node using the same range (128 KiB each);
 * at most {@link #MAX_TABLES} are kept, after which the steps are computed.
 */
final class ProbeSteps {
  static final int MAX_TABLES = 64;

  private static final ConcurrentHashMap<Key, char[]> TABLES = new ConcurrentHashMap<>();

  private record Key(PortClamp clamp, int start, int end) {}

  private ProbeSteps() {}

  /** The step table of this clamp and range, or null when too many ranges are in use. */
  static char[] of(PortClamp clamp, int start, int end) {
    Key key = new Key(clamp, start, end);
    char[] t = TABLES.get(key);
    if (t != null || TABLES.size() >= MAX_TABLES) {
      return t;
    }
    return TABLES.computeIfAbsent(key, k -> build(k.clamp(), k.start(), k.end()));
  }

  private static char[] build(PortClamp clamp, int start, int end) {
    char[] t = new char[65536];
    for (int p = 0; p < t.length; p++) {
      t[p] = (char) clamp.clamp(start, end, p + 1);
    }
    return t;
  }
}
