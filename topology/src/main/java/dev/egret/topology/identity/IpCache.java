package dev.egret.topology.identity;

import java.util.HashMap;
import java.util.Map;

/**
 * The cluster's ipcache contents (IP → identity and hosting node), from which each node's view is
 * derived on lookup instead of being copied 5,000 times: for node N, an endpoint on N has tunnel
 * endpoint 0, an endpoint elsewhere has its node's IP; N's own node IPs are {@code host} (1), other
 * nodes' IPs {@code remote-node} (6); any other IP is {@code world} (2). Lookups are O(1). Kept up
 * to date by the {@code Cluster}.
 */
public final class IpCache {
  private record Owner(int identity, String node, boolean nodeAddress) {}

  private final Map<Integer, Owner> byIp = new HashMap<>();
  private final Map<String, Integer> nodeIp = new HashMap<>();

  /** Records a pod endpoint. */
  public void upsertEndpoint(int ip, int identity, String node) {
    byIp.put(ip, new Owner(identity, node, false));
  }

  /** Records an address of a node (its InternalIP/ExternalIP or its cilium_host router IP). */
  public void upsertNodeAddress(int ip, String node) {
    byIp.put(ip, new Owner(ReservedIdentity.REMOTE_NODE, node, true));
  }

  /** Sets the IP used as the tunnel endpoint of a node (its InternalIP); 0 removes it. */
  public void setTunnelEndpoint(String node, int ip) {
    if (ip == 0) {
      nodeIp.remove(node);
    } else {
      nodeIp.put(node, ip);
    }
  }

  /** Forgets an IP. */
  public void remove(int ip) {
    byIp.remove(ip);
  }

  /** Forgets {@code ip} only if it still belongs to {@code node}. */
  public void removeIfOwnedBy(int ip, String node) {
    Owner o = byIp.get(ip);
    if (o != null && o.node.equals(node)) {
      byIp.remove(ip);
    }
  }

  /** What node {@code viewer}'s ipcache holds for {@code ip}. */
  public IpCacheEntry lookup(String viewer, int ip) {
    Owner o = byIp.get(ip);
    if (o == null) {
      return IpCacheEntry.WORLD;
    }
    boolean local = o.node.equals(viewer);
    if (o.nodeAddress) {
      return local
          ? new IpCacheEntry(ReservedIdentity.HOST, 0)
          : new IpCacheEntry(ReservedIdentity.REMOTE_NODE, tunnel(o.node));
    }
    return new IpCacheEntry(o.identity, local ? 0 : tunnel(o.node));
  }

  /** The node owning {@code ip} (endpoint or node address), or null. */
  public String ownerNode(int ip) {
    Owner o = byIp.get(ip);
    return o == null ? null : o.node;
  }

  private int tunnel(String node) {
    Integer ip = nodeIp.get(node);
    return ip == null ? 0 : ip;
  }

  /** The number of IPs known. */
  public int size() {
    return byIp.size();
  }
}
