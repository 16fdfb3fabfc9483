package dev.egret.gui.view;

import dev.egret.datapath.net.Ip4;
import dev.egret.gui.layout.Rect;
import dev.egret.gui.layout.TopologyLayout;
import dev.egret.gui.model.NodeState;
import dev.egret.gui.model.PodState;
import java.util.List;
import java.util.stream.Collectors;
import javafx.geometry.VPos;
import javafx.scene.Group;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;

/**
 * A node's box: a header with its name and address, its egress IPs and policies when it is a
 * gateway (amber), and its pods (name and IP each, or a count when there are many). Grey when its
 * datapath is down. Style classes: {@code node-box}, plus {@code gateway} and {@code down}; pods
 * are {@code pod} (or one {@code pod-count}).
 */
final class NodeBox extends Group {
  private static final double ARC = 14;
  private static final double PAD = 12;
  private static final double POD_INSET = 10;
  private static final double POD_HEIGHT = 20;
  private static final double POD_ARC = 8;
  private static final double NAME_SIZE = 15;
  private static final double NAME_MIN_SIZE = 12;
  private static final double SMALL_SIZE = 12;
  private static final double POD_TEXT_SIZE = 12;
  private static final double TAG_HEIGHT = 18;

  /** The state tag (GATEWAY, DOWN) sits on the address line, so the name has the whole width. */
  private static final double TAG_Y = 27;

  private static final double SELECTED_WIDTH = 3.5;
  private static final double STROKE_WIDTH = 1.6;

  private final String name;
  private final Rect r;
  private final TopologyLayout layout;
  private NodeState state;
  private boolean selected;

  NodeBox(String name, TopologyLayout layout) {
    this.name = name;
    this.layout = layout;
    this.r = layout.node(name);
    setId("node-" + name);
    getStyleClass().add("node-box");
  }

  String name() {
    return name;
  }

  NodeState state() {
    return state;
  }

  /** Redraws the box for {@code s} (null: the node does not exist at this time). */
  void update(NodeState s, boolean sel) {
    if (java.util.Objects.equals(s, state) && sel == selected && !getChildren().isEmpty()) {
      return;
    }
    state = s;
    selected = sel;
    getChildren().clear();
    getStyleClass().removeAll("gateway", "down", "absent");
    if (s == null) {
      getStyleClass().add("absent");
      Rectangle ghost = new Rectangle(r.x(), r.y(), r.w(), r.h());
      ghost.setArcWidth(ARC);
      ghost.setArcHeight(ARC);
      ghost.setFill(Color.TRANSPARENT);
      ghost.setStroke(Palette.DOWN_STROKE);
      ghost.getStrokeDashArray().setAll(6.0, 6.0);
      getChildren()
          .addAll(
              ghost,
              Fonts.text(
                  name,
                  Fonts.bold(NAME_SIZE),
                  Palette.MUTED_TEXT,
                  r.x() + PAD,
                  r.y() + 22,
                  r.w() - 2 * PAD),
              Fonts.text(
                  "(no such node now)",
                  Fonts.plain(SMALL_SIZE),
                  Palette.MUTED_TEXT,
                  r.x() + PAD,
                  r.y() + 40,
                  r.w() - 2 * PAD));
      return;
    }
    boolean gw = s.isGateway();
    boolean down = !s.up();
    if (gw) {
      getStyleClass().add("gateway");
    }
    if (down) {
      getStyleClass().add("down");
    }
    Color fill = down ? Palette.DOWN_FILL : gw ? Palette.GATEWAY_FILL : Palette.NODE_FILL;
    Color header = down ? Palette.DOWN_HEADER : gw ? Palette.GATEWAY_HEADER : Palette.NODE_HEADER;
    Color stroke = down ? Palette.DOWN_STROKE : gw ? Palette.GATEWAY_STROKE : Palette.NODE_STROKE;

    Rectangle bg = rounded(r.x(), r.y(), r.w(), r.h(), fill);
    bg.setStroke(selected ? Palette.SELECTED : stroke);
    bg.setStrokeWidth(selected ? SELECTED_WIDTH : STROKE_WIDTH);
    bg.getStyleClass().add("node-shape");
    Rectangle head = new Rectangle(r.x(), r.y(), r.w(), TopologyLayout.HEADER_HEIGHT);
    head.setFill(header);
    head.setClip(rounded(r.x(), r.y(), r.w(), r.h(), Color.BLACK));
    head.getStyleClass().add("node-header");
    Rectangle outline = rounded(r.x(), r.y(), r.w(), r.h(), Color.TRANSPARENT);
    outline.setStroke(bg.getStroke());
    outline.setStrokeWidth(bg.getStrokeWidth());
    outline.setMouseTransparent(true);
    getChildren().addAll(bg, head);

    double textWidth = r.w() - 2 * PAD;
    String tag = down ? "DOWN" : gw ? "GATEWAY" : null;
    double tagWidth = 0;
    if (tag != null) {
      Text t = new Text(tag);
      t.setFont(Fonts.bold(10));
      double tw = Fonts.width(t) + 10;
      tagWidth = tw + 6;
      double tx = r.right() - PAD - tw + 4;
      Rectangle pill = new Rectangle(tx, r.y() + TAG_Y, tw, TAG_HEIGHT);
      pill.setArcWidth(TAG_HEIGHT);
      pill.setArcHeight(TAG_HEIGHT);
      pill.setFill(down ? Palette.DROP : Palette.GATEWAY_STROKE);
      t.setFill(Color.WHITE);
      t.setX(tx + 5);
      t.setY(r.y() + TAG_Y + TAG_HEIGHT / 2);
      t.setTextOrigin(VPos.CENTER);
      getChildren().addAll(pill, t);
    }
    Text title = Fonts.text(name, Fonts.bold(NAME_SIZE), Palette.TEXT, r.x() + PAD, r.y() + 22, 0);
    Fonts.shrinkToFit(title, textWidth, NAME_MIN_SIZE);
    title.getStyleClass().add("node-name");
    Text ip =
        Fonts.text(
            Ip4.format(s.ip()),
            Fonts.mono(SMALL_SIZE),
            Palette.MUTED_TEXT,
            r.x() + PAD,
            r.y() + 40,
            textWidth - tagWidth);
    getChildren().addAll(title, ip);

    double y = r.y() + TopologyLayout.HEADER_HEIGHT;
    if (gw) {
      String egress =
          s.egressIps().isEmpty()
              ? "egress IP —"
              : "egress IP "
                  + s.egressIps().stream().map(Ip4::format).collect(Collectors.joining(", "));
      Text e =
          Fonts.text(
              egress, Fonts.monoBold(13), Palette.GATEWAY_TEXT, r.x() + PAD, y + 16, textWidth);
      e.getStyleClass().add("egress-ip");
      getChildren().add(e);
      if (!s.policies().isEmpty()) {
        Text p =
            Fonts.text(
                "policy " + String.join(", ", s.policies()),
                Fonts.plain(11),
                Palette.GATEWAY_TEXT,
                r.x() + PAD,
                y + 33,
                textWidth);
        getChildren().add(p);
      }
    }
    pods(s.pods(), layout.podsTop(name) + 2);
    getChildren().add(outline);
  }

  private void pods(List<PodState> pods, double y) {
    double x = r.x() + POD_INSET;
    double w = r.w() - 2 * POD_INSET;
    if (pods.isEmpty()) {
      Text t = Fonts.text("no pods", Fonts.plain(11), Palette.MUTED_TEXT, x + 4, y + 14, w);
      t.setStyle("-fx-font-style: italic");
      getChildren().add(t);
      return;
    }
    if (pods.size() > layout.podCapacity()) {
      Rectangle chip = rounded(x, y, w, POD_HEIGHT, Palette.POD_FILL);
      chip.setStroke(Palette.POD_STROKE);
      chip.getStyleClass().add("pod-count");
      Text t =
          Fonts.text(
              pods.size() + " pods",
              Fonts.bold(POD_TEXT_SIZE),
              Palette.TEXT,
              x + 8,
              y + 14.5,
              w - 16);
      t.getStyleClass().add("pod-count-text");
      getChildren().addAll(chip, t);
      return;
    }
    for (PodState p : pods) {
      Rectangle chip = rounded(x, y, w, POD_HEIGHT, Palette.POD_FILL);
      chip.setStroke(Palette.POD_STROKE);
      chip.getStyleClass().add("pod");
      chip.setId("pod-" + p.namespace() + "-" + p.name());
      Text ip = new Text(Ip4.format(p.ip()));
      ip.setFont(Fonts.mono(11.5));
      ip.setFill(Palette.MUTED_TEXT);
      double ipw = Fonts.width(ip);
      ip.setX(x + w - 8 - ipw);
      ip.setY(y + 14.5);
      ip.setTextAlignment(TextAlignment.RIGHT);
      String label = "default".equals(p.namespace()) ? p.name() : p.key();
      Text n =
          Fonts.text(label, Fonts.bold(POD_TEXT_SIZE), Palette.TEXT, x + 8, y + 14.5, w - ipw - 24);
      n.getStyleClass().add("pod-name");
      getChildren().addAll(chip, n, ip);
      y += TopologyLayout.POD_ROW_HEIGHT;
    }
  }

  private static Rectangle rounded(double x, double y, double w, double h, Color fill) {
    Rectangle b = new Rectangle(x, y, w, h);
    b.setArcWidth(ARC);
    b.setArcHeight(ARC);
    b.setFill(fill);
    return b;
  }
}
