package dev.egret.topology.fabric;

import dev.egret.datapath.maps.IntIntHashMap;
import dev.egret.datapath.maps.IntLongHashMap;
import dev.egret.datapath.net.Ip4;
import dev.egret.datapath.packet.Eth;
import dev.egret.datapath.packet.Ipv4;
import dev.egret.datapath.packet.Mac;
import dev.egret.datapath.packet.Skb;
import dev.egret.sim.Event;
import dev.egret.sim.Simulation;
import dev.egret.topology.model.Interface;
import dev.egret.topology.node.NeighborTable;
import dev.egret.topology.node.SimNode;
import dev.egret.topology.underlay.Hop;
import dev.egret.topology.underlay.Underlay;
import dev.egret.topology.underlay.Vertex;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves frames between the hosts of the underlay: node devices, external hosts and the router.
 *
 * <p>A frame put on the wire goes to the owner of its destination MAC (the sender resolved it, as
 * ARP would have): it travels the underlay graph's path from the sender's vertex to the owner's,
 * taking each link's latency plus its serialisation delay for the frame's size, and arrives as an
 * event. The router forwards by destination IP to the node interface or external that holds it (TTL
 * − 1, new MACs). Frames larger than a link's MTU, or with no path (a link down, a partition, a
 * deleted host) are lost and reported. Path costs are cached per vertex pair and recomputed after
 * any topology change; the steady path allocates nothing (frames and delivery events are pooled).
 */
public final class Fabric implements NeighborTable {
  private static final int KIND_NODE = 0;
  private static final int KIND_EXTERNAL = 1;
  private static final int KIND_ROUTER = 2;

  private final Simulation sim;
  private final Underlay underlay;
  private final SkbPool pool;
  private final FabricObserver observer;
  private final long routerMac;
  private final int routerIp;

  private final Map<String, SimNode> nodes = new LinkedHashMap<>();
  private final Map<String, Ext> externals = new LinkedHashMap<>();

  private record Ext(String name, int ip, long mac, ExternalPort port) {}

  // Attachments (one per node native device, per external, and the router), rebuilt on change.
  private final List<Integer> attKind = new ArrayList<>();
  private int[] kind = new int[0];
  private SimNode[] attNode = new SimNode[0];
  private int[] attIf = new int[0];
  private ExternalPort[] attExt = new ExternalPort[0];
  private int[] attVertex = new int[0];
  private String[] attName = new String[0];
  private final LongIntHashMap attByMac = new LongIntHashMap(64);
  private final IntIntHashMap attByIp = new IntIntHashMap(64);
  private final IntLongHashMap macByIp = new IntLongHashMap(64);
  private int routerAtt;
  private final List<Vertex> vertices = new ArrayList<>();
  private final Map<String, Integer> vertexIndex = new HashMap<>();

  // Path cache: (from vertex, to vertex) → index into the path arrays.
  private final LongIntHashMap pathIndex = new LongIntHashMap(256);
  private long[] pathLatency = new long[64];
  private double[] pathNsPerByte = new double[64];
  private int[] pathMtu = new int[64];
  private boolean[] pathOk = new boolean[64];
  private String[] pathWhy = new String[64];
  private int paths;

  private final ArrayDeque<Delivery> freeDeliveries = new ArrayDeque<>();
  private long hops;
  private boolean dirty = true;

  public Fabric(Simulation sim, Underlay underlay, SkbPool pool, FabricObserver observer) {
    this.sim = sim;
    this.underlay = underlay;
    this.pool = pool;
    this.observer = observer;
    this.routerIp = underlay.config().router();
    this.routerMac = Mac.read(dev.egret.topology.model.NodeNetwork.mac("router", 1), 0);
  }

  public Underlay underlay() {
    return underlay;
  }

  public SkbPool pool() {
    return pool;
  }

  /** The router's MAC: the default gateway's neighbour entry. */
  public long routerMac() {
    return routerMac;
  }

  /** Frames put on links so far (packet-hops). */
  public long hops() {
    return hops;
  }

  // ------------------------------------------------------------------ topology

  /** Adds (or refreshes, after an address change) a node. */
  public void attachNode(SimNode n) {
    nodes.put(n.name(), n);
    if (underlay.vertex(n.name()) == null) {
      underlay.addNode(n.name(), n.node().internalIp());
    }
    dirty = true;
  }

  /** Removes a node from the underlay (a deleted Node object's machine leaves the network). */
  public void detachNode(String name) {
    if (nodes.remove(name) != null) {
      underlay.remove(name);
      dirty = true;
    }
  }

  /** Adds an external host; {@code port} receives what is addressed to it. */
  public long attachExternal(String name, int ip, ExternalPort port) {
    long mac = Mac.read(dev.egret.topology.model.NodeNetwork.mac("external/" + name, 1), 0);
    externals.put(name, new Ext(name, ip, mac, port));
    if (underlay.vertex(name) == null) {
      underlay.addExternal(name, ip);
    }
    dirty = true;
    return mac;
  }

  /** {@code linkDown {node}} / {@code linkUp {node}}. */
  public void setLinkUp(String vertex, boolean up) {
    underlay.setLinkUp(vertex, up);
    invalidatePaths();
  }

  /** {@code linkDown {between: [a, b]}} / {@code linkUp}. */
  public void setLinkUp(String a, String b, boolean up) {
    underlay.setLinkUp(a, b, up);
    invalidatePaths();
  }

  /** Re-reads every node's devices and addresses (after a cluster change), lazily. */
  public void rebuild() {
    dirty = true;
  }

  private void ensureBuilt() {
    if (dirty) {
      dirty = false;
      doRebuild();
    }
  }

  private void doRebuild() {
    attByMac.clear();
    attByIp.clear();
    macByIp.clear();
    List<Integer> k = new ArrayList<>();
    List<SimNode> an = new ArrayList<>();
    List<Integer> ai = new ArrayList<>();
    List<ExternalPort> ae = new ArrayList<>();
    List<Integer> av = new ArrayList<>();
    List<String> names = new ArrayList<>();
    // the router
    k.add(KIND_ROUTER);
    an.add(null);
    ai.add(0);
    ae.add(null);
    av.add(vertex(underlay.vertex(Underlay.ROUTER)));
    names.add(Underlay.ROUTER);
    routerAtt = 0;
    attByMac.put(routerMac, 0);
    macByIp.put(routerIp, routerMac);
    for (SimNode n : nodes.values()) {
      Vertex v = underlay.vertex(n.name());
      if (v == null) {
        continue;
      }
      for (Interface i : n.node().interfaces()) {
        if (!n.context().isNativeDevice(i.ifindex())) {
          continue;
        }
        int att = k.size();
        long mac = Mac.read(i.mac(), 0);
        k.add(KIND_NODE);
        an.add(n);
        ai.add(i.ifindex());
        ae.add(null);
        av.add(vertex(v));
        names.add(n.name() + "/" + i.name());
        attByMac.put(mac, att);
        for (var a : i.addresses()) {
          macByIp.put(a.address(), mac);
          attByIp.put(a.address(), att);
        }
      }
    }
    for (Ext e : externals.values()) {
      Vertex v = underlay.vertex(e.name());
      if (v == null) {
        continue;
      }
      int att = k.size();
      k.add(KIND_EXTERNAL);
      an.add(null);
      ai.add(0);
      ae.add(e.port());
      av.add(vertex(v));
      names.add(e.name());
      attByMac.put(e.mac(), att);
      macByIp.put(e.ip(), e.mac());
      attByIp.put(e.ip(), att);
    }
    int size = k.size();
    kind = new int[size];
    attNode = new SimNode[size];
    attIf = new int[size];
    attExt = new ExternalPort[size];
    attVertex = new int[size];
    attName = new String[size];
    for (int i = 0; i < size; i++) {
      kind[i] = k.get(i);
      attNode[i] = an.get(i);
      attIf[i] = ai.get(i);
      attExt[i] = ae.get(i);
      attVertex[i] = av.get(i);
      attName[i] = names.get(i);
    }
    invalidatePaths();
  }

  private int vertex(Vertex v) {
    Integer i = vertexIndex.get(v.name());
    if (i == null || !vertices.get(i).equals(v)) {
      i = vertices.size();
      vertices.add(v);
      vertexIndex.put(v.name(), i);
    }
    return i;
  }

  private void invalidatePaths() {
    pathIndex.clear();
    paths = 0;
  }

  // ------------------------------------------------------------------ neighbours

  @Override
  public long macOf(int ip) {
    ensureBuilt();
    long m = macByIp.get(ip);
    return m == IntLongHashMap.MISSING ? 0 : m;
  }

  /**
   * The MAC an external host sends a frame for {@code dst} to: the destination itself when both are
   * on the underlay segment, the router otherwise.
   */
  public long nextHopMacForExternal(int extIp, int dst) {
    if (underlay.config().cidr().contains(extIp) && underlay.config().cidr().contains(dst)) {
      long m = macOf(dst);
      if (m != 0) {
        return m;
      }
    }
    return routerMac;
  }

  // ------------------------------------------------------------------ transmission

  /** A frame leaves node {@code n} on native device {@code ifindex}. */
  public void transmitFromNode(SimNode n, int ifindex, Skb skb) {
    ensureBuilt();
    int from = attByMac.get(n.context().ifmac(ifindex));
    if (from < 0 || attNode[from] != n) {
      lost(n.name(), skb, "device " + ifindex + " of node " + n.name() + " is not on the underlay");
      return;
    }
    send(from, skb);
  }

  /**
   * A frame leaves external host {@code name}; its destination MAC is set here to the next hop
   * ({@link #nextHopMacForExternal}).
   */
  public void transmitFromExternal(String name, Skb skb) {
    ensureBuilt();
    Ext e = externals.get(name);
    int from = e == null ? -1 : attByIp.get(e.ip());
    if (from < 0 || from == IntIntHashMap.MISSING) {
      lost(name, skb, "external " + name + " is not on the underlay");
      return;
    }
    if (skb.len() >= Eth.HLEN + Ipv4.MIN_HLEN) {
      int dst = Ipv4.daddr(skb.data(), skb.off() + Eth.HLEN);
      Mac.write(skb.data(), skb.off() + Eth.DST, nextHopMacForExternal(e.ip(), dst));
      Mac.write(skb.data(), skb.off() + Eth.SRC, e.mac());
    }
    send(from, skb);
  }

  private void send(int from, Skb skb) {
    long dmac = Mac.read(skb.data(), skb.off() + Eth.DST);
    int to = attByMac.get(dmac);
    if (to < 0) {
      lost(attName[from], skb, "no host has MAC " + Mac.format(dmac));
      return;
    }
    int p = path(attVertex[from], attVertex[to]);
    if (!pathOk[p]) {
      lost(attName[from], skb, pathWhy[p]);
      return;
    }
    String cut = endToEndCut(skb);
    if (cut != null) {
      lost(attName[from], skb, cut);
      return;
    }
    int ipBytes = skb.len() - Eth.HLEN;
    if (ipBytes > pathMtu[p]) {
      lost(
          attName[from],
          skb,
          "packet of "
              + ipBytes
              + " bytes exceeds the MTU "
              + pathMtu[p]
              + " toward "
              + attName[to]);
      return;
    }
    long delay = pathLatency[p] + (long) Math.ceil(skb.len() * pathNsPerByte[p]);
    hops++;
    observer.hop(skb, attName[from], attName[to], delay);
    Delivery d = freeDeliveries.pollFirst();
    if (d == null) {
      d = new Delivery();
    }
    d.toMac = dmac;
    d.skb = skb;
    sim.scheduleAfter(delay, d);
  }

  /** A frame in flight; the receiver is found by MAC on arrival, so topology changes are safe. */
  private final class Delivery implements Event {
    long toMac;
    Skb skb;

    @Override
    public void run(Simulation s) {
      long mac = toMac;
      Skb f = skb;
      skb = null;
      freeDeliveries.addFirst(this);
      ensureBuilt();
      int att = attByMac.get(mac);
      if (att < 0) {
        lost("underlay", f, "the host with MAC " + Mac.format(mac) + " left the network");
        return;
      }
      arrive(att, f);
    }
  }

  private void arrive(int att, Skb skb) {
    switch (kind[att]) {
      case KIND_NODE -> attNode[att].receive(attIf[att], skb);
      case KIND_EXTERNAL -> attExt[att].receive(skb);
      default -> route(skb);
    }
  }

  /** The router forwards by destination IP (TTL − 1, new MACs). */
  private void route(Skb skb) {
    byte[] b = skb.data();
    int l3 = skb.off() + Eth.HLEN;
    if (skb.len() < Eth.HLEN + Ipv4.MIN_HLEN || Eth.proto(b, skb.off()) != Eth.ETH_P_IP) {
      lost(Underlay.ROUTER, skb, "non-IPv4 frame at the router");
      return;
    }
    learn(skb);
    int dst = Ipv4.daddr(b, l3);
    int to = attByIp.get(dst);
    if (to == IntIntHashMap.MISSING || to == routerAtt) {
      lost(Underlay.ROUTER, skb, "the router has no route to " + Ip4.format(dst));
      return;
    }
    if (!Ipv4.decTtl(b, l3)) {
      lost(Underlay.ROUTER, skb, "TTL exceeded at the router");
      return;
    }
    long mac = macOf(dst);
    Mac.write(b, skb.off() + Eth.SRC, routerMac);
    Mac.write(b, skb.off() + Eth.DST, mac);
    send(routerAtt, skb);
  }

  /**
   * The router's neighbour entry for a node address follows the node that last sent from it, as a
   * Linux router updates an existing ARP entry from the requests it receives ({@code arp_process}):
   * an address configured on several nodes (a "floating" egress IP, seed 003's HA setup) answers at
   * whichever node used it last.
   */
  private void learn(Skb skb) {
    byte[] b = skb.data();
    int src = Ipv4.saddr(b, skb.off() + Eth.HLEN);
    long smac = Mac.read(b, skb.off() + Eth.SRC);
    int sender = attByMac.get(smac);
    if (sender < 0 || kind[sender] != KIND_NODE) {
      return;
    }
    int known = attByIp.get(src);
    if (known != IntIntHashMap.MISSING
        && known != sender
        && kind[known] == KIND_NODE
        && holds(sender, src)) {
      attByIp.put(src, sender);
      macByIp.put(src, smac);
    }
  }

  /** Whether the sender's node holds {@code ip} on any device (Linux's weak host model). */
  private boolean holds(int att, int ip) {
    return attNode[att].node().ifaceHolding(ip) != null;
  }

  private void lost(String where, Skb skb, String why) {
    observer.lost(where, skb, why);
    pool.release(skb);
  }

  /**
   * A partition between two hosts ({@code linkDown {between: [a, b]}}) cuts their traffic even when
   * it crosses the router: the packet's IP source and destination owners must still have a path.
   * Null when they do (or are unknown).
   */
  private String endToEndCut(Skb skb) {
    byte[] b = skb.data();
    int l3 = skb.off() + Eth.HLEN;
    if (skb.len() < Eth.HLEN + Ipv4.MIN_HLEN || Eth.proto(b, skb.off()) != Eth.ETH_P_IP) {
      return null;
    }
    int s = attByIp.get(Ipv4.saddr(b, l3));
    int d = attByIp.get(Ipv4.daddr(b, l3));
    if (s == IntIntHashMap.MISSING || d == IntIntHashMap.MISSING || attVertex[s] == attVertex[d]) {
      return null;
    }
    int p = path(attVertex[s], attVertex[d]);
    return pathOk[p] ? null : pathWhy[p];
  }

  /** The cached cost of the path between two vertices. */
  private int path(int from, int to) {
    long key = ((long) from << 32) | (to & 0xffffffffL);
    int p = pathIndex.get(key);
    if (p >= 0) {
      return p;
    }
    p = paths++;
    if (p == pathLatency.length) {
      int c = p * 2;
      pathLatency = java.util.Arrays.copyOf(pathLatency, c);
      pathNsPerByte = java.util.Arrays.copyOf(pathNsPerByte, c);
      pathMtu = java.util.Arrays.copyOf(pathMtu, c);
      pathOk = java.util.Arrays.copyOf(pathOk, c);
      pathWhy = java.util.Arrays.copyOf(pathWhy, c);
    }
    Vertex a = vertices.get(from);
    Vertex b = vertices.get(to);
    List<Hop> hopsList = underlay.route(a, b);
    if (hopsList == null) {
      pathOk[p] = false;
      pathWhy[p] = "no path from " + a.name() + " to " + b.name() + " (a link is down or cut)";
    } else {
      long lat = 0;
      double nsPerByte = 0;
      int mtu = Integer.MAX_VALUE;
      for (Hop h : hopsList) {
        lat += h.link().latencyNanos();
        nsPerByte += 8e9 / h.link().bandwidthBitsPerSecond();
        mtu = Math.min(mtu, h.link().mtu());
      }
      pathOk[p] = true;
      pathLatency[p] = lat;
      pathNsPerByte[p] = nsPerByte;
      pathMtu[p] = mtu;
      pathWhy[p] = null;
    }
    pathIndex.put(key, p);
    return p;
  }
}
