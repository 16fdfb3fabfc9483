package dev.egret.gui.layout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A path of straight segments that a packet follows; positions are by fraction of its length. */
public record Polyline(List<Point> points) {
  public Polyline {
    points = List.copyOf(points);
  }

  /** The same path walked backwards. */
  public Polyline reversed() {
    List<Point> p = new ArrayList<>(points);
    Collections.reverse(p);
    return new Polyline(p);
  }

  /** This path followed by {@code o} (a shared joint point is kept once). */
  public Polyline then(Polyline o) {
    List<Point> p = new ArrayList<>(points);
    boolean joined =
        !p.isEmpty() && !o.points.isEmpty() && p.get(p.size() - 1).equals(o.points.get(0));
    p.addAll(o.points.subList(joined ? 1 : 0, o.points.size()));
    return new Polyline(p);
  }

  public double length() {
    double l = 0;
    for (int i = 1; i < points.size(); i++) {
      l += points.get(i - 1).distance(points.get(i));
    }
    return l;
  }

  /** The point {@code f} (0..1) of the way along. */
  public Point at(double f) {
    if (points.size() == 1) {
      return points.get(0);
    }
    double target = Math.max(0, Math.min(1, f)) * length();
    for (int i = 1; i < points.size(); i++) {
      Point a = points.get(i - 1);
      Point b = points.get(i);
      double d = a.distance(b);
      if (target <= d || i == points.size() - 1) {
        return a.toward(b, d == 0 ? 1 : Math.min(1, target / d));
      }
      target -= d;
    }
    return points.get(points.size() - 1);
  }
}
