package dev.egret.gui.view;

import javafx.geometry.VPos;
import javafx.scene.Group;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Font;
import javafx.scene.text.Text;

/** A rounded label with a coloured background or border: drop marks, packet labels, callouts. */
final class Badge extends Group {
  private static final double PAD_X = 6;
  private static final double HEIGHT_PAD = 6;

  private final Text text;
  private final Rectangle box;

  /**
   * A badge with {@code s}; {@code solid}: white text on {@code colour}, else {@code colour} text
   * on white with a {@code colour} border. Its top-left corner is at (0, 0) until placed.
   */
  Badge(String s, Font font, Color colour, boolean solid) {
    text = new Text(s);
    text.setFont(font);
    text.setFill(solid ? Color.WHITE : colour);
    text.setTextOrigin(VPos.CENTER);
    double w = Fonts.width(text) + 2 * PAD_X;
    double h = text.getLayoutBounds().getHeight() + HEIGHT_PAD;
    box = new Rectangle(0, 0, w, h);
    box.setArcWidth(h);
    box.setArcHeight(h);
    box.setFill(solid ? colour : Color.color(1, 1, 1, 0.92));
    box.setStroke(solid ? colour.darker() : colour);
    text.setX(PAD_X);
    text.setY(h / 2);
    getChildren().addAll(box, text);
  }

  double width() {
    return box.getWidth();
  }

  double height() {
    return box.getHeight();
  }

  String text() {
    return text.getText();
  }

  /** Places the badge's top-left corner at ({@code x}, {@code y}). */
  Badge at(double x, double y) {
    setLayoutX(x);
    setLayoutY(y);
    return this;
  }
}
