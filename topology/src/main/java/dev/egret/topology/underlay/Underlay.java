package dev.egret.topology.underlay;

import dev.egret.datapath.net.Ip4;
import dev.egret.topology.model.NodeNetwork;
import dev.egret.topology.underlay.Vertex.ExternalVertex;
import dev.egret.topology.underlay.Vertex.NodeVertex;
import dev.egret.topology.underlay.Vertex.RouterVertex;
import dev.egret.topology.underlay.Vertex.SegmentVertex;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jgrapht.Graph;
import org.jgrapht.GraphPath;
import org.jgrapht.alg.shortestpath.DijkstraShortestPath;
import org.jgrapht.graph.MaskSubgraph;
import org.jgrapht.graph.WeightedPseudograph;

/**
 * The underlay network as a JGraphT graph. Nodes, the router and externals inside the underlay CIDR
 * hang off one L2 segment vertex; externals outside it hang off the router (the "internet"). A
 * host's link to the segment carries half the configured one-way latency, so two hosts of the
 * segment are {@code latency} apart; every link has the underlay's bandwidth and MTU.
 *
 * <p>Routing is the shortest path by latency over links that are up, computed with Dijkstra and
 * cached per (source, destination) until a link or vertex changes; {@link #nextHop} is then O(path
 * length). {@code linkDown} works per node (its link to the segment) or per pair: when the two
 * vertices share no direct link, the pair is cut (no route between them either way), as a firewall
 * or partition between them would. Pods' MTU is the link MTU minus the 50 bytes of VXLAN ({@link
 * #podMtu()}). Not thread-safe.
 */
public final class Underlay {
  /** The segment vertex's name. */
  public static final String SEGMENT = "underlay";

  /** The router vertex's name. */
  public static final String ROUTER = "router";

  private final UnderlayConfig config;
  private final Graph<Vertex, Link> graph = new WeightedPseudograph<>(Link.class);
  private final SegmentVertex segment;
  private final RouterVertex router;
  private final Map<String, Vertex> byName = new HashMap<>();
  private final Map<Integer, Vertex> byIp = new HashMap<>();
  private final Set<Set<String>> cutPairs = new HashSet<>();
  private final Map<Vertex, Map<Vertex, List<Hop>>> routes = new HashMap<>();

  public Underlay(UnderlayConfig config) {
    this.config = config;
    this.segment = new SegmentVertex(SEGMENT, config.cidr());
    this.router = new RouterVertex(ROUTER, config.router());
    graph.addVertex(segment);
    byName.put(SEGMENT, segment);
    add(router);
    connect(router, segment);
  }

  /** An underlay holding every node of {@code cluster} at its Kubernetes node IP. */
  public static Underlay of(UnderlayConfig config, dev.egret.topology.cluster.Cluster cluster) {
    Underlay u = new Underlay(config);
    for (dev.egret.topology.model.Node n : cluster.nodes()) {
      if (n.k8sNodeIp() != 0) {
        u.addNode(n.name(), n.k8sNodeIp());
      }
    }
    return u;
  }

  public UnderlayConfig config() {
    return config;
  }

  /** The MTU inside pods: the link MTU minus the VXLAN overhead. */
  public int podMtu() {
    return config.mtu() - NodeNetwork.TUNNEL_OVERHEAD;
  }

  /** A read-only view of the graph (for the GUI and tests). */
  public Graph<Vertex, Link> graph() {
    return new org.jgrapht.graph.AsUnmodifiableGraph<>(graph);
  }

  /** Adds a node on the segment. */
  public NodeVertex addNode(String name, int ip) {
    NodeVertex v = new NodeVertex(name, ip);
    add(v);
    connect(v, segment);
    return v;
  }

  /** Adds an external host: on the segment inside the underlay CIDR, else behind the router. */
  public ExternalVertex addExternal(String name, int ip) {
    ExternalVertex v = new ExternalVertex(name, ip);
    add(v);
    connect(v, config.cidr().contains(ip) ? segment : router);
    return v;
  }

  /** Removes a node or external and its links. */
  public void remove(String name) {
    Vertex v = byName.remove(name);
    if (v != null) {
      graph.removeVertex(v);
      byIp.values().remove(v);
      routes.clear();
    }
  }

  private void add(Vertex v) {
    if (byName.containsKey(v.name())) {
      throw new IllegalArgumentException("duplicate underlay vertex " + v.name());
    }
    graph.addVertex(v);
    byName.put(v.name(), v);
    int ip =
        v instanceof NodeVertex n
            ? n.ip()
            : v instanceof ExternalVertex e ? e.ip() : v instanceof RouterVertex r ? r.ip() : 0;
    if (ip != 0) {
      byIp.put(ip, v);
    }
    routes.clear();
  }

  private void connect(Vertex a, Vertex b) {
    long lat =
        a instanceof SegmentVertex || b instanceof SegmentVertex
            ? config.latencyNanos() / 2
            : config.latencyNanos();
    Link l = new Link(a, b, lat, config.bandwidthBps(), config.mtu());
    graph.addEdge(a, b, l);
    graph.setEdgeWeight(l, lat);
  }

  public Vertex vertex(String name) {
    return byName.get(name);
  }

  /** The vertex owning {@code ip}, or null. */
  public Vertex vertexOf(int ip) {
    return byIp.get(ip);
  }

  /** Links between two vertices (empty if none). */
  public List<Link> links(String a, String b) {
    Vertex va = byName.get(a);
    Vertex vb = byName.get(b);
    if (va == null || vb == null) {
      return List.of();
    }
    return new ArrayList<>(graph.getAllEdges(va, vb));
  }

  /** {@code linkDown {node}} / {@code linkUp {node}}: the vertex's links, all of them. */
  public void setLinkUp(String vertex, boolean up) {
    Vertex v = require(vertex);
    for (Link l : graph.edgesOf(v)) {
      l.setUp(up);
    }
    routes.clear();
  }

  /** {@code linkDown {between: [a, b]}}: their direct link, else the pair is cut. */
  public void setLinkUp(String a, String b, boolean up) {
    require(a);
    require(b);
    List<Link> direct = links(a, b);
    if (!direct.isEmpty()) {
      direct.forEach(l -> l.setUp(up));
    } else if (up) {
      cutPairs.remove(Set.of(a, b));
    } else {
      cutPairs.add(Set.of(a, b));
    }
    routes.clear();
  }

  private Vertex require(String name) {
    Vertex v = byName.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no underlay vertex " + name);
    }
    return v;
  }

  /** The hops from {@code from} to the vertex owning {@code dstIp}; null when unreachable. */
  public List<Hop> route(Vertex from, int dstIp) {
    Vertex to = byIp.get(dstIp);
    if (to == null) {
      // an unknown address: inside the underlay it is unreachable; outside, the router takes it
      if (config.cidr().contains(dstIp)) {
        return null;
      }
      to = router;
    }
    return route(from, to);
  }

  /** The hops between two vertices, cached; null when unreachable. */
  public List<Hop> route(Vertex from, Vertex to) {
    Map<Vertex, List<Hop>> m = routes.computeIfAbsent(from, k -> new HashMap<>());
    if (m.containsKey(to)) {
      return m.get(to);
    }
    List<Hop> hops = compute(from, to);
    m.put(to, hops);
    return hops;
  }

  private List<Hop> compute(Vertex from, Vertex to) {
    if (from.equals(to)) {
      return List.of();
    }
    if (cutPairs.contains(Set.of(from.name(), to.name()))) {
      return null;
    }
    Graph<Vertex, Link> upOnly = new MaskSubgraph<>(graph, v -> false, l -> !l.isUp());
    GraphPath<Vertex, Link> p = new DijkstraShortestPath<>(upOnly).getPath(from, to);
    if (p == null) {
      return null;
    }
    List<Hop> hops = new ArrayList<>();
    Vertex cur = from;
    for (Link l : p.getEdgeList()) {
      Vertex next = l.other(cur);
      hops.add(new Hop(cur, l, next));
      cur = next;
    }
    return Collections.unmodifiableList(hops);
  }

  /** The next hop from {@code from} toward {@code dstIp}; null when unreachable or there. */
  public Hop nextHop(Vertex from, int dstIp) {
    List<Hop> r = route(from, dstIp);
    return r == null || r.isEmpty() ? null : r.get(0);
  }

  /**
   * Why a frame of {@code ipBytes} cannot cross {@code link}, or null when it can: down links and
   * packets above the link MTU are dropped (the caller reports the drop).
   */
  public static String dropReason(Link link, int ipBytes) {
    if (!link.isUp()) {
      return "link " + link + " is down";
    }
    if (!link.fits(ipBytes)) {
      return "packet of "
          + ipBytes
          + " bytes exceeds the MTU "
          + link.mtu()
          + " of link "
          + link.a().name()
          + "--"
          + link.b().name();
    }
    return null;
  }

  @Override
  public String toString() {
    return "Underlay("
        + config.cidr()
        + " via "
        + Ip4.format(config.router())
        + ", "
        + graph.vertexSet().size()
        + " vertices)";
  }
}
