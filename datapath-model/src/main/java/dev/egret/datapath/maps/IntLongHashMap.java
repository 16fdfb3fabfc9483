package dev.egret.datapath.maps;

import java.util.Arrays;

/**
 * An open-addressing {@code int → int} hash map with linear probing and backward-shift deletion; no
 * boxing, no allocation on get/put once grown. Values may be anything except {@link #MISSING},
 * which {@link #get(int)} returns for absent keys.
 */
public final class IntLongHashMap {
  /** What {@link #get(int)} returns for an absent key. */
  public static final long MISSING = Long.MIN_VALUE;

  private int[] keys;
  private long[] values;
  private boolean[] used;
  private int size;
  private int mask;

  public IntLongHashMap() {
    this(16);
  }

  public IntLongHashMap(int expected) {
    int cap = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
    keys = new int[cap];
    values = new long[cap];
    used = new boolean[cap];
    mask = cap - 1;
  }

  private static int hash(int k) {
    int h = k * 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  /** The value for {@code key}, or {@link #MISSING}. */
  public long get(int key) {
    int i = hash(key) & mask;
    while (used[i]) {
      if (keys[i] == key) {
        return values[i];
      }
      i = (i + 1) & mask;
    }
    return MISSING;
  }

  /** Sets {@code key} to {@code value}; returns the previous value or {@link #MISSING}. */
  public long put(int key, long value) {
    if (value == MISSING) {
      throw new IllegalArgumentException("MISSING cannot be stored");
    }
    int i = hash(key) & mask;
    while (used[i]) {
      if (keys[i] == key) {
        long old = values[i];
        values[i] = value;
        return old;
      }
      i = (i + 1) & mask;
    }
    used[i] = true;
    keys[i] = key;
    values[i] = value;
    if (++size > (mask + 1) * 3 / 4) {
      rehash((mask + 1) * 2);
    }
    return MISSING;
  }

  /** Removes {@code key}; returns its value or {@link #MISSING}. */
  public long remove(int key) {
    int i = hash(key) & mask;
    while (used[i]) {
      if (keys[i] == key) {
        long old = values[i];
        shiftBack(i);
        size--;
        return old;
      }
      i = (i + 1) & mask;
    }
    return MISSING;
  }

  private void shiftBack(int hole) {
    int i = hole;
    while (true) {
      i = (i + 1) & mask;
      if (!used[i]) {
        break;
      }
      int ideal = hash(keys[i]) & mask;
      // Move the entry at i into the hole if the hole lies cyclically in [ideal, i).
      if (((i - ideal) & mask) >= ((i - hole) & mask)) {
        keys[hole] = keys[i];
        values[hole] = values[i];
        hole = i;
      }
    }
    used[hole] = false;
  }

  private void rehash(int cap) {
    int[] ok = keys;
    long[] ov = values;
    boolean[] ou = used;
    keys = new int[cap];
    values = new long[cap];
    used = new boolean[cap];
    mask = cap - 1;
    size = 0;
    for (int i = 0; i < ok.length; i++) {
      if (ou[i]) {
        put(ok[i], ov[i]);
      }
    }
  }

  public int size() {
    return size;
  }

  public void clear() {
    Arrays.fill(used, false);
    size = 0;
  }
}
