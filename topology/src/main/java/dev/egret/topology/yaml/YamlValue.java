package dev.egret.topology.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.net.Ip4;
import dev.egret.sim.Durations;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cursor on one value of a {@link YamlDocument}: the value (possibly missing), its field path for
 * messages ({@code spec.selectors[0].podSelector}) and its location. Typed accessors report what is
 * wrong to a {@link Problems} and return a fallback instead of throwing, so one pass over an input
 * finds every problem.
 */
public final class YamlValue {
  private final YamlDocument doc;
  private final String pointer;
  private final JsonNode node; // null when missing
  private final YamlValue parent;

  private YamlValue(YamlDocument doc, String pointer, JsonNode node, YamlValue parent) {
    this.doc = doc;
    this.pointer = pointer;
    this.node = node;
    this.parent = parent;
  }

  static YamlValue root(YamlDocument doc) {
    return new YamlValue(doc, "", doc.root(), null);
  }

  public YamlDocument document() {
    return doc;
  }

  /** The JSON pointer of this value. */
  public String pointer() {
    return pointer;
  }

  /** The field path for messages, e.g. {@code spec.destinationCIDRs[1]}. */
  public String path() {
    return displayPath(pointer);
  }

  /** The raw Jackson node, or null when missing. */
  public JsonNode node() {
    return node;
  }

  /** Where the value starts; for a missing field, where its parent starts. */
  public Location location() {
    if (node == null && parent != null) {
      return parent.location();
    }
    return doc.location(pointer);
  }

  /** Where the field's key starts (for unknown-field and duplicate messages). */
  public Location keyLocation() {
    return doc.keyLocation(pointer);
  }

  public boolean isMissing() {
    return node == null;
  }

  /** Missing or an explicit null ({@code ~}, empty). */
  public boolean isAbsent() {
    return node == null || node.isNull();
  }

  public boolean isObject() {
    return node != null && node.isObject();
  }

  public boolean isArray() {
    return node != null && node.isArray();
  }

  public boolean isScalar() {
    return node != null && node.isValueNode() && !node.isNull();
  }

  /**
   * The field {@code name} of this object (missing if this is not an object or has no such key).
   */
  public YamlValue get(String name) {
    JsonNode child = node != null && node.isObject() ? node.get(name) : null;
    return new YamlValue(doc, pointer + "/" + YamlReader.escape(name), child, this);
  }

  /** The {@code i}-th item of this list. */
  public YamlValue at(int i) {
    JsonNode child = node != null && node.isArray() ? node.get(i) : null;
    return new YamlValue(doc, pointer + "/" + i, child, this);
  }

  /** Field names of this object in document order (empty if not an object). */
  public List<String> fieldNames() {
    List<String> names = new ArrayList<>();
    if (node != null && node.isObject()) {
      node.fieldNames().forEachRemaining(names::add);
    }
    return names;
  }

  // ------------------------------------------------------------------ shape checks

  /** Reports an error unless this is an object (or absent when optional); true when usable. */
  public boolean expectObject(Problems p, String what) {
    if (isAbsent()) {
      return false;
    }
    if (!node.isObject()) {
      p.error(location(), path(), "must be " + what + ", got " + describe());
      return false;
    }
    return true;
  }

  /** The items of a list; reports an error for anything else. Absent → empty. */
  public List<YamlValue> items(Problems p) {
    if (isAbsent()) {
      return List.of();
    }
    if (!node.isArray()) {
      p.error(
          location(),
          path(),
          "must be a list (one item per line, each starting with \"- \", or [a, b]), got "
              + describe());
      return List.of();
    }
    List<YamlValue> out = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      out.add(at(i));
    }
    return out;
  }

  /** The fields of an object in document order; reports an error for anything else. */
  public Map<String, YamlValue> fields(Problems p, String what) {
    Map<String, YamlValue> out = new LinkedHashMap<>();
    if (!expectObject(p, what)) {
      return out;
    }
    Iterator<String> it = node.fieldNames();
    while (it.hasNext()) {
      String k = it.next();
      out.put(k, get(k));
    }
    return out;
  }

  /** Reports a missing required field at the parent; true when present (and not null). */
  public boolean require(Problems p, String hint) {
    if (isAbsent()) {
      p.error(
          location(),
          path(),
          "is required" + (hint == null || hint.isEmpty() ? "" : " (" + hint + ")"));
      return false;
    }
    return true;
  }

  /**
   * Warns about every field of this object not in {@code known}, suggesting the closest known name.
   * Unknown fields are ignored, as Kubernetes' lenient decoding does.
   */
  public void warnUnknownFields(Problems p, Collection<String> known, String ofWhat) {
    if (node == null || !node.isObject()) {
      return;
    }
    Iterator<String> it = node.fieldNames();
    while (it.hasNext()) {
      String k = it.next();
      if (!known.contains(k)) {
        String near = closest(k, known);
        YamlValue f = get(k);
        p.warning(
            f.keyLocation(),
            f.path(),
            "unknown field of "
                + ofWhat
                + (near == null ? "" : " (did you mean \"" + near + "\"?)")
                + "; ignored");
      }
    }
  }

  // ------------------------------------------------------------------ scalars

  /**
   * A string. Numbers and booleans are refused (Kubernetes rejects {@code true} where a string is
   * expected; the fix is to quote it). Absent → {@code fallback}.
   */
  public String asString(Problems p, String fallback) {
    if (isAbsent()) {
      return fallback;
    }
    if (node.isTextual()) {
      return node.asText();
    }
    if (node.isValueNode()) {
      String raw = rawText();
      p.error(
          location(),
          path(),
          "must be a string, got "
              + describe()
              + "; quote it if you mean the text: \""
              + raw
              + "\"");
      return raw;
    }
    p.error(location(), path(), "must be a string, got " + describe());
    return fallback;
  }

  /** Any scalar's text exactly as written ({@code 1.10} stays {@code 1.10}); absent → fallback. */
  public String asText(Problems p, String fallback) {
    if (isAbsent()) {
      return fallback;
    }
    if (!node.isValueNode()) {
      p.error(location(), path(), "must be a single value, got " + describe());
      return fallback;
    }
    return rawText();
  }

  /** The scalar's source text, or Jackson's text when unknown. */
  public String rawText() {
    String r = doc.rawScalar(pointer);
    return r != null ? r : node == null ? "" : node.asText();
  }

  /** An integer in [min, max]; absent → fallback. */
  public long asLong(Problems p, long min, long max, long fallback) {
    if (isAbsent()) {
      return fallback;
    }
    BigInteger v;
    if (node.isIntegralNumber()) {
      v = node.bigIntegerValue();
    } else if (node.isTextual() && node.asText().matches("[+-]?\\d+")) {
      v = new BigInteger(node.asText());
    } else {
      p.error(location(), path(), "must be a whole number, got " + describe());
      return fallback;
    }
    if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
      p.error(
          location(), path(), rawText() + " is out of range (must be " + min + ".." + max + ")");
      return fallback;
    }
    return v.longValue();
  }

  /** An int in [min, max]; absent → fallback. */
  public int asInt(Problems p, int min, int max, int fallback) {
    return (int) asLong(p, min, max, fallback);
  }

  /** A boolean ({@code true}/{@code false}); absent → fallback. */
  public boolean asBoolean(Problems p, boolean fallback) {
    if (isAbsent()) {
      return fallback;
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    p.error(location(), path(), "must be true or false, got " + describe());
    return fallback;
  }

  /** A duration such as {@code 500ms} or {@code 1.5s} in nanoseconds; absent → fallback. */
  public long asDuration(Problems p, long fallback) {
    if (isAbsent()) {
      return fallback;
    }
    if (!node.isValueNode()) {
      p.error(location(), path(), "must be a duration such as 500ms or 1.5s, got " + describe());
      return fallback;
    }
    try {
      return Durations.parse(rawText());
    } catch (IllegalArgumentException e) {
      p.error(location(), path(), e.getMessage());
      return fallback;
    }
  }

  /** An IPv4 address; absent → fallback. */
  public int asIp4(Problems p, int fallback) {
    if (isAbsent()) {
      return fallback;
    }
    if (!node.isTextual()) {
      p.error(location(), path(), "must be an IPv4 address such as 10.0.0.1, got " + describe());
      return fallback;
    }
    try {
      return Ip4.parse(node.asText().trim());
    } catch (IllegalArgumentException e) {
      p.error(location(), path(), e.getMessage());
      return fallback;
    }
  }

  /** An IPv4 CIDR (host bits kept, as Cilium's parser does); absent → null. */
  public Cidr4 asCidr4(Problems p) {
    if (isAbsent()) {
      return null;
    }
    if (!node.isTextual()) {
      p.error(location(), path(), "must be a CIDR such as 10.0.0.0/8, got " + describe());
      return null;
    }
    try {
      return Cidr4.parse(node.asText().trim());
    } catch (IllegalArgumentException e) {
      p.error(location(), path(), e.getMessage());
      return null;
    }
  }

  /** A map of strings to strings (labels); values must be strings. Absent → empty. */
  public Map<String, String> asStringMap(Problems p, String what) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, YamlValue> e : fields(p, what).entrySet()) {
      YamlValue v = e.getValue();
      if (v.isAbsent()) {
        out.put(e.getKey(), "");
        continue;
      }
      out.put(e.getKey(), v.asString(p, ""));
    }
    return out;
  }

  /** A list of strings; absent → empty. */
  public List<String> asStringList(Problems p) {
    List<String> out = new ArrayList<>();
    for (YamlValue v : items(p)) {
      out.add(v.asString(p, ""));
    }
    return out;
  }

  /** How the value looks, for messages: "a string (\"abc\")", "a number (42)", "a list". */
  public String describe() {
    if (node == null) {
      return "nothing";
    }
    if (node.isNull()) {
      return "null";
    }
    if (node.isObject()) {
      return "a map";
    }
    if (node.isArray()) {
      return "a list";
    }
    if (node.isBoolean()) {
      return "a boolean (" + rawText() + ")";
    }
    if (node.isNumber()) {
      return "a number (" + rawText() + ")";
    }
    return "a string (\"" + node.asText() + "\")";
  }

  // ------------------------------------------------------------------ helpers

  /** {@code /spec/selectors/0/podSelector} → {@code spec.selectors[0].podSelector}. */
  public static String displayPath(String pointer) {
    if (pointer.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    for (String tok : pointer.substring(1).split("/", -1)) {
      String key = YamlReader.unescape(tok);
      if (!tok.isEmpty() && tok.chars().allMatch(Character::isDigit)) {
        sb.append('[').append(tok).append(']');
      } else if (key.matches("[A-Za-z_][A-Za-z0-9_-]*")) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(key);
      } else {
        sb.append("[\"").append(key).append("\"]");
      }
    }
    return sb.toString();
  }

  /** The closest name by edit distance, if close enough to be a likely typo. */
  static String closest(String word, Collection<String> candidates) {
    String best = null;
    int bestD = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = editDistance(word.toLowerCase(), c.toLowerCase());
      if (d < bestD) {
        bestD = d;
        best = c;
      }
    }
    return best != null && bestD <= Math.max(2, word.length() / 3) ? best : null;
  }

  private static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
