package dev.egret.topology.yaml;

/** How bad a {@link Problem} is. */
public enum Severity {
  /** The input cannot be used; exit code 2. */
  ERROR,
  /** The input is used, but probably not as its author expects (e.g. an unknown field). */
  WARNING
}
