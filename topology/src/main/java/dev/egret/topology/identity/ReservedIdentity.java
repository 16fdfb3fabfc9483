package dev.egret.topology.identity;

/** Cilium's reserved security identities (pkg/identity/numericidentity.go). */
public final class ReservedIdentity {
  public static final int UNKNOWN = 0;
  public static final int HOST = 1;
  public static final int WORLD = 2;
  public static final int UNMANAGED = 3;
  public static final int HEALTH = 4;
  public static final int INIT = 5;
  public static final int REMOTE_NODE = 6;
  public static final int KUBE_APISERVER = 7;
  public static final int INGRESS = 8;
  public static final int WORLD_IPV4 = 9;
  public static final int WORLD_IPV6 = 10;

  /** The first identity allocated for cluster label sets ({@code MinimalAllocationIdentity}). */
  public static final int MINIMAL_ALLOCATION_IDENTITY = 256;

  private ReservedIdentity() {}

  /** The name Cilium prints for a reserved identity ("reserved:host"), or null. */
  public static String name(int id) {
    return switch (id) {
      case HOST -> "reserved:host";
      case WORLD -> "reserved:world";
      case UNMANAGED -> "reserved:unmanaged";
      case HEALTH -> "reserved:health";
      case INIT -> "reserved:init";
      case REMOTE_NODE -> "reserved:remote-node";
      case KUBE_APISERVER -> "reserved:kube-apiserver";
      case INGRESS -> "reserved:ingress";
      case WORLD_IPV4 -> "reserved:world-ipv4";
      case WORLD_IPV6 -> "reserved:world-ipv6";
      default -> null;
    };
  }
}
