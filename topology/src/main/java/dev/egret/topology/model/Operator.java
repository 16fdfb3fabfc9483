package dev.egret.topology.model;

/** The label selector operators the CRDs allow (k8s.io/apimachinery, pkg/policy/types). */
public enum Operator {
  In,
  NotIn,
  Exists,
  DoesNotExist;

  /** The operator named exactly {@code s}, or null. */
  public static Operator parse(String s) {
    for (Operator o : values()) {
      if (o.name().equals(s)) {
        return o;
      }
    }
    return null;
  }
}
