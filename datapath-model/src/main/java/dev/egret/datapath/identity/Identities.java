package dev.egret.datapath.identity;

/**
 * Cilium's reserved security identities and the identity helpers of bpf/lib/identity.h and the
 * tunnel-id conversions of bpf/lib/overloadable_skb.h (v1.16).
 */
public final class Identities {
  public static final int UNKNOWN_ID = 0;
  public static final int HOST_ID = 1;
  public static final int WORLD_ID = 2;
  public static final int UNMANAGED_ID = 3;
  public static final int HEALTH_ID = 4;
  public static final int INIT_ID = 5;
  public static final int REMOTE_NODE_ID = 6;
  public static final int KUBE_APISERVER_NODE_ID = 7;
  public static final int INGRESS_ID = 8;
  public static final int WORLD_IPV4_ID = 9;
  public static final int WORLD_IPV6_ID = 10;

  /**
   * {@code LOCAL_NODE_ID}: the identity a node's own traffic carries through the tunnel (HOST_ID is
   * remapped to it by {@code __encap_with_nodeid}); remote-node (6) in the default configuration.
   */
  public static final int LOCAL_NODE_ID = REMOTE_NODE_ID;

  /** First identity of the local (CIDR) scope, {@code CIDR_IDENTITY_RANGE_START}. */
  public static final int CIDR_IDENTITY_RANGE_START = 1 << 24;

  /** Last identity of the local (CIDR) scope, {@code CIDR_IDENTITY_RANGE_END}. */
  public static final int CIDR_IDENTITY_RANGE_END = (1 << 24) + 0xffffff;

  /** The first identity handed to pods (lower ones are reserved). */
  public static final int MINIMUM_ALLOCATION_IDENTITY = 256;

  private Identities() {}

  /**
   * {@code identity_is_cluster}: false for world (and world-ipv4/ipv6 in dual stack) and CIDR
   * identities, true for everything else (host, remote-node, kube-apiserver, pods, ...).
   */
  public static boolean isCluster(int identity, boolean dualStack) {
    if (identity == WORLD_ID) {
      return false;
    }
    if (dualStack && (identity == WORLD_IPV4_ID || identity == WORLD_IPV6_ID)) {
      return false;
    }
    return !(identity >= CIDR_IDENTITY_RANGE_START && identity <= CIDR_IDENTITY_RANGE_END);
  }

  /** {@code identity_is_remote_node}: remote-node or kube-apiserver. */
  public static boolean isRemoteNode(int identity) {
    return identity == REMOTE_NODE_ID || identity == KUBE_APISERVER_NODE_ID;
  }

  /** {@code get_tunnel_id}: the VNI for an identity (world-ipv4/ipv6 become WORLD_ID). */
  public static int tunnelId(int identity, boolean dualStack) {
    if (dualStack && (identity == WORLD_IPV4_ID || identity == WORLD_IPV6_ID)) {
      return WORLD_ID;
    }
    return identity & 0xffffff;
  }

  /** {@code get_id_from_tunnel_id} for IPv4: WORLD_ID becomes WORLD_IPV4_ID in dual stack. */
  public static int fromTunnelId(int tunnelId, boolean dualStack) {
    if (dualStack && tunnelId == WORLD_ID) {
      return WORLD_IPV4_ID;
    }
    return tunnelId;
  }
}
