package dev.egret.scenarios.load;

import dev.egret.topology.yaml.Location;
import dev.egret.topology.yaml.YamlValue;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Where each bound model object came from, so checks made after binding (a pod on an unknown node,
 * traffic from an unknown pod) can name the exact field, line and column. Keyed by identity: two
 * equal records from different places keep their own origins. Lives only while a file is loaded.
 */
final class Origins {
  private final Map<Object, YamlValue> of = new IdentityHashMap<>();

  /** Records that {@code bound} was read from {@code value}; returns {@code bound}. */
  <T> T put(T bound, YamlValue value) {
    if (bound != null && value != null) {
      of.put(bound, value);
    }
    return bound;
  }

  /** The value {@code bound} was read from, or null. */
  YamlValue of(Object bound) {
    return of.get(bound);
  }

  /**
   * The field {@code path} (dot-separated names, e.g. {@code http.from}) under {@code bound}'s
   * origin, or null when {@code bound} has no origin.
   */
  YamlValue field(Object bound, String path) {
    YamlValue v = of.get(bound);
    if (v == null) {
      return null;
    }
    for (String name : path.split("\\.")) {
      v = v.get(name);
    }
    return v;
  }

  /** Where {@code field(bound, path)} is, falling back to {@code fallback}. */
  Location location(Object bound, String path, Location fallback) {
    YamlValue v = field(bound, path);
    return v == null ? fallback : v.location();
  }

  /** The display path of {@code field(bound, path)}, falling back to {@code fallback}. */
  String path(Object bound, String path, String fallback) {
    YamlValue v = field(bound, path);
    return v == null ? fallback : v.path();
  }
}
