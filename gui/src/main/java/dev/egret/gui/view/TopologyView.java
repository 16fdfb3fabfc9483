package dev.egret.gui.view;

import dev.egret.datapath.monitor.TraceObservationPoint;
import dev.egret.datapath.net.Ip4;
import dev.egret.gui.layout.Arc;
import dev.egret.gui.layout.Point;
import dev.egret.gui.layout.Polyline;
import dev.egret.gui.layout.Rect;
import dev.egret.gui.layout.TopologyLayout;
import dev.egret.gui.model.ActionText;
import dev.egret.gui.model.Connection;
import dev.egret.gui.model.DropEvent;
import dev.egret.gui.model.ExternalState;
import dev.egret.gui.model.HopEvent;
import dev.egret.gui.model.Recording;
import dev.egret.gui.model.Times;
import dev.egret.gui.model.TopologyFrame;
import dev.egret.gui.model.Tunnel;
import dev.egret.gui.model.WireFrame;
import dev.egret.scenarios.model.TimelineItem;
import dev.egret.scenarios.record.FlowRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javafx.geometry.Insets;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Background;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Line;
import javafx.scene.shape.QuadCurve;
import javafx.scene.shape.Rectangle;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.text.Text;
import javafx.scene.transform.Scale;
import javafx.scene.transform.Translate;

/**
 * The topology of a recorded run at one simulated time: nodes as boxes with their pods, gateways in
 * amber with their egress IPs, the underlay (bus, trunk, router) and the externals; VXLAN tunnels
 * as dashed arcs while they carry traffic; frames on the wire as dots moving along their hop,
 * labelled with their addresses (orange once SNATed); drops as red marks with the reason where they
 * happened, losses as grey marks; the connection selected in the flow table highlighted.
 *
 * <p>Zoom with the scroll wheel, pan by dragging, double-click to fit; click a node to select it.
 * Everything shown comes from the {@link Recording}: nothing is re-derived here.
 */
public final class TopologyView extends Region {
  static final double MIN_ZOOM = 0.08;
  static final double MAX_ZOOM = 8;
  static final double MAX_FIT_ZOOM = 1.4;
  static final double ZOOM_STEP = 1.15;
  static final double FIT_PAD = 16;
  static final double HEADER_SPACE = 78;
  static final double LEGEND_SPACE = 44;
  static final int LABEL_LIMIT = 12;
  static final int LABEL_SHIFTS = 5;
  static final double LEADER_MIN = 4;
  static final int BANNER_LINES = 3;
  static final int CALLOUTS_PER_NODE = 2;
  static final double PACKET_RADIUS = 7;
  static final double BUS_WIDTH = 5;
  static final double TUNNEL_WIDTH = 3.2;
  static final double HIGHLIGHT_WIDTH = 10;

  /** Where along a tunnel its label may go, in order of preference (apart from other labels). */
  static final double[] TUNNEL_LABEL_SPOTS = {0.5, 0.35, 0.65, 0.25, 0.75};

  private final Pane viewport = new Pane();
  private final Group world = new Group();
  private final Group links = new Group();
  private final Group highlight = new Group();
  private final Group tunnels = new Group();
  private final Group boxes = new Group();
  private final Group marks = new Group();
  private final Group packets = new Group();
  private final VBox header = new VBox(2);
  private final Text title = new Text();
  private final Text clock = new Text();
  private final VBox banner = new VBox(1);
  private final Legend legend = new Legend();
  private final Scale zoom = new Scale(1, 1, 0, 0);
  private final Translate pan = new Translate();
  private final Map<String, NodeBox> nodeBoxes = new LinkedHashMap<>();

  private Recording recording;
  private TopologyLayout layout;
  private long time;
  private long selectedTag;
  private String selectedNode;
  private boolean autoFit = true;
  private double dragX;
  private double dragY;
  private boolean dragged;
  private Consumer<String> onNodeSelected = n -> {};
  private List<HopEvent> selectedHops = List.of();
  private long selectedHopsTag;
  private Recording selectedHopsOf;

  public TopologyView() {
    getStyleClass().add("topology-view");
    setBackground(new Background(new BackgroundFill(Palette.BACKGROUND, null, null)));
    world.setManaged(false);
    world.getTransforms().setAll(pan, zoom);
    world.getChildren().addAll(links, highlight, tunnels, boxes, packets, marks);
    tunnels.setMouseTransparent(true);
    marks.setMouseTransparent(true);
    packets.setMouseTransparent(true);
    highlight.setMouseTransparent(true);
    viewport.getChildren().add(world);
    Rectangle clip = new Rectangle();
    clip.widthProperty().bind(widthProperty());
    clip.heightProperty().bind(heightProperty());
    setClip(clip);

    title.setFont(Fonts.bold(17));
    title.setFill(Palette.TEXT);
    clock.setFont(Fonts.monoBold(15));
    clock.setFill(Palette.TEXT);
    clock.getStyleClass().add("clock");
    header.getChildren().addAll(title, clock, banner);
    header.setPadding(new Insets(8, 12, 8, 12));
    header.setMouseTransparent(true);
    header.setStyle("-fx-background-color: rgba(255,255,255,0.88); -fx-background-radius: 8;");
    legend.setMouseTransparent(true);
    getChildren().addAll(viewport, header, legend);

    addEventHandler(ScrollEvent.SCROLL, this::onScroll);
    addEventHandler(MouseEvent.MOUSE_PRESSED, this::onPress);
    addEventHandler(MouseEvent.MOUSE_DRAGGED, this::onDrag);
    addEventHandler(MouseEvent.MOUSE_CLICKED, this::onClick);
  }

  // ------------------------------------------------------------------ API

  /** Shows {@code r}, laid out afresh, at time 0 (or the current time for a re-run). */
  public void setRecording(Recording r) {
    boolean sameNodes =
        recording != null
            && r != null
            && recording.nodeNames().equals(r.nodeNames())
            && recording.externals().equals(r.externals());
    recording = r;
    if (r == null) {
      layout = null;
      nodeBoxes.clear();
      boxes.getChildren().clear();
      links.getChildren().clear();
      refresh();
      return;
    }
    layout = TopologyLayout.of(r);
    buildStatic();
    if (!sameNodes) {
      autoFit = true;
      requestLayout();
    }
    title.setText(r.scenario().name());
    refresh();
  }

  public Recording recording() {
    return recording;
  }

  /** The layout in use (null before a recording is shown). */
  public TopologyLayout layoutInUse() {
    return layout;
  }

  /** Shows the run at simulated time {@code t}. */
  public void showTime(long t) {
    time = t;
    refresh();
  }

  public long time() {
    return time;
  }

  /** Highlights the connection with frame tag {@code tag} (0: none). */
  public void setSelectedTag(long tag) {
    selectedTag = tag;
    refresh();
  }

  /** Outlines node {@code name} (null: none). */
  public void setSelectedNode(String name) {
    selectedNode = name;
    refresh();
  }

  /** Called with a node's name when the user clicks its box. */
  public void setOnNodeSelected(Consumer<String> c) {
    onNodeSelected = c == null ? n -> {} : c;
  }

  /** Fits the whole drawing into the view (also on double-click). */
  public void fit() {
    autoFit = true;
    applyFit();
  }

  /** The current zoom factor. */
  public double zoomFactor() {
    return zoom.getX();
  }

  /** Zooms by {@code factor} around the view's centre. */
  public void zoomBy(double factor) {
    zoomAt(factor, getWidth() / 2, getHeight() / 2);
  }

  // ------------------------------------------------------------------ layout

  @Override
  protected void layoutChildren() {
    viewport.resizeRelocate(0, 0, getWidth(), getHeight());
    header.autosize();
    header.relocate(FIT_PAD, FIT_PAD / 2);
    double lw = Math.min(legend.naturalWidth(), getWidth() - 2 * FIT_PAD);
    legend.setPrefWrapLength(lw);
    double lh = legend.prefHeight(lw);
    legend.resize(lw, lh);
    legend.relocate(FIT_PAD, getHeight() - lh - FIT_PAD / 2);
    if (autoFit) {
      applyFit();
    }
  }

  private void applyFit() {
    if (layout == null || getWidth() <= 0 || getHeight() <= 0) {
      return;
    }
    Rect b = layout.bounds();
    double aw = getWidth() - 2 * FIT_PAD;
    double ah = getHeight() - HEADER_SPACE - LEGEND_SPACE - 2 * FIT_PAD;
    double z = Math.min(MAX_FIT_ZOOM, Math.min(aw / b.w(), ah / b.h()));
    z = Math.max(MIN_ZOOM, z);
    zoom.setX(z);
    zoom.setY(z);
    pan.setX(FIT_PAD + (aw - b.w() * z) / 2 - b.x() * z);
    pan.setY(HEADER_SPACE + FIT_PAD + Math.max(0, (ah - b.h() * z) / 2) - b.y() * z);
  }

  // ------------------------------------------------------------------ static parts

  private void buildStatic() {
    links.getChildren().clear();
    boxes.getChildren().clear();
    nodeBoxes.clear();
    TopologyLayout l = layout;
    for (int row = 0; row < l.buses().size(); row++) {
      double[] span = l.busSpan(row);
      double y = l.buses().get(row);
      links.getChildren().add(line(span[0] - 20, y, span[1], y, Palette.BUS, BUS_WIDTH, "bus"));
    }
    if (!l.buses().isEmpty()) {
      links
          .getChildren()
          .add(
              line(
                  l.trunkX(),
                  Math.min(l.trunkTop(), l.router().cy()),
                  l.trunkX(),
                  Math.max(l.trunkBottom(), l.router().cy()),
                  Palette.BUS,
                  BUS_WIDTH,
                  "bus"));
      links
          .getChildren()
          .add(
              line(
                  l.trunkX(),
                  l.router().cy(),
                  l.router().x(),
                  l.router().cy(),
                  Palette.BUS,
                  BUS_WIDTH,
                  "bus"));
      var net = recording.scenario().network();
      Text u =
          Fonts.text(
              "underlay " + net.underlay() + " · MTU " + net.mtu(),
              Fonts.plain(11),
              Palette.MUTED_TEXT,
              l.busSpan(0)[0] - 20,
              l.buses().get(0) + 17,
              0);
      links.getChildren().add(u);
    }
    for (String n : l.nodes().keySet()) {
      Polyline up = l.uplink(n);
      Point a = up.points().get(0);
      Point b = up.points().get(1);
      links.getChildren().add(line(a.x(), a.y(), b.x(), b.y(), Palette.UPLINK, 2.5, "uplink"));
      NodeBox box = new NodeBox(n, l);
      box.setOnMouseClicked(
          e -> {
            if (!dragged && e.getButton() == MouseButton.PRIMARY) {
              onNodeSelected.accept(n);
              e.consume();
            }
          });
      nodeBoxes.put(n, box);
      boxes.getChildren().add(box);
    }
    Rect r = l.router();
    Rectangle rb = new Rectangle(r.x(), r.y(), r.w(), r.h());
    rb.setArcWidth(r.h());
    rb.setArcHeight(r.h());
    rb.setFill(Palette.ROUTER_FILL);
    rb.setStroke(Palette.ROUTER_STROKE);
    rb.setStrokeWidth(1.6);
    rb.getStyleClass().add("router-box");
    links
        .getChildren()
        .addAll(
            rb,
            Fonts.text("router", Fonts.bold(13), Palette.TEXT, r.x() + 16, r.y() + 20, r.w() - 24),
            Fonts.text(
                Ip4.format(recording.routerIp()),
                Fonts.mono(11),
                Palette.MUTED_TEXT,
                r.x() + 16,
                r.y() + 36,
                r.w() - 20));
    for (ExternalState e : recording.externals()) {
      Rect x = l.externals().get(e.name());
      var path = l.path(e.name(), "router").points();
      for (int i = 1; i < path.size(); i++) {
        Point a = path.get(i - 1);
        Point b = path.get(i);
        links.getChildren().add(line(a.x(), a.y(), b.x(), b.y(), Palette.BUS, 3, "external-link"));
      }
      Rectangle xb = new Rectangle(x.x(), x.y(), x.w(), x.h());
      xb.setArcWidth(14);
      xb.setArcHeight(14);
      xb.setFill(Palette.EXTERNAL_FILL);
      xb.setStroke(Palette.EXTERNAL_STROKE);
      xb.setStrokeWidth(1.6);
      xb.getStyleClass().add("external-box");
      xb.setId("external-" + e.name());
      links
          .getChildren()
          .addAll(
              xb,
              Fonts.text(
                  e.name(), Fonts.bold(15), Palette.TEXT, x.x() + 12, x.y() + 24, x.w() - 24),
              Fonts.text(
                  Ip4.format(e.ip()) + "  (external)",
                  Fonts.mono(12),
                  Palette.MUTED_TEXT,
                  x.x() + 12,
                  x.y() + 44,
                  x.w() - 24));
    }
  }

  private static Line line(
      double x1, double y1, double x2, double y2, Color c, double w, String styleClass) {
    Line l = new Line(x1, y1, x2, y2);
    l.setStroke(c);
    l.setStrokeWidth(w);
    l.setStrokeLineCap(StrokeLineCap.ROUND);
    l.getStyleClass().add(styleClass);
    return l;
  }

  // ------------------------------------------------------------------ dynamic parts

  private void refresh() {
    tunnels.getChildren().clear();
    packets.getChildren().clear();
    marks.getChildren().clear();
    highlight.getChildren().clear();
    banner.getChildren().clear();
    if (recording == null) {
      clock.setText("");
      return;
    }
    clock.setText("t = " + Times.precise(time));
    TopologyFrame f = recording.frameAt(time);
    for (NodeBox b : nodeBoxes.values()) {
      b.update(f.node(b.name()), b.name().equals(selectedNode));
    }
    drawHighlight();
    drawTunnels();
    drawCallouts();
    drawMarks();
    drawPackets();
    drawBanner();
  }

  private void drawTunnels() {
    List<Rect> labels = new ArrayList<>();
    for (Tunnel t : recording.tunnelsAt(time, ViewWindows.TUNNEL)) {
      Arc a = layout.tunnel(t.a(), t.b());
      if (a == null) {
        continue;
      }
      QuadCurve q = curve(a);
      q.setStroke(Palette.TUNNEL);
      q.setStrokeWidth(TUNNEL_WIDTH);
      q.getStrokeDashArray().setAll(11.0, 7.0);
      q.getStyleClass().add("tunnel");
      q.setId("tunnel-" + t.a() + "-" + t.b());
      Badge label = new Badge("VXLAN", Fonts.bold(10), Palette.TUNNEL, false);
      Rect spot = null;
      for (double along : TUNNEL_LABEL_SPOTS) {
        Point mid = a.at(along);
        spot =
            new Rect(
                mid.x() - label.width() / 2,
                mid.y() - label.height() / 2,
                label.width(),
                label.height());
        Rect candidate = spot;
        if (labels.stream().noneMatch(candidate::overlaps)) {
          break;
        }
      }
      labels.add(spot);
      label.at(spot.x(), spot.y());
      tunnels.getChildren().addAll(q, label);
    }
  }

  private static QuadCurve curve(Arc a) {
    QuadCurve q =
        new QuadCurve(
            a.start().x(),
            a.start().y(),
            a.control().x(),
            a.control().y(),
            a.end().x(),
            a.end().y());
    q.setFill(null);
    q.setStrokeLineCap(StrokeLineCap.ROUND);
    return q;
  }

  private void drawPackets() {
    List<HopEvent> flying = recording.inFlight(time);
    boolean labels = flying.size() <= LABEL_LIMIT;
    List<Rect> placed = obstacles();
    for (HopEvent h : flying) {
      Point p = position(h, h.progressAt(time));
      if (p == null) {
        continue;
      }
      Connection c = recording.connection(h.tag());
      boolean translated = c != null && c.isTranslated(h.frame());
      Color colour = translated ? Palette.SNAT : Palette.PACKET;
      Circle dot = new Circle(p.x(), p.y(), PACKET_RADIUS, colour);
      dot.setStroke(Color.WHITE);
      dot.setStrokeWidth(2);
      dot.getStyleClass().addAll("packet", translated ? "snat" : "forwarded");
      packets.getChildren().add(dot);
      if (labels || h.tag() == selectedTag) {
        Badge b = new Badge(label(h.frame()), Fonts.mono(11), colour, false);
        b.getStyleClass().add("packet-label");
        Rect spot = labelSpot(p, b, placed);
        placed.add(spot);
        if (spot.y() + spot.h() < p.y() - PACKET_RADIUS - LEADER_MIN
            || spot.y() > p.y() + PACKET_RADIUS + LEADER_MIN) {
          Line leader = line(p.x(), p.y(), spot.x(), spot.cy(), colour, 1, "leader");
          packets.getChildren().add(0, leader);
        }
        b.at(spot.x(), spot.y());
        packets.getChildren().add(b);
      }
    }
  }

  /** Boxes and tunnel labels, which packet labels should not cover. */
  private List<Rect> obstacles() {
    List<Rect> o = new ArrayList<>(layout.nodes().values());
    o.addAll(layout.externals().values());
    o.add(layout.router());
    for (Group g : List.of(tunnels, marks)) {
      for (Node n : g.getChildren()) {
        if (n instanceof Badge b) {
          o.add(new Rect(b.getLayoutX(), b.getLayoutY(), b.width(), b.height()));
        }
      }
    }
    return o;
  }

  /**
   * Where a packet's label goes: beside the dot, above-right, above-left, below-right or
   * below-left, moving further up or down a label's height at a time, at the first place that
   * covers no box, tunnel label, mark or other label; if none is free, the place covering fewest.
   */
  private static Rect labelSpot(Point p, Badge b, List<Rect> placed) {
    double gap = PACKET_RADIUS + 3;
    double step = b.height() + 2;
    List<double[]> offsets = new ArrayList<>();
    // Stacked above-right reads best (labels line up), so two of those come first.
    offsets.add(new double[] {gap, -b.height() - 3});
    offsets.add(new double[] {gap, -b.height() - 3 - step});
    for (int k = 0; k <= LABEL_SHIFTS; k++) {
      offsets.add(new double[] {-gap - b.width(), -b.height() - 3 - k * step});
      offsets.add(new double[] {gap, 3 + k * step});
      offsets.add(new double[] {-gap - b.width(), 3 + k * step});
      offsets.add(new double[] {gap, -b.height() - 3 - (k + 2) * step});
    }
    Rect best = null;
    long bestHits = Long.MAX_VALUE;
    for (double[] o : offsets) {
      Rect r = new Rect(p.x() + o[0], p.y() + o[1], b.width(), b.height());
      long hits = placed.stream().filter(r::overlaps).count();
      if (hits == 0) {
        return r;
      }
      if (hits < bestHits) {
        best = r;
        bestHits = hits;
      }
    }
    return best;
  }

  /** Where a frame is, {@code f} of the way along its hop; null when a host is not drawn. */
  private Point position(HopEvent h, double f) {
    if (h.frame().tunnel() && layout.node(h.from()) != null && layout.node(h.to()) != null) {
      Arc a = layout.tunnel(h.from(), h.to());
      return a.at(f);
    }
    Polyline p = layout.path(h.from(), h.to());
    return p == null ? null : p.at(f);
  }

  /** {@code 10.0.0.2 → 198.51.100.10 SYN}: the pod's packet as it is on this hop. */
  static String label(WireFrame w) {
    String flags = w.tcpFlags() == 0 ? "" : " " + tcp(w.tcpFlags());
    return Ip4.format(w.src()) + " → " + Ip4.format(w.dst()) + flags;
  }

  private static String tcp(int flags) {
    StringBuilder sb = new StringBuilder();
    if ((flags & 0x02) != 0) {
      sb.append("SYN");
    }
    if ((flags & 0x01) != 0) {
      sb.append(sb.length() > 0 ? "+" : "").append("FIN");
    }
    if ((flags & 0x04) != 0) {
      sb.append(sb.length() > 0 ? "+" : "").append("RST");
    }
    if (sb.length() == 0 && (flags & 0x10) != 0) {
      sb.append((flags & 0x08) != 0 ? "data" : "ACK");
    } else if ((flags & 0x10) != 0 && (flags & 0x02) != 0) {
      sb.append("-ACK");
    }
    return sb.toString();
  }

  private void drawMarks() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    Map<String, DropEvent> first = new LinkedHashMap<>();
    for (DropEvent d : recording.dropsIn(time - ViewWindows.MARKS, time)) {
      String key = d.where() + "\u0000" + d.lost() + "\u0000" + d.reason();
      counts.merge(key, 1, Integer::sum);
      first.putIfAbsent(key, d);
    }
    Map<String, Double> stack = new LinkedHashMap<>();
    for (Map.Entry<String, DropEvent> e : first.entrySet()) {
      DropEvent d = e.getValue();
      Rect r = layout.host(d.where());
      if (r == null) {
        continue;
      }
      int n = counts.get(e.getKey());
      String text = "✕ " + (d.lost() ? "LOST: " : "") + d.reason() + (n > 1 ? "  ×" + n : "");
      Badge b = new Badge(text, Fonts.bold(12), d.lost() ? Palette.LOST : Palette.DROP, true);
      b.getStyleClass().add(d.lost() ? "lost-mark" : "drop-mark");
      double offset = stack.getOrDefault(d.where(), 0.0);
      // Right-aligned over the box, but never left of the drawing (wide reasons on the first node).
      double x = Math.max(layout.bounds().x() + 4, r.right() - b.width() + 10);
      b.at(x, r.y() - b.height() - 3 - offset);
      stack.put(d.where(), offset + b.height() + 3);
      marks.getChildren().add(b);
    }
  }

  private void drawCallouts() {
    Map<String, Set<String>> byNode = new LinkedHashMap<>();
    for (FlowRecord r : recording.flowsIn(time - ViewWindows.MARKS, time)) {
      if (r.isDrop()
          || r.origIp4() == 0
          || r.point() != TraceObservationPoint.TRACE_TO_NETWORK
          || r.frame() == null) {
        continue;
      }
      WireFrame w = WireFrame.decode(r.frame(), 0, r.frame().length);
      String s = "SNAT " + Ip4.format(r.origIp4()) + " → " + Ip4.format(w.src());
      byNode.computeIfAbsent(r.node(), k -> new LinkedHashSet<>()).add(s);
    }
    for (Map.Entry<String, Set<String>> e : byNode.entrySet()) {
      Rect r = layout.node(e.getKey());
      if (r == null) {
        continue;
      }
      double y = r.bottom() + 4;
      int i = 0;
      for (String s : e.getValue()) {
        if (i++ == CALLOUTS_PER_NODE) {
          break;
        }
        Badge b = new Badge(s, Fonts.monoBold(11), Palette.SNAT, false);
        b.getStyleClass().add("snat-callout");
        b.at(r.cx() + 6, y);
        y += b.height() + 2;
        marks.getChildren().add(b);
      }
    }
  }

  private void drawHighlight() {
    if (selectedTag == 0) {
      return;
    }
    if (selectedHopsTag != selectedTag || selectedHopsOf != recording) {
      selectedHops = recording.hopsOf(selectedTag);
      selectedHopsTag = selectedTag;
      selectedHopsOf = recording;
    }
    Set<String> seen = new LinkedHashSet<>();
    for (HopEvent h : selectedHops) {
      String key = h.from() + ">" + h.to() + ">" + h.frame().tunnel();
      String back = h.to() + ">" + h.from() + ">" + h.frame().tunnel();
      if (seen.contains(back) || !seen.add(key)) {
        continue;
      }
      Node n;
      if (h.frame().tunnel() && layout.node(h.from()) != null && layout.node(h.to()) != null) {
        QuadCurve q = curve(layout.tunnel(h.from(), h.to()));
        q.setStroke(Palette.HIGHLIGHT);
        q.setStrokeWidth(HIGHLIGHT_WIDTH);
        n = q;
      } else {
        Polyline p = layout.path(h.from(), h.to());
        if (p == null) {
          continue;
        }
        javafx.scene.shape.Polyline fx = new javafx.scene.shape.Polyline();
        for (Point pt : p.points()) {
          fx.getPoints().addAll(pt.x(), pt.y());
        }
        fx.setStroke(Palette.HIGHLIGHT);
        fx.setStrokeWidth(HIGHLIGHT_WIDTH);
        fx.setStrokeLineCap(StrokeLineCap.ROUND);
        fx.setStrokeLineJoin(javafx.scene.shape.StrokeLineJoin.ROUND);
        n = fx;
      }
      n.setOpacity(0.45);
      n.getStyleClass().add("highlight");
      highlight.getChildren().add(n);
    }
  }

  private void drawBanner() {
    List<TimelineItem> recent = new ArrayList<>();
    for (TimelineItem a : recording.actions()) {
      if (a.at() <= time) {
        recent.add(a);
      }
    }
    int from = Math.max(0, recent.size() - BANNER_LINES);
    for (TimelineItem a : recent.subList(from, recent.size())) {
      boolean injected = recording.injected().contains(a);
      Text t =
          new Text(
              Times.seconds(a.at())
                  + "  "
                  + ActionText.describe(a.action())
                  + (injected ? "  (injected)" : ""));
      boolean fresh = a.at() > time - ViewWindows.BANNER;
      t.setFont(fresh ? Fonts.bold(13) : Fonts.plain(13));
      t.setFill(ActionText.isTraffic(a.action()) ? Palette.MUTED_TEXT : Palette.TUNNEL.darker());
      t.getStyleClass().add("banner");
      banner.getChildren().add(t);
    }
  }

  // ------------------------------------------------------------------ interaction

  private void onScroll(ScrollEvent e) {
    if (e.getDeltaY() == 0) {
      return;
    }
    zoomAt(e.getDeltaY() > 0 ? ZOOM_STEP : 1 / ZOOM_STEP, e.getX(), e.getY());
    e.consume();
  }

  private void zoomAt(double factor, double mx, double my) {
    double z = zoom.getX();
    double nz = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, z * factor));
    double wx = (mx - pan.getX()) / z;
    double wy = (my - pan.getY()) / z;
    zoom.setX(nz);
    zoom.setY(nz);
    pan.setX(mx - wx * nz);
    pan.setY(my - wy * nz);
    autoFit = false;
  }

  private void onPress(MouseEvent e) {
    dragX = e.getX();
    dragY = e.getY();
    dragged = false;
  }

  private void onDrag(MouseEvent e) {
    double dx = e.getX() - dragX;
    double dy = e.getY() - dragY;
    if (Math.abs(dx) + Math.abs(dy) > 2) {
      dragged = true;
    }
    pan.setX(pan.getX() + dx);
    pan.setY(pan.getY() + dy);
    dragX = e.getX();
    dragY = e.getY();
    autoFit = false;
  }

  private void onClick(MouseEvent e) {
    if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !dragged) {
      fit();
    }
  }
}
