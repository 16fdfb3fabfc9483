package dev.egret.topology.model;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An immutable set of Kubernetes labels (key → value), kept sorted by key so that equal sets are
 * equal objects with equal hash codes and print the same way. Lookups are O(log n).
 */
public final class Labels {
  /** No labels. */
  public static final Labels EMPTY = new Labels(new TreeMap<>());

  private final SortedMap<String, String> map;
  private final int hash;

  private Labels(SortedMap<String, String> map) {
    this.map = Collections.unmodifiableSortedMap(map);
    this.hash = map.hashCode();
  }

  /** A copy of {@code labels} (null → empty). */
  public static Labels of(Map<String, String> labels) {
    if (labels == null || labels.isEmpty()) {
      return EMPTY;
    }
    return new Labels(new TreeMap<>(labels));
  }

  /** Labels from alternating keys and values. */
  public static Labels of(String... kv) {
    if (kv.length % 2 != 0) {
      throw new IllegalArgumentException("keys and values must alternate");
    }
    TreeMap<String, String> m = new TreeMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return new Labels(m);
  }

  /** The value of {@code key}, or null when absent. */
  public String get(String key) {
    return map.get(key);
  }

  public boolean has(String key) {
    return map.containsKey(key);
  }

  public int size() {
    return map.size();
  }

  public boolean isEmpty() {
    return map.isEmpty();
  }

  /** A read-only sorted view. */
  public SortedMap<String, String> asMap() {
    return map;
  }

  /** These labels with {@code key} set to {@code value}. */
  public Labels with(String key, String value) {
    TreeMap<String, String> m = new TreeMap<>(map);
    m.put(key, value);
    return new Labels(m);
  }

  /** These labels with {@code changes} applied (a null value removes the key). */
  public Labels withChanges(Map<String, String> set, Iterable<String> remove) {
    TreeMap<String, String> m = new TreeMap<>(map);
    if (set != null) {
      m.putAll(set);
    }
    if (remove != null) {
      for (String k : remove) {
        m.remove(k);
      }
    }
    return new Labels(m);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Labels l && l.hash == hash && l.map.equals(map);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    map.forEach(
        (k, v) -> {
          if (sb.length() > 1) {
            sb.append(", ");
          }
          sb.append(k).append('=').append(v);
        });
    return sb.append('}').toString();
  }
}
