package dev.egret.datapath.maps;

/**
 * An {@code int → int} hash map without boxing: an {@link IntLongHashMap} (open addressing, linear
 * probing, backward-shift deletion) whose values are ints. Values may be anything except {@link
 * #MISSING}, which {@link #get(int)} returns for absent keys.
 */
public final class IntIntHashMap {
  /** What {@link #get(int)} returns for an absent key. */
  public static final int MISSING = Integer.MIN_VALUE;

  private final IntLongHashMap map;

  public IntIntHashMap() {
    map = new IntLongHashMap();
  }

  public IntIntHashMap(int expected) {
    map = new IntLongHashMap(expected);
  }

  private static int narrow(long v) {
    return v == IntLongHashMap.MISSING ? MISSING : (int) v;
  }

  /** The value for {@code key}, or {@link #MISSING}. */
  public int get(int key) {
    return narrow(map.get(key));
  }

  /** Sets {@code key} to {@code value}; returns the previous value or {@link #MISSING}. */
  public int put(int key, int value) {
    return narrow(map.put(key, value));
  }

  /** Removes {@code key}; returns its value or {@link #MISSING}. */
  public int remove(int key) {
    return narrow(map.remove(key));
  }

  public int size() {
    return map.size();
  }

  public void clear() {
    map.clear();
  }
}
