package dev.egret.topology.ipam;

import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.net.Ip4;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Pod CIDRs per node and pod IPs per pod CIDR (cluster-pool IPAM, simplified).
 *
 * <p>Pod CIDRs: a node without an explicit {@code podCIDR} gets the next free /24 of {@value
 * #DEFAULT_CLUSTER_POOL} in the order nodes are added (node added first → 10.0.0.0/24, skipping
 * CIDRs already taken explicitly). Pod IPs: the lowest free address of the node's pod CIDR,
 * starting at the third address: the network address is reserved and the second (x.x.x.1) is {@code
 * cilium_host}'s router IP; the broadcast address is reserved too. Cilium's allocator may pick
 * differently; egret fixes this rule so runs are reproducible. Explicit IPs are honoured (a warning
 * is the caller's job when they fall outside the pod CIDR). O(pod CIDR size / 64) per allocation.
 */
public final class Ipam {
  /** The default cluster pool. */
  public static final String DEFAULT_CLUSTER_POOL = "10.0.0.0/16";

  /** The default per-node mask size ({@code clusterPoolIPv4MaskSize}). */
  public static final int DEFAULT_NODE_MASK = 24;

  /** Offset of the first pod address in a pod CIDR (after network and router addresses). */
  public static final int FIRST_POD_OFFSET = 2;

  private final Cidr4 pool;
  private final int nodeMask;
  private final Map<String, Cidr4> cidrOfNode = new HashMap<>();
  private final Set<Integer> takenCidrs = new HashSet<>();
  // network → used offsets, keyed by the bit-reversed network: pod CIDRs differ only in their
  // middle bits, which Integer's hash leaves in the high half, so plain keys pile into a few
  // buckets (treeified bins at 5,000 nodes)
  private final Map<Integer, BitSet> used = new HashMap<>();
  private final Map<Integer, String> ownerOfIp = new HashMap<>();

  public Ipam() {
    this(Cidr4.parse(DEFAULT_CLUSTER_POOL), DEFAULT_NODE_MASK);
  }

  public Ipam(Cidr4 pool, int nodeMask) {
    this.pool = pool.masked();
    this.nodeMask = nodeMask;
  }

  /** Records an explicit pod CIDR for a node. */
  public void assignPodCidr(String node, Cidr4 cidr) {
    release(node);
    cidrOfNode.put(node, cidr);
    takenCidrs.add(cidr.network());
  }

  /** The next free pod CIDR of the pool for a node; null when the pool is exhausted. */
  public Cidr4 allocatePodCidr(String node) {
    Cidr4 have = cidrOfNode.get(node);
    if (have != null) {
      return have;
    }
    long count = 1L << (nodeMask - pool.prefixLength());
    for (long i = 0; i < count; i++) {
      int net = pool.network() + (int) (i << (32 - nodeMask));
      if (!takenCidrs.contains(net)) {
        Cidr4 c = new Cidr4(net, nodeMask);
        assignPodCidr(node, c);
        return c;
      }
    }
    return null;
  }

  /** Frees a node's pod CIDR (node deleted). */
  public void release(String node) {
    Cidr4 c = cidrOfNode.remove(node);
    if (c != null) {
      takenCidrs.remove(c.network());
    }
  }

  /** The pod CIDR of a node, or null. */
  public Cidr4 podCidr(String node) {
    return cidrOfNode.get(node);
  }

  /**
   * Allocates the lowest free pod address of {@code cidr}; 0 when it is full.
   *
   * @param owner who gets it (namespace/name), for {@link #owner(int)}
   */
  public int allocateIp(Cidr4 cidr, String owner) {
    BitSet b = used.computeIfAbsent(Integer.reverse(cidr.network()), k -> new BitSet());
    long size = cidr.size();
    int off = b.nextClearBit(FIRST_POD_OFFSET);
    if (size < 4 || off >= size - 1) {
      return 0;
    }
    b.set(off);
    int ip = cidr.network() + off;
    ownerOfIp.put(ip, owner);
    return ip;
  }

  /**
   * Takes an explicit address; false if another pod holds it already. Addresses outside {@code
   * cidr} are recorded without touching the pool.
   */
  public boolean claimIp(Cidr4 cidr, int ip, String owner) {
    String o = ownerOfIp.get(ip);
    if (o != null && !o.equals(owner)) {
      return false;
    }
    ownerOfIp.put(ip, owner);
    if (cidr != null && cidr.contains(ip)) {
      used.computeIfAbsent(Integer.reverse(cidr.network()), k -> new BitSet())
          .set(ip - cidr.network());
    }
    return true;
  }

  /** Frees a pod address taken from {@code cidr} (null when it was outside every pod CIDR). */
  public void releaseIp(Cidr4 cidr, int ip) {
    if (ownerOfIp.remove(ip) == null) {
      return;
    }
    if (cidr != null && cidr.contains(ip)) {
      BitSet b = used.get(Integer.reverse(cidr.network()));
      if (b != null) {
        b.clear(ip - cidr.network());
      }
    }
  }

  /** Who holds {@code ip} (namespace/name), or null. */
  public String owner(int ip) {
    return ownerOfIp.get(ip);
  }

  @Override
  public String toString() {
    return "Ipam("
        + pool
        + "/"
        + nodeMask
        + ", "
        + ownerOfIp.size()
        + " IPs, first "
        + Ip4.format(pool.network())
        + ")";
  }
}
