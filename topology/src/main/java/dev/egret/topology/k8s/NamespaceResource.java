package dev.egret.topology.k8s;

/** A {@code v1} Namespace. */
public record NamespaceResource(ObjectMeta metadata) implements K8sResource {
  @Override
  public String kind() {
    return "Namespace";
  }
}
