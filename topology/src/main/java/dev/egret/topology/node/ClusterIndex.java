package dev.egret.topology.node;

import dev.egret.datapath.identity.Identities;
import dev.egret.datapath.maps.IntLongHashMap;
import dev.egret.datapath.maps.RemoteEndpointInfo;
import dev.egret.topology.cluster.Cluster;
import dev.egret.topology.cluster.ClusterEvent;
import dev.egret.topology.cluster.ClusterListener;
import dev.egret.topology.model.Node;
import dev.egret.topology.model.NodeAddress;
import dev.egret.topology.model.NodeNetwork;
import dev.egret.topology.model.Pod;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The cluster's ipcache in primitive form, shared by every simulated node: IP → (owning node,
 * identity, whether it is a node address). Each node's view ({@link #lookup(int, int)}) is derived
 * arithmetically, as {@code dev.egret.topology.identity.IpCache} derives it, but without allocation
 * or boxing, because the datapath asks on every packet. Kept current from cluster events.
 */
public final class ClusterIndex implements ClusterListener {
  private static final long NODE_ADDRESS = 1L << 31;

  private final Map<String, Integer> nodeIndex = new HashMap<>();
  private String[] names = new String[16];
  private int[] tunnelIp = new int[16];
  private final IntLongHashMap byIp = new IntLongHashMap(1024);

  /** Builds the index from the cluster's current state and subscribes to its events. */
  public ClusterIndex(Cluster cluster) {
    for (Node n : cluster.nodes()) {
      upsertNode(null, n);
    }
    for (Pod p : cluster.pods()) {
      upsertPod(null, p);
    }
    cluster.addListener(this);
  }

  /** A stable small index for a node name (assigned on first use). */
  public int indexOf(String node) {
    Integer i = nodeIndex.get(node);
    if (i != null) {
      return i;
    }
    int n = nodeIndex.size();
    nodeIndex.put(node, n);
    if (n == names.length) {
      names = Arrays.copyOf(names, n * 2);
      tunnelIp = Arrays.copyOf(tunnelIp, n * 2);
    }
    names[n] = node;
    return n;
  }

  /** The node name of an index. */
  public String name(int index) {
    return names[index];
  }

  /**
   * What node {@code viewer}'s ipcache holds for {@code ip}, packed as {@link RemoteEndpointInfo}:
   * a pod → its identity and its node's IP as tunnel endpoint (0 when local); a node address → host
   * (1) locally, remote-node (6) with that node's IP elsewhere; {@link RemoteEndpointInfo#MISS}
   * otherwise (the datapath then uses world). O(1), allocation-free.
   */
  public long lookup(int viewer, int ip) {
    long v = byIp.get(ip);
    if (v == IntLongHashMap.MISSING) {
      return RemoteEndpointInfo.MISS;
    }
    int owner = (int) (v >>> 32);
    boolean local = owner == viewer;
    if ((v & NODE_ADDRESS) != 0) {
      return local
          ? RemoteEndpointInfo.pack(Identities.HOST_ID, 0)
          : RemoteEndpointInfo.pack(Identities.REMOTE_NODE_ID, tunnelIp[owner]);
    }
    int identity = (int) (v & 0x7fffffffL);
    return RemoteEndpointInfo.pack(identity, local ? 0 : tunnelIp[owner]);
  }

  /** The index of the node owning {@code ip} (pod or node address), or -1. */
  public int owner(int ip) {
    long v = byIp.get(ip);
    return v == IntLongHashMap.MISSING ? -1 : (int) (v >>> 32);
  }

  @Override
  public void onEvent(ClusterEvent e) {
    if (e instanceof ClusterEvent.NodeUpserted u) {
      upsertNode(u.old(), u.now());
    } else if (e instanceof ClusterEvent.InterfaceAddressChanged c) {
      upsertNode(c.old(), c.now());
    } else if (e instanceof ClusterEvent.NodeDeleted d) {
      removeNode(d.old());
    } else if (e instanceof ClusterEvent.PodUpserted p) {
      upsertPod(p.old(), p.now());
    } else if (e instanceof ClusterEvent.PodDeleted d) {
      removePod(d.old());
    }
  }

  private void upsertNode(Node old, Node now) {
    if (old != null) {
      removeNode(old);
    }
    int idx = indexOf(now.name());
    tunnelIp[idx] = now.k8sNodeIp();
    long owner = (long) idx << 32;
    for (NodeAddress a : now.addresses()) {
      byIp.put(a.ip(), owner | NODE_ADDRESS);
    }
    if (now.podCidr() != null) {
      byIp.put(NodeNetwork.routerIp(now.podCidr()), owner | NODE_ADDRESS);
    }
  }

  private void removeNode(Node old) {
    int idx = indexOf(old.name());
    for (NodeAddress a : old.addresses()) {
      removeIfOwned(a.ip(), idx);
    }
    if (old.podCidr() != null) {
      removeIfOwned(NodeNetwork.routerIp(old.podCidr()), idx);
    }
    tunnelIp[idx] = 0;
  }

  private void upsertPod(Pod old, Pod now) {
    if (old != null && old.isRunning()) {
      removeIfOwned(old.ip(), indexOf(old.nodeName()));
    }
    if (now.isRunning() && now.ip() != 0) {
      byIp.put(now.ip(), ((long) indexOf(now.nodeName()) << 32) | (now.identity() & 0x7fffffffL));
    }
  }

  private void removePod(Pod old) {
    if (old.isRunning()) {
      removeIfOwned(old.ip(), indexOf(old.nodeName()));
    }
  }

  private void removeIfOwned(int ip, int idx) {
    long v = byIp.get(ip);
    if (v != IntLongHashMap.MISSING && (int) (v >>> 32) == idx) {
      byIp.remove(ip);
    }
  }
}
