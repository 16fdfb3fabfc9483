package dev.egret.datapath.node;

import dev.egret.datapath.egress.EgressPolicyMap4;
import dev.egret.datapath.maps.IntIntHashMap;
import dev.egret.datapath.maps.IpCache4;
import dev.egret.datapath.maps.LpmTrie;
import dev.egret.datapath.maps.MapFullException;
import dev.egret.datapath.net.Cidr4;
import dev.egret.sim.Rng;
import java.util.Arrays;
import java.util.function.IntSupplier;

/**
 * A table-driven {@link NodeContext}: a settable clock, a seeded {@code get_prandom_u32} stream
 * ({@link Rng}, or any supplier for tests that script the draws), the egress policy map, host
 * addresses, local endpoints, an {@link IpCache4}, and a FIB of prefix routes. Lookups are
 * allocation-free. Fine for tests, benchmarks and small simulations; a large simulation will rather
 * implement {@link NodeContext} over shared cluster-wide tables.
 */
public class BasicNodeContext implements NodeContext {
  private long nowNanos;
  private IntSupplier prandom;
  private EgressPolicyMap4 egressPolicyMap =
      new EgressPolicyMap4(EgressPolicyMap4.EGRESS_POLICY_MAP_SIZE);
  private final IntIntHashMap hostIps = new IntIntHashMap();
  private final IntIntHashMap epByIp = new IntIntHashMap();
  private int[] epIp = new int[4];
  private int[] epIdentity = new int[4];
  private int[] epId = new int[4];
  private int[] epIfindex = new int[4];
  private long[] epMac = new long[4];
  private long[] epNodeMac = new long[4];
  private int endpoints;
  private final IpCache4 ipcache = new IpCache4();
  private final LpmTrie routes = new LpmTrie("fib", 32, 1 << 20);
  private int[] routeIfindex = new int[4];
  private long[] routeSmac = new long[4];
  private long[] routeDmac = new long[4];
  private int[] routeResult = new int[4];
  private int routeCount;
  private final IntIntHashMap masqSlotByIfindex = new IntIntHashMap();
  private int[] masqIps = new int[4];
  private int encapIfindex;
  private int directRoutingIp;
  private int hostEndpointId;

  /** A context whose prandom stream is the child "prandom" of {@code Rng.root(seed)}. */
  public BasicNodeContext(long seed) {
    Rng rng = Rng.root(seed).stream("prandom");
    this.prandom = rng::nextInt;
  }

  @Override
  public long nowNanos() {
    return nowNanos;
  }

  public BasicNodeContext setNowNanos(long nanos) {
    this.nowNanos = nanos;
    return this;
  }

  public BasicNodeContext advanceNanos(long nanos) {
    this.nowNanos += nanos;
    return this;
  }

  @Override
  public int prandomU32() {
    return prandom.getAsInt();
  }

  /** Replaces the prandom source (tests script draws with it). */
  public BasicNodeContext setPrandom(IntSupplier source) {
    this.prandom = source;
    return this;
  }

  @Override
  public EgressPolicyMap4 egressPolicyMap() {
    return egressPolicyMap;
  }

  public BasicNodeContext setEgressPolicyMap(EgressPolicyMap4 map) {
    this.egressPolicyMap = map;
    return this;
  }

  @Override
  public boolean isLocalHostIp(int ip) {
    return hostIps.get(ip) != IntIntHashMap.MISSING;
  }

  public BasicNodeContext addHostIp(int ip) {
    hostIps.put(ip, 1);
    return this;
  }

  /**
   * Adds a local endpoint (a pod) and returns its handle.
   *
   * @param ip the pod IP
   * @param identity its security identity
   * @param endpointId its Cilium endpoint ID
   * @param lxcIfindex the host-side interface index
   * @param mac the pod's MAC
   * @param nodeMac the lxc device's MAC
   */
  public int addEndpoint(
      int ip, int identity, int endpointId, int lxcIfindex, long mac, long nodeMac) {
    int h = endpoints++;
    if (h == epIp.length) {
      int n = h * 2;
      epIp = Arrays.copyOf(epIp, n);
      epIdentity = Arrays.copyOf(epIdentity, n);
      epId = Arrays.copyOf(epId, n);
      epIfindex = Arrays.copyOf(epIfindex, n);
      epMac = Arrays.copyOf(epMac, n);
      epNodeMac = Arrays.copyOf(epNodeMac, n);
    }
    epIp[h] = ip;
    epIdentity[h] = identity;
    epId[h] = endpointId;
    epIfindex[h] = lxcIfindex;
    epMac[h] = mac;
    epNodeMac[h] = nodeMac;
    epByIp.put(ip, h);
    return h;
  }

  /** Removes the endpoint with this IP (its handle is not reused). */
  public boolean removeEndpoint(int ip) {
    return epByIp.remove(ip) != IntIntHashMap.MISSING;
  }

  @Override
  public int lookupEndpoint(int ip) {
    int h = epByIp.get(ip);
    return h == IntIntHashMap.MISSING ? NO_ENDPOINT : h;
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
    return epNodeMac[ep];
  }

  /** The ipcache this context answers from (fill it directly). */
  public IpCache4 ipcache() {
    return ipcache;
  }

  /** Convenience: upserts an ipcache entry, rethrowing a full map as unchecked. */
  public BasicNodeContext ipcache(Cidr4 prefix, int identity, int tunnelEndpoint) {
    try {
      ipcache.upsert(prefix, identity, tunnelEndpoint);
    } catch (MapFullException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    return this;
  }

  @Override
  public long ipcacheLookup(int ip) {
    return ipcache.lookup(ip);
  }

  /**
   * Adds a route: destinations in {@code dst} leave by {@code ifindex} with these MACs, and the
   * lookup answers {@code result} (a {@link FibResult} code; SUCCESS normally).
   */
  public BasicNodeContext addRoute(Cidr4 dst, int ifindex, long smac, long dmac, int result) {
    int r = routeCount++;
    if (r == routeIfindex.length) {
      int n = r * 2;
      routeIfindex = Arrays.copyOf(routeIfindex, n);
      routeSmac = Arrays.copyOf(routeSmac, n);
      routeDmac = Arrays.copyOf(routeDmac, n);
      routeResult = Arrays.copyOf(routeResult, n);
    }
    routeIfindex[r] = ifindex;
    routeSmac[r] = smac;
    routeDmac[r] = dmac;
    routeResult[r] = result;
    try {
      routes.update((long) dst.address() << 32, dst.prefixLength(), r);
    } catch (MapFullException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    return this;
  }

  /** Longest-prefix route for {@code dst}; no route answers UNREACHABLE. */
  @Override
  public int fibLookup(int src, int dst, FibResult out) {
    int id = routes.lookup((long) dst << 32);
    if (id < 0) {
      return FibResult.UNREACHABLE;
    }
    int r = (int) routes.value(id);
    out.ifindex = routeIfindex[r];
    out.smac = routeSmac[r];
    out.dmac = routeDmac[r];
    return routeResult[r];
  }

  @Override
  public int encapIfindex() {
    return encapIfindex;
  }

  public BasicNodeContext setEncapIfindex(int ifindex) {
    this.encapIfindex = ifindex;
    return this;
  }

  @Override
  public int masqueradeIp(int ifindex) {
    int slot = masqSlotByIfindex.get(ifindex);
    return slot == IntIntHashMap.MISSING ? 0 : masqIps[slot];
  }

  public BasicNodeContext setMasqueradeIp(int ifindex, int ip) {
    int slot = masqSlotByIfindex.get(ifindex);
    if (slot == IntIntHashMap.MISSING) {
      slot = masqSlotByIfindex.size();
      if (slot == masqIps.length) {
        masqIps = Arrays.copyOf(masqIps, slot * 2);
      }
      masqSlotByIfindex.put(ifindex, slot);
    }
    masqIps[slot] = ip;
    return this;
  }

  @Override
  public int directRoutingIp() {
    return directRoutingIp;
  }

  public BasicNodeContext setDirectRoutingIp(int ip) {
    this.directRoutingIp = ip;
    return this;
  }

  @Override
  public int hostEndpointId() {
    return hostEndpointId;
  }

  public BasicNodeContext setHostEndpointId(int id) {
    this.hostEndpointId = id;
    return this;
  }
}
