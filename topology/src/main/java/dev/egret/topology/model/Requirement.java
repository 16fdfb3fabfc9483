package dev.egret.topology.model;

import java.util.List;

/**
 * One {@code matchExpressions} item, with Kubernetes semantics (k8s.io/apimachinery
 * labels.Requirement, the same as Cilium's pkg/policy/types/requirements.go): {@code In} needs the
 * key with a listed value; {@code NotIn} matches an absent key or an unlisted value; {@code Exists}
 * needs the key; {@code DoesNotExist} needs it absent.
 */
public record Requirement(String key, Operator operator, List<String> values) {
  public Requirement {
    values = List.copyOf(values);
  }

  /** {@code key In (value)}: what one matchLabels pair means. */
  public static Requirement equal(String key, String value) {
    return new Requirement(key, Operator.In, List.of(value));
  }

  /** Whether {@code labels} satisfy this requirement. */
  public boolean matches(Labels labels) {
    String v = labels.get(key);
    return switch (operator) {
      case In -> v != null && values.contains(v);
      case NotIn -> v == null || !values.contains(v);
      case Exists -> v != null;
      case DoesNotExist -> v == null;
    };
  }

  /** The same requirement on {@code prefix + key}. */
  public Requirement prefixed(String prefix) {
    return new Requirement(prefix + key, operator, values);
  }

  @Override
  public String toString() {
    return switch (operator) {
      case In -> values.size() == 1 ? key + "=" + values.get(0) : key + " in " + values;
      case NotIn -> key + " notin " + values;
      case Exists -> key;
      case DoesNotExist -> "!" + key;
    };
  }
}
