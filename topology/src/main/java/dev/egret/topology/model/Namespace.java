package dev.egret.topology.model;

/**
 * A namespace and its labels. Kubernetes (≥1.21) always adds {@code
 * kubernetes.io/metadata.name=<name>}; {@link #of} does too.
 */
public record Namespace(String name, Labels labels) {
  /** The label the API server adds to every namespace. */
  public static final String METADATA_NAME_LABEL = "kubernetes.io/metadata.name";

  /** A namespace with {@code labels} plus the automatic name label. */
  public static Namespace of(String name, Labels labels) {
    return new Namespace(name, labels.with(METADATA_NAME_LABEL, name));
  }
}
