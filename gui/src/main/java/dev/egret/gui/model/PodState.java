package dev.egret.gui.model;

/** A running pod as the topology view shows it. */
public record PodState(String namespace, String name, int ip) {
  /** {@code namespace/name}. */
  public String key() {
    return namespace + "/" + name;
  }
}
