package dev.egret.gui.view;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Line;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Text;

/** The key to the topology view's colours, one line. */
final class Legend extends FlowPane {
  private static final double SWATCH = 14;
  private static final double GAP = 14;

  Legend() {
    super(GAP, 4);
    setAlignment(Pos.CENTER_LEFT);
    setPadding(new Insets(6, 12, 6, 12));
    setStyle("-fx-background-color: rgba(255,255,255,0.9); -fx-background-radius: 8;");
    getStyleClass().add("legend");
    getChildren()
        .addAll(
            item(box(Palette.NODE_HEADER, Palette.NODE_STROKE), "node"),
            item(box(Palette.GATEWAY_HEADER, Palette.GATEWAY_STROKE), "egress gateway"),
            item(box(Palette.DOWN_HEADER, Palette.DOWN_STROKE), "node down"),
            item(box(Palette.EXTERNAL_FILL, Palette.EXTERNAL_STROKE), "external"),
            item(tunnel(), "VXLAN tunnel in use"),
            item(dot(Palette.PACKET), "packet (pod address)"),
            item(dot(Palette.SNAT), "packet after SNAT"),
            item(cross(Palette.DROP), "drop (reason)"),
            item(cross(Palette.LOST), "lost"));
  }

  /** The width of the legend on one line. */
  double naturalWidth() {
    double w = getInsets().getLeft() + getInsets().getRight();
    for (Node n : getChildren()) {
      w += n.prefWidth(-1);
    }
    return w + GAP * Math.max(0, getChildren().size() - 1) + 1;
  }

  private static Node item(Node swatch, String label) {
    Text t = new Text(label);
    t.setFont(Fonts.plain(12));
    t.setFill(Palette.TEXT);
    HBox b = new HBox(6, swatch, t);
    b.setAlignment(Pos.CENTER_LEFT);
    return b;
  }

  private static Node box(Color fill, Color stroke) {
    Rectangle r = new Rectangle(SWATCH * 1.4, SWATCH);
    r.setArcWidth(5);
    r.setArcHeight(5);
    r.setFill(fill);
    r.setStroke(stroke);
    return r;
  }

  private static Node tunnel() {
    Line l = new Line(0, 0, SWATCH * 2, 0);
    l.setStroke(Palette.TUNNEL);
    l.setStrokeWidth(3);
    l.getStrokeDashArray().setAll(6.0, 4.0);
    return l;
  }

  private static Node dot(Color c) {
    Circle d = new Circle(SWATCH / 2 - 1, c);
    d.setStroke(Color.WHITE);
    return d;
  }

  private static Node cross(Color c) {
    Badge b = new Badge("✕", Fonts.bold(10), c, true);
    return b;
  }
}
