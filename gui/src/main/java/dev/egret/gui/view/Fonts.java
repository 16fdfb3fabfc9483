package dev.egret.gui.view;

import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;

/** The fonts of the topology view, and fitting text into a width. */
public final class Fonts {
  private static final String SANS = "DejaVu Sans";
  private static final String MONO = "DejaVu Sans Mono";
  private static final String ELLIPSIS = "…";

  private Fonts() {}

  public static Font bold(double size) {
    return Font.font(SANS, FontWeight.BOLD, size);
  }

  public static Font plain(double size) {
    return Font.font(SANS, FontWeight.NORMAL, size);
  }

  public static Font mono(double size) {
    return Font.font(MONO, FontWeight.NORMAL, size);
  }

  public static Font monoBold(double size) {
    return Font.font(MONO, FontWeight.BOLD, size);
  }

  /** A text node at ({@code x}, {@code y}) (baseline), shortened with … to fit {@code maxWidth}. */
  public static Text text(
      String s, Font f, javafx.scene.paint.Paint fill, double x, double y, double maxWidth) {
    Text t = new Text(x, y, s);
    t.setFont(f);
    t.setFill(fill);
    fit(t, maxWidth);
    return t;
  }

  /** Shortens {@code t}'s text with a trailing … until it fits {@code maxWidth}. */
  public static void fit(Text t, double maxWidth) {
    String s = t.getText();
    if (maxWidth <= 0 || width(t) <= maxWidth) {
      return;
    }
    int n = s.length();
    while (n > 1) {
      n--;
      t.setText(s.substring(0, n) + ELLIPSIS);
      if (width(t) <= maxWidth) {
        return;
      }
    }
  }

  /**
   * Makes {@code t}'s bold font smaller, a point at a time down to {@code minSize}, until it fits
   * {@code maxWidth}; then shortens it with … if it still does not.
   */
  public static void shrinkToFit(Text t, double maxWidth, double minSize) {
    double size = t.getFont().getSize();
    while (width(t) > maxWidth && size > minSize) {
      size = Math.max(minSize, size - 1);
      t.setFont(bold(size));
    }
    fit(t, maxWidth);
  }

  /** The width {@code t} takes with its font. */
  public static double width(Text t) {
    return t.getLayoutBounds().getWidth();
  }
}
