package dev.egret.gui.layout;

/** An axis-aligned rectangle of the topology drawing. */
public record Rect(double x, double y, double w, double h) {
  public double right() {
    return x + w;
  }

  public double bottom() {
    return y + h;
  }

  public double cx() {
    return x + w / 2;
  }

  public double cy() {
    return y + h / 2;
  }

  /** Whether the two rectangles share interior points. */
  public boolean overlaps(Rect o) {
    return x < o.right() && o.x < right() && y < o.bottom() && o.y < bottom();
  }

  /** The smallest rectangle holding both. */
  public Rect union(Rect o) {
    double nx = Math.min(x, o.x);
    double ny = Math.min(y, o.y);
    return new Rect(nx, ny, Math.max(right(), o.right()) - nx, Math.max(bottom(), o.bottom()) - ny);
  }
}
