package dev.egret.topology.node;

import dev.egret.datapath.egress.EgressPolicyMap4;
import dev.egret.datapath.maps.IntIntHashMap;
import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.node.FibResult;
import dev.egret.datapath.node.NodeContext;
import dev.egret.datapath.packet.Mac;
import dev.egret.sim.Rng;
import dev.egret.sim.Simulation;
import dev.egret.topology.controlplane.egressgateway.EgressControlPlane;
import dev.egret.topology.model.Interface;
import dev.egret.topology.model.Node;
import dev.egret.topology.model.NodeNetwork;
import dev.egret.topology.model.Route;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * What a simulated node's datapath asks of its environment ({@link NodeContext}), answered from the
 * cluster model without allocating: the simulation clock, the node's seeded {@code prandom} stream,
 * the egress map its agent currently programs, its local pods, the shared ipcache, and a FIB over
 * the node's main routing table and the underlay's neighbours.
 */
public final class SimNodeContext implements NodeContext {
  private static final int MAX_ENDPOINTS_INITIAL = 8;

  private final Simulation sim;
  private final LongSupplier clock;
  private final Rng prandom;
  private final EgressControlPlane controlPlane;
  private final ClusterIndex index;
  private final NeighborTable neighbors;
  private final String name;
  private final int viewer;

  private Node node;
  private final IntIntHashMap hostIps = new IntIntHashMap(16);
  private int encapIfindex;
  private int directRoutingIp;
  private int hostEndpointId = 1;

  // Interfaces by ifindex (dense; ifindex values are small).
  private long[] ifMac = new long[16];
  private int[] ifMasq = new int[16];
  private boolean[] ifNative = new boolean[16];
  private String[] ifName = new String[16];
  private int[] ifEndpoint = new int[16]; // endpoint handle + 1 of an lxc device; 0 = none

  // Main routing table, longest prefix first.
  private int[] rDst = new int[0];
  private int[] rMask = new int[0];
  private int[] rGw = new int[0];
  private int[] rIfindex = new int[0];
  private int[] rPrefSrc = new int[0];

  // Local endpoints.
  private final IntIntHashMap epByIp = new IntIntHashMap(16);
  private int[] epIp = new int[MAX_ENDPOINTS_INITIAL];
  private int[] epIdentity = new int[MAX_ENDPOINTS_INITIAL];
  private int[] epId = new int[MAX_ENDPOINTS_INITIAL];
  private int[] epIfindex = new int[MAX_ENDPOINTS_INITIAL];
  private long[] epMac = new long[MAX_ENDPOINTS_INITIAL];
  private int[] epFree = new int[MAX_ENDPOINTS_INITIAL];
  private int epFreeTop;
  private int epNext;

  public SimNodeContext(
      Simulation sim,
      Node node,
      EgressControlPlane controlPlane,
      ClusterIndex index,
      NeighborTable neighbors) {
    this(
        sim,
        null,
        sim.rng("node/" + node.name() + "/prandom"),
        node,
        controlPlane,
        index,
        neighbors);
  }

  /**
   * A context outside the simulation (the live lab): the clock is read from {@code clock}
   * (nanoseconds, e.g. monotonic wall time) and {@code prandom} is the node's random stream.
   */
  public SimNodeContext(
      LongSupplier clock,
      Rng prandom,
      Node node,
      EgressControlPlane controlPlane,
      ClusterIndex index,
      NeighborTable neighbors) {
    this(null, clock, prandom, node, controlPlane, index, neighbors);
  }

  private SimNodeContext(
      Simulation sim,
      LongSupplier clock,
      Rng prandom,
      Node node,
      EgressControlPlane controlPlane,
      ClusterIndex index,
      NeighborTable neighbors) {
    this.sim = sim;
    this.clock = clock;
    this.name = node.name();
    this.prandom = prandom;
    this.controlPlane = controlPlane;
    this.index = index;
    this.neighbors = neighbors;
    this.viewer = index.indexOf(node.name());
    update(node);
  }

  /** Re-reads the node's interfaces, addresses and routes (after a cluster change). */
  public void update(Node n) {
    this.node = n;
    hostIps.clear();
    int maxIf = 0;
    for (Interface i : n.interfaces()) {
      maxIf = Math.max(maxIf, i.ifindex());
    }
    ensureIf(maxIf);
    for (Interface i : n.interfaces()) {
      int x = i.ifindex();
      ifMac[x] = Mac.read(i.mac(), 0);
      ifName[x] = i.name();
      ifNative[x] = isNative(i.name());
      ifMasq[x] = i.hasIpv4() ? i.firstIpv4() : 0;
      for (Cidr4 a : i.addresses()) {
        hostIps.put(a.address(), x);
      }
      if (i.name().equals(NodeNetwork.CILIUM_VXLAN)) {
        encapIfindex = x;
      }
    }
    for (int ip : n.nodeIps()) {
      if (hostIps.get(ip) == IntIntHashMap.MISSING) {
        hostIps.put(ip, 0);
      }
    }
    directRoutingIp = n.internalIp();
    List<Route> routes = new ArrayList<>(n.routes());
    routes.sort(
        (a, b) ->
            Integer.compare(b.destination().prefixLength(), a.destination().prefixLength()) != 0
                ? Integer.compare(b.destination().prefixLength(), a.destination().prefixLength())
                : Integer.compare(a.metric(), b.metric()));
    int k = routes.size();
    rDst = new int[k];
    rMask = new int[k];
    rGw = new int[k];
    rIfindex = new int[k];
    rPrefSrc = new int[k];
    for (int j = 0; j < k; j++) {
      Route r = routes.get(j);
      rDst[j] = r.destination().network();
      rMask[j] = r.destination().mask();
      rGw[j] = r.gateway();
      Interface dev = n.iface(r.device());
      rIfindex[j] = dev == null ? 0 : dev.ifindex();
      rPrefSrc[j] =
          preferredSource(dev, r.gateway() != 0 ? r.gateway() : r.destination().network());
    }
  }

  /** The address the kernel would pick as source towards {@code nextHop} on {@code dev}. */
  private static int preferredSource(Interface dev, int nextHop) {
    if (dev == null || !dev.hasIpv4()) {
      return 0;
    }
    for (Cidr4 a : dev.addresses()) {
      if (a.prefixLength() < 32 && a.contains(nextHop)) {
        return a.address();
      }
    }
    return dev.firstIpv4();
  }

  private static boolean isNative(String ifname) {
    return !ifname.equals(NodeNetwork.LOOPBACK)
        && !ifname.startsWith("cilium_")
        && !ifname.startsWith("lxc");
  }

  public Node node() {
    return node;
  }

  public String name() {
    return name;
  }

  /** This node's index in the shared {@link ClusterIndex}. */
  public int viewer() {
    return viewer;
  }

  // ------------------------------------------------------------------ endpoints

  /**
   * Registers a local pod endpoint; returns its handle.
   *
   * @param endpointId the Cilium endpoint ID ({@code LXC_ID})
   * @param lxcName the host-side device name, e.g. {@code lxc1a2b3c4d5e6f}
   */
  public int addEndpoint(
      int ip, int identity, int endpointId, int ifindex, long podMac, String lxcName) {
    int ep = epFreeTop > 0 ? epFree[--epFreeTop] : epNext++;
    if (ep >= epIp.length) {
      int c = epIp.length * 2;
      epIp = Arrays.copyOf(epIp, c);
      epIdentity = Arrays.copyOf(epIdentity, c);
      epId = Arrays.copyOf(epId, c);
      epIfindex = Arrays.copyOf(epIfindex, c);
      epMac = Arrays.copyOf(epMac, c);
    }
    epIp[ep] = ip;
    epIdentity[ep] = identity;
    epId[ep] = endpointId;
    epIfindex[ep] = ifindex;
    epMac[ep] = podMac;
    epByIp.put(ip, ep);
    ensureIf(ifindex);
    ifMac[ifindex] = lxcMac(ifindex);
    ifName[ifindex] = lxcName;
    ifEndpoint[ifindex] = ep + 1;
    return ep;
  }

  /** Updates an endpoint's identity (a relabelled pod). */
  public void setEndpointIdentity(int ep, int identity) {
    epIdentity[ep] = identity;
  }

  /** Removes a local endpoint by IP; false when absent. */
  public boolean removeEndpoint(int ip) {
    int ep = epByIp.remove(ip);
    if (ep == IntIntHashMap.MISSING) {
      return false;
    }
    if (ifEndpoint[epIfindex[ep]] == ep + 1) {
      ifEndpoint[epIfindex[ep]] = 0;
    }
    if (epFreeTop == epFree.length) {
      epFree = Arrays.copyOf(epFree, epFreeTop * 2);
    }
    epFree[epFreeTop++] = ep;
    return true;
  }

  private void ensureIf(int ifindex) {
    if (ifindex >= ifMac.length) {
      int c = Math.max(ifindex + 1, ifMac.length * 2);
      ifMac = Arrays.copyOf(ifMac, c);
      ifMasq = Arrays.copyOf(ifMasq, c);
      ifNative = Arrays.copyOf(ifNative, c);
      ifName = Arrays.copyOf(ifName, c);
      ifEndpoint = Arrays.copyOf(ifEndpoint, c);
    }
  }

  /** The host-side MAC of an lxc device: locally administered, derived from the node and index. */
  long lxcMac(int ifindex) {
    return Mac.read(NodeNetwork.mac(name, ifindex), 0);
  }

  /** The name of interface {@code ifindex} ({@code eth0}, {@code cilium_vxlan}, {@code lxc…}). */
  public String ifname(int ifindex) {
    return ifindex > 0 && ifindex < ifName.length && ifName[ifindex] != null ? ifName[ifindex] : "";
  }

  /** The MAC of interface {@code ifindex}. */
  public long ifmac(int ifindex) {
    return ifindex >= 0 && ifindex < ifMac.length ? ifMac[ifindex] : 0;
  }

  /** Whether {@code ifindex} is a native (underlay) device such as eth0. */
  public boolean isNativeDevice(int ifindex) {
    return ifindex > 0 && ifindex < ifNative.length && ifNative[ifindex];
  }

  /** The endpoint handle whose lxc device is {@code ifindex}, or {@link #NO_ENDPOINT}. */
  public int endpointByIfindex(int ifindex) {
    // per frame redirected to a pod: an array lookup (lxc ifindexes are never reused on a node)
    int h = ifindex >= 0 && ifindex < ifEndpoint.length ? ifEndpoint[ifindex] : 0;
    return h == 0 ? NO_ENDPOINT : h - 1;
  }

  // ------------------------------------------------------------------ routing

  /**
   * The kernel's route lookup: fills {@code out} with the egress device, its MAC and the next hop's
   * MAC; returns the route's preferred source address, or 0 with {@code out.ifindex = 0} when no
   * route matches.
   */
  public int route(int dst, FibResult out) {
    for (int j = 0; j < rDst.length; j++) {
      if ((dst & rMask[j]) == rDst[j]) {
        int dev = rIfindex[j];
        out.ifindex = dev;
        out.smac = ifmac(dev);
        int nh = rGw[j] != 0 ? rGw[j] : dst;
        out.dmac = neighbors.macOf(nh);
        return rPrefSrc[j];
      }
    }
    out.ifindex = 0;
    out.smac = 0;
    out.dmac = 0;
    return 0;
  }

  // ------------------------------------------------------------------ NodeContext

  @Override
  public long nowNanos() {
    return sim != null ? sim.now() : clock.getAsLong();
  }

  @Override
  public int prandomU32() {
    return prandom.nextInt();
  }

  @Override
  public EgressPolicyMap4 egressPolicyMap() {
    long v = controlPlane.mapAssignmentVersion();
    if (egressMap == null || v != egressMapVersion) {
      egressMap = controlPlane.mapFor(name);
      egressMapVersion = v;
    }
    return egressMap;
  }

  // mapFor(name) is a TreeMap lookup by node name: cached per assignment version (per packet).
  private EgressPolicyMap4 egressMap;
  private long egressMapVersion;

  @Override
  public boolean isLocalHostIp(int ip) {
    return hostIps.get(ip) != IntIntHashMap.MISSING;
  }

  @Override
  public int lookupEndpoint(int ip) {
    int ep = epByIp.get(ip);
    return ep == IntIntHashMap.MISSING ? NO_ENDPOINT : ep;
  }

  @Override
  public int endpointIdentity(int ep) {
    return epIdentity[ep];
  }

  @Override
  public int endpointId(int ep) {
    return epId[ep];
  }

  @Override
  public int endpointIfindex(int ep) {
    return epIfindex[ep];
  }

  @Override
  public int endpointIp(int ep) {
    return epIp[ep];
  }

  @Override
  public long endpointMac(int ep) {
    return epMac[ep];
  }

  @Override
  public long endpointNodeMac(int ep) {
    return ifmac(epIfindex[ep]);
  }

  @Override
  public long ipcacheLookup(int ip) {
    return index.lookup(viewer, ip);
  }

  @Override
  public int fibLookup(int src, int dst, FibResult out) {
    route(dst, out);
    if (out.ifindex == 0) {
      return FibResult.NOT_FWDED;
    }
    return out.dmac == 0 ? FibResult.NO_NEIGH : FibResult.SUCCESS;
  }

  @Override
  public int encapIfindex() {
    return encapIfindex;
  }

  @Override
  public int masqueradeIp(int ifindex) {
    return ifindex >= 0 && ifindex < ifMasq.length && ifNative[ifindex] ? ifMasq[ifindex] : 0;
  }

  @Override
  public int directRoutingIp() {
    return directRoutingIp;
  }

  @Override
  public int hostEndpointId() {
    return hostEndpointId;
  }
}
