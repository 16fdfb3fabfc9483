package dev.egret.scenarios.traffic;

import java.util.function.Consumer;

/**
 * A hash map from primitive {@code long} keys to objects, so that the per-packet lookups of the
 * stacks (connection by 4-tuple, socket by port, ping by echo id) neither box nor allocate. Open
 * addressing with linear probing and backward-shift deletion (Knuth, TAOCP vol. 3, algorithm R);
 * the table doubles at 1/2 load. Expected O(1) per operation. Null values are not allowed. The
 * table is allocated on the first {@link #put}, so the many hosts that never use a map (a pod
 * without listeners) pay a few bytes for it.
 */
final class LongMap<V> {
  private static final int MIN_CAPACITY = 16;

  private static final long[] NO_KEYS = new long[0];
  private static final Object[] NO_VALUES = new Object[0];

  private long[] keys = NO_KEYS;
  private Object[] values = NO_VALUES;
  private int size;
  private int mask;

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  @SuppressWarnings("unchecked")
  V get(long key) {
    if (size == 0) {
      return null;
    }
    int i = slot(key);
    while (true) {
      Object v = values[i];
      if (v == null) {
        return null;
      }
      if (keys[i] == key) {
        return (V) v;
      }
      i = (i + 1) & mask;
    }
  }

  boolean containsKey(long key) {
    return get(key) != null;
  }

  /** Maps {@code key} to {@code value}; returns the previous value or null. */
  @SuppressWarnings("unchecked")
  V put(long key, V value) {
    if (value == null) {
      throw new IllegalArgumentException("null values are not allowed");
    }
    if (values.length == 0) {
      keys = new long[MIN_CAPACITY];
      values = new Object[MIN_CAPACITY];
      mask = MIN_CAPACITY - 1;
    }
    int i = slot(key);
    while (true) {
      Object v = values[i];
      if (v == null) {
        keys[i] = key;
        values[i] = value;
        if (++size * 2 > values.length) {
          grow();
        }
        return null;
      }
      if (keys[i] == key) {
        values[i] = value;
        return (V) v;
      }
      i = (i + 1) & mask;
    }
  }

  /** Removes {@code key}; returns its value or null. */
  @SuppressWarnings("unchecked")
  V remove(long key) {
    if (size == 0) {
      return null;
    }
    int i = slot(key);
    while (true) {
      Object v = values[i];
      if (v == null) {
        return null;
      }
      if (keys[i] == key) {
        deleteAt(i);
        return (V) v;
      }
      i = (i + 1) & mask;
    }
  }

  /** Calls {@code action} with every value, in table order (deterministic for equal histories). */
  @SuppressWarnings("unchecked")
  void forEachValue(Consumer<V> action) {
    Object[] vs = values;
    for (Object v : vs) {
      if (v != null) {
        action.accept((V) v);
      }
    }
  }

  private void deleteAt(int hole) {
    values[hole] = null;
    size--;
    int i = (hole + 1) & mask;
    while (values[i] != null) {
      int home = slot(keys[i]);
      // Move the entry back into the hole unless its home lies cyclically in (hole, i].
      boolean homeBetween = hole <= i ? (home > hole && home <= i) : (home > hole || home <= i);
      if (!homeBetween) {
        keys[hole] = keys[i];
        values[hole] = values[i];
        values[i] = null;
        hole = i;
      }
      i = (i + 1) & mask;
    }
  }

  private void grow() {
    long[] oldKeys = keys;
    Object[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new Object[oldValues.length * 2];
    mask = keys.length - 1;
    for (int j = 0; j < oldValues.length; j++) {
      Object v = oldValues[j];
      if (v != null) {
        int i = slot(oldKeys[j]);
        while (values[i] != null) {
          i = (i + 1) & mask;
        }
        keys[i] = oldKeys[j];
        values[i] = v;
      }
    }
  }

  private int slot(long key) {
    long h = key * 0x9e3779b97f4a7c15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }
}
