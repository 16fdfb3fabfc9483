package dev.egret.topology.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * One YAML document of a file: its Jackson tree, where each value and key starts, and the raw text
 * of every scalar (so {@code 1.10} stays {@code "1.10"} when a string is expected).
 *
 * <p>Positions are indexed by JSON pointer ({@code /spec/destinationCIDRs/1}, with {@code ~0} and
 * {@code ~1} escapes).
 */
public final class YamlDocument {
  private final String file;
  private final int index;
  private final JsonNode root;
  private final Map<String, Long> valueAt;
  private final Map<String, Long> keyAt;
  private final Map<String, String> raw;

  YamlDocument(
      String file,
      int index,
      JsonNode root,
      Map<String, Long> valueAt,
      Map<String, Long> keyAt,
      Map<String, String> raw) {
    this.file = file;
    this.index = index;
    this.root = root;
    this.valueAt = valueAt;
    this.keyAt = keyAt;
    this.raw = raw;
  }

  /** The file name as given to the reader. */
  public String file() {
    return file;
  }

  /** The 0-based position of this document among the non-empty documents of its file. */
  public int index() {
    return index;
  }

  public JsonNode root() {
    return root;
  }

  /** A cursor on the root value. */
  public YamlValue top() {
    return YamlValue.root(this);
  }

  /** Where the value at {@code pointer} starts; the nearest located ancestor if unknown. */
  public Location location(String pointer) {
    String p = pointer;
    while (true) {
      Long v = valueAt.get(p);
      if (v != null) {
        return unpack(v);
      }
      if (p.isEmpty()) {
        return new Location(file, 1, 1);
      }
      p = p.substring(0, p.lastIndexOf('/'));
    }
  }

  /** Where the key of the field at {@code pointer} starts, else the value's location. */
  public Location keyLocation(String pointer) {
    Long v = keyAt.get(pointer);
    return v != null ? unpack(v) : location(pointer);
  }

  /** The scalar's text exactly as written, or null for non-scalars. */
  public String rawScalar(String pointer) {
    return raw.get(pointer);
  }

  private Location unpack(long v) {
    return new Location(file, (int) (v >>> 32), (int) v);
  }

  static long pack(int line, int column) {
    return ((long) line << 32) | (column & 0xffffffffL);
  }
}
