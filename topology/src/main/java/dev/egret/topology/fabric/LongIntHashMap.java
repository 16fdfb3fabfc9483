package dev.egret.topology.fabric;

import java.util.Arrays;

/** An open-addressing {@code long → int} map (linear probing, no removal); -1 means absent. */
final class LongIntHashMap {
  private long[] keys;
  private int[] values;
  private boolean[] used;
  private int size;
  private int mask;

  LongIntHashMap(int expected) {
    int cap = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
    keys = new long[cap];
    values = new int[cap];
    used = new boolean[cap];
    mask = cap - 1;
  }

  private static int hash(long k) {
    long h = k * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }

  int get(long key) {
    int i = hash(key) & mask;
    while (used[i]) {
      if (keys[i] == key) {
        return values[i];
      }
      i = (i + 1) & mask;
    }
    return -1;
  }

  void put(long key, int value) {
    int i = hash(key) & mask;
    while (used[i]) {
      if (keys[i] == key) {
        values[i] = value;
        return;
      }
      i = (i + 1) & mask;
    }
    used[i] = true;
    keys[i] = key;
    values[i] = value;
    if (++size > (mask + 1) * 3 / 4) {
      long[] ok = keys;
      int[] ov = values;
      boolean[] ou = used;
      int cap = (mask + 1) * 2;
      keys = new long[cap];
      values = new int[cap];
      used = new boolean[cap];
      mask = cap - 1;
      size = 0;
      for (int j = 0; j < ok.length; j++) {
        if (ou[j]) {
          put(ok[j], ov[j]);
        }
      }
    }
  }

  void clear() {
    Arrays.fill(used, false);
    size = 0;
  }
}
