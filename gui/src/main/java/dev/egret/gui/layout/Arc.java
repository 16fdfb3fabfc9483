package dev.egret.gui.layout;

/** A quadratic curve between two nodes (a tunnel), with its control point. */
public record Arc(Point start, Point control, Point end) {
  /** The point at parameter {@code t} (0..1). */
  public Point at(double t) {
    double u = 1 - t;
    return new Point(
        u * u * start.x() + 2 * u * t * control.x() + t * t * end.x(),
        u * u * start.y() + 2 * u * t * control.y() + t * t * end.y());
  }

  /** The same curve from the other end. */
  public Arc reversed() {
    return new Arc(end, control, start);
  }
}
