package dev.egret.gui.layout;

/** A point of the topology drawing, in drawing units (pixels at zoom 1). */
public record Point(double x, double y) {
  /** The point {@code f} of the way from this to {@code o}. */
  public Point toward(Point o, double f) {
    return new Point(x + (o.x - x) * f, y + (o.y - y) * f);
  }

  public double distance(Point o) {
    return Math.hypot(o.x - x, o.y - y);
  }
}
