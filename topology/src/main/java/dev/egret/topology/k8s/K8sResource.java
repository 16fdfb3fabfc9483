package dev.egret.topology.k8s;

/** A Kubernetes object egret understands, bound from YAML by {@link ResourceLoader}. */
public sealed interface K8sResource
    permits NamespaceResource,
        NodeResource,
        PodResource,
        DeploymentResource,
        DaemonSetResource,
        CiliumEgressGatewayPolicy,
        CiliumEgressNATPolicy {
  ObjectMeta metadata();

  /** The {@code kind}. */
  String kind();

  /** {@code Kind/namespace/name} or {@code Kind/name}. */
  default String id() {
    ObjectMeta m = metadata();
    return kind() + "/" + (m.namespace() == null ? "" : m.namespace() + "/") + m.name();
  }
}
