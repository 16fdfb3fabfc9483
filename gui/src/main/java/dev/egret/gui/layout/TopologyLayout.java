package dev.egret.gui.layout;

import dev.egret.gui.model.ExternalState;
import dev.egret.gui.model.Hosts;
import dev.egret.gui.model.NodeState;
import dev.egret.gui.model.Recording;
import dev.egret.gui.model.TopologyFrame;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deterministic layered layout of the topology: the nodes in a grid of rows (by name, left to
 * right), each row hanging off a horizontal underlay bus below it; the buses join a vertical trunk
 * on the right, which leads to the router; the externals stand in a column right of the router.
 * Tunnels are arcs over the boxes. The same node list gives the same picture, and a node keeps its
 * place for the whole run (the grid holds every node that ever existed).
 *
 * <p>Boxes are sized for the most pods a node shows at any time; above {@link #podCapacity()} pods
 * a node shows a count instead. Clusters of more than {@link #COMPACT_ABOVE} nodes get narrower
 * boxes and collapse pods sooner, so 50 nodes stay readable.
 */
public final class TopologyLayout {
  /** Above this many nodes the layout is compact. */
  public static final int COMPACT_ABOVE = 12;

  /** Pods listed per node before they collapse into a count (normal / compact). */
  static final int POD_CAPACITY = 8;

  static final int POD_CAPACITY_COMPACT = 4;

  static final double NODE_WIDTH = 236;
  static final double NODE_WIDTH_COMPACT = 196;
  public static final double HEADER_HEIGHT = 50;
  static final double GATEWAY_HEIGHT = 40;
  public static final double POD_ROW_HEIGHT = 24;
  static final double BOX_PADDING = 10;
  static final double H_GAP = 40;
  static final double BUS_OFFSET = 48;
  static final double ROW_GAP = 70;
  static final double MARGIN = 40;
  static final double TOP_MARGIN = 72;
  static final double TRUNK_GAP = 56;
  static final double ROUTER_WIDTH = 104;
  static final double ROUTER_HEIGHT = 48;
  static final double ROUTER_GAP = 48;
  static final double EXTERNAL_GAP = 110;
  static final double EXTERNAL_WIDTH = 210;
  static final double EXTERNAL_HEIGHT = 60;
  static final double EXTERNAL_V_GAP = 24;
  static final double ARC_RISE = 34;
  static final double ARC_RISE_PER_PX = 0.12;
  static final double ARC_RISE_MAX = 84;
  static final double ARC_END_SHIFT = 0.1;
  static final double ELBOW = 36;
  static final int MAX_COLUMNS = 10;
  static final int SINGLE_ROW_UP_TO = 4;
  static final double COLUMN_ASPECT = 1.5;

  private final boolean compact;
  private final Map<String, Rect> nodes = new LinkedHashMap<>();
  private final Map<String, Integer> rowOf = new HashMap<>();
  private final Map<String, Boolean> gatewayRoom = new HashMap<>();
  private final List<Double> busY = new ArrayList<>();
  private final List<double[]> busSpan = new ArrayList<>();
  private final Map<String, Rect> externals = new LinkedHashMap<>();
  private final Rect router;
  private final double trunkX;
  private final double trunkTop;
  private final double trunkBottom;
  private final Rect bounds;

  /** Lays out {@code shapes} (in order) and the externals named {@code externalNames}. */
  public TopologyLayout(List<NodeShape> shapes, List<String> externalNames) {
    int n = shapes.size();
    compact = n > COMPACT_ABOVE;
    double width = compact ? NODE_WIDTH_COMPACT : NODE_WIDTH;
    int cols = columns(n);
    double y = TOP_MARGIN;
    double gridRight = MARGIN + width;
    for (int start = 0, row = 0; start < n; start += cols, row++) {
      List<NodeShape> rowShapes = shapes.subList(start, Math.min(n, start + cols));
      double h = 0;
      for (NodeShape s : rowShapes) {
        h = Math.max(h, boxHeight(s));
      }
      double x = MARGIN;
      for (NodeShape s : rowShapes) {
        nodes.put(s.name(), new Rect(x, y, width, h));
        rowOf.put(s.name(), row);
        gatewayRoom.put(s.name(), s.gateway());
        x += width + H_GAP;
      }
      gridRight = Math.max(gridRight, x - H_GAP);
      busY.add(y + h + BUS_OFFSET);
      busSpan.add(new double[] {MARGIN + width / 2, 0});
      y += h + BUS_OFFSET + ROW_GAP;
    }
    trunkX = gridRight + TRUNK_GAP;
    for (double[] span : busSpan) {
      span[1] = trunkX;
    }
    double firstBus = busY.isEmpty() ? TOP_MARGIN : busY.get(0);
    double lastBus = busY.isEmpty() ? TOP_MARGIN : busY.get(busY.size() - 1);
    double routerY = (firstBus + lastBus) / 2;
    router =
        new Rect(trunkX + ROUTER_GAP, routerY - ROUTER_HEIGHT / 2, ROUTER_WIDTH, ROUTER_HEIGHT);
    trunkTop = firstBus;
    trunkBottom = lastBus;
    double extX = router.right() + EXTERNAL_GAP;
    double total =
        externalNames.size() * EXTERNAL_HEIGHT
            + Math.max(0, externalNames.size() - 1) * EXTERNAL_V_GAP;
    double ey = Math.max(TOP_MARGIN, routerY - total / 2);
    for (String e : externalNames) {
      externals.put(e, new Rect(extX, ey, EXTERNAL_WIDTH, EXTERNAL_HEIGHT));
      ey += EXTERNAL_HEIGHT + EXTERNAL_V_GAP;
    }
    Rect b = new Rect(0, 0, router.right() + MARGIN, lastBus + MARGIN);
    for (Rect r : externals.values()) {
      b = b.union(new Rect(r.x(), r.y(), r.w() + MARGIN, r.h() + MARGIN));
    }
    bounds = b;
  }

  /** The layout for every node and external of a recording, sized for all its frames. */
  public static TopologyLayout of(Recording r) {
    List<String> names = r.nodeNames();
    boolean compact = names.size() > COMPACT_ABOVE;
    int capacity = compact ? POD_CAPACITY_COMPACT : POD_CAPACITY;
    Map<String, Integer> rows = new HashMap<>();
    Map<String, Boolean> gateway = new HashMap<>();
    for (TopologyFrame f : r.frames()) {
      for (NodeState ns : f.nodes()) {
        int shown = ns.pods().size() > capacity ? 1 : ns.pods().size();
        rows.merge(ns.name(), shown, Math::max);
        if (ns.isGateway()) {
          gateway.put(ns.name(), true);
        }
      }
    }
    List<NodeShape> shapes = new ArrayList<>();
    for (String name : names) {
      shapes.add(
          new NodeShape(
              name, Math.max(1, rows.getOrDefault(name, 0)), gateway.getOrDefault(name, false)));
    }
    List<String> ext = r.externals().stream().map(ExternalState::name).toList();
    return new TopologyLayout(shapes, ext);
  }

  static int columns(int n) {
    if (n <= SINGLE_ROW_UP_TO) {
      return Math.max(1, n);
    }
    return Math.min(MAX_COLUMNS, (int) Math.ceil(Math.sqrt(n * COLUMN_ASPECT)));
  }

  static double boxHeight(NodeShape s) {
    return HEADER_HEIGHT
        + (s.gateway() ? GATEWAY_HEIGHT : 0)
        + s.podRows() * POD_ROW_HEIGHT
        + BOX_PADDING;
  }

  /** Whether boxes are compact (many nodes). */
  public boolean compact() {
    return compact;
  }

  /** Pods a node lists before showing a count. */
  public int podCapacity() {
    return compact ? POD_CAPACITY_COMPACT : POD_CAPACITY;
  }

  /**
   * Where the pod rows of a node's box start: below its header, and below its gateway lines when it
   * is a gateway at some time.
   */
  public double podsTop(String node) {
    Rect r = nodes.get(node);
    return r.y() + HEADER_HEIGHT + (gatewayRoom.getOrDefault(node, false) ? GATEWAY_HEIGHT : 0);
  }

  public Map<String, Rect> nodes() {
    return nodes;
  }

  public Rect node(String name) {
    return nodes.get(name);
  }

  public Map<String, Rect> externals() {
    return externals;
  }

  public Rect router() {
    return router;
  }

  /** The y of each row's bus. */
  public List<Double> buses() {
    return busY;
  }

  /** The x range {@code [from, to]} of row {@code row}'s bus. */
  public double[] busSpan(int row) {
    return busSpan.get(row).clone();
  }

  public double trunkX() {
    return trunkX;
  }

  public double trunkTop() {
    return trunkTop;
  }

  public double trunkBottom() {
    return trunkBottom;
  }

  /** The whole drawing. */
  public Rect bounds() {
    return bounds;
  }

  /** The rectangle of a host (node, external or router), or null. */
  public Rect host(String name) {
    if (Hosts.ROUTER.equals(name)) {
      return router;
    }
    Rect r = nodes.get(name);
    return r != null ? r : externals.get(name);
  }

  /** The arc a tunnel between nodes {@code a} and {@code b} is drawn as, from {@code a}. */
  public Arc tunnel(String a, String b) {
    Rect ra = nodes.get(a);
    Rect rb = nodes.get(b);
    if (ra == null || rb == null) {
      return null;
    }
    // Each end leaves the box's top edge toward the other node, so tunnels to several nodes fan
    // out.
    double dx = rb.cx() - ra.cx();
    double shift = Math.max(-ra.w() / 3, Math.min(ra.w() / 3, dx * ARC_END_SHIFT));
    Point s = new Point(ra.cx() + shift, ra.y());
    Point e = new Point(rb.cx() - shift, rb.y());
    if (rowOf.get(a).equals(rowOf.get(b))) {
      double rise = Math.min(ARC_RISE_MAX, ARC_RISE + Math.abs(s.x() - e.x()) * ARC_RISE_PER_PX);
      return new Arc(s, new Point((s.x() + e.x()) / 2, s.y() - rise), e);
    }
    // Across rows: a gentle bend to one side of the straight line, the same whichever way round.
    Point lo = a.compareTo(b) < 0 ? s : e;
    Point hi = lo == s ? e : s;
    double lx = hi.x() - lo.x();
    double ly = hi.y() - lo.y();
    double len = Math.hypot(lx, ly);
    double bend = Math.min(ARC_RISE_MAX, len * ARC_RISE_PER_PX);
    Point mid = new Point((s.x() + e.x()) / 2, (s.y() + e.y()) / 2);
    Point c = new Point(mid.x() - ly / len * bend, mid.y() + lx / len * bend);
    return new Arc(s, c, e);
  }

  /**
   * The path a frame that is not tunnelled takes from host {@code from} to host {@code to} over the
   * underlay drawing (bus, trunk, router), or null when either is unknown.
   */
  public Polyline path(String from, String to) {
    Polyline a = toRouter(from);
    Polyline b = toRouter(to);
    if (a == null || b == null) {
      return null;
    }
    if (nodes.containsKey(from) && nodes.containsKey(to)) {
      return nodeToNode(from, to);
    }
    if (Hosts.ROUTER.equals(from)) {
      return b.reversed();
    }
    if (Hosts.ROUTER.equals(to)) {
      return a;
    }
    return a.then(b.reversed());
  }

  private Polyline nodeToNode(String from, String to) {
    Rect a = nodes.get(from);
    Rect b = nodes.get(to);
    int ra = rowOf.get(from);
    int rb = rowOf.get(to);
    List<Point> p = new ArrayList<>();
    p.add(new Point(a.cx(), a.bottom()));
    p.add(new Point(a.cx(), busY.get(ra)));
    if (ra != rb) {
      p.add(new Point(trunkX, busY.get(ra)));
      p.add(new Point(trunkX, busY.get(rb)));
    }
    p.add(new Point(b.cx(), busY.get(rb)));
    p.add(new Point(b.cx(), b.bottom()));
    return new Polyline(p);
  }

  /** From a host to the router's left side (externals: from the router's right side, reversed). */
  private Polyline toRouter(String host) {
    if (Hosts.ROUTER.equals(host)) {
      return new Polyline(List.of(new Point(router.x(), router.cy())));
    }
    Rect n = nodes.get(host);
    if (n != null) {
      int row = rowOf.get(host);
      return new Polyline(
          List.of(
              new Point(n.cx(), n.bottom()),
              new Point(n.cx(), busY.get(row)),
              new Point(trunkX, busY.get(row)),
              new Point(trunkX, router.cy()),
              new Point(router.x(), router.cy())));
    }
    Rect e = externals.get(host);
    if (e != null) {
      double elbow = router.right() + ELBOW;
      return new Polyline(
          List.of(
              new Point(e.x(), e.cy()),
              new Point(elbow, e.cy()),
              new Point(elbow, router.cy()),
              new Point(router.right(), router.cy())));
    }
    return null;
  }

  /** The segment from a node's box down to its bus (its underlay link). */
  public Polyline uplink(String node) {
    Rect n = nodes.get(node);
    return new Polyline(
        List.of(new Point(n.cx(), n.bottom()), new Point(n.cx(), busY.get(rowOf.get(node)))));
  }

  /** The row of a node. */
  public int row(String node) {
    return rowOf.get(node);
  }
}
