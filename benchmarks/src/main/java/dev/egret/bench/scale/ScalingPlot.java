package dev.egret.bench.scale;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;

/**
 * Renders the CSV of {@code benchmarks/scaling/scaling.sh} as a PNG (headless Java2D): one panel
 * per curve (nodes, pods, policies, connections), the process's CPU time (user, median of the
 * repeats: on a shared machine the wall time mostly measures the neighbours) and peak RSS against
 * size, each with its least-squares line (a + b·size) and R², so a reader sees at once whether the
 * cost grows linearly. Also prints the table for BENCHMARKS.md, wall times included.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.egret.bench.scale.ScalingPlot scaling.csv out.png}
 */
public final class ScalingPlot {
  private static final int W = 1200;
  private static final int H = 860;
  private static final Color TIME = new Color(0x1f77b4);
  private static final Color MEM = new Color(0xd62728);

  private ScalingPlot() {}

  /** One size of one curve: medians over the repeats. */
  record Point(long size, double wallS, double userS, double rssGiB, long hops, double simWallS) {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: ScalingPlot scaling.csv out.png");
      System.exit(2);
    }
    Map<String, List<Point>> curves = read(Path.of(args[0]));
    BufferedImage img = render(curves);
    ImageIO.write(img, "png", Path.of(args[1]).toFile());
    System.out.print(table(curves));
  }

  static Map<String, List<Point>> read(Path csv) throws IOException {
    Map<String, TreeMap<Long, List<String[]>>> rows = new LinkedHashMap<>();
    for (String line : Files.readAllLines(csv)) {
      if (line.isBlank() || line.startsWith("#") || line.startsWith("curve,")) {
        continue;
      }
      String[] f = line.split(",");
      rows.computeIfAbsent(f[0], k -> new TreeMap<>())
          .computeIfAbsent(Long.parseLong(f[1]), k -> new ArrayList<>())
          .add(f);
    }
    Map<String, List<Point>> out = new LinkedHashMap<>();
    rows.forEach(
        (curve, bySize) -> {
          List<Point> pts = new ArrayList<>();
          bySize.forEach(
              (size, rs) ->
                  pts.add(
                      new Point(
                          size,
                          median(rs, 3),
                          median(rs, 4),
                          maxOf(rs, 5) / (1024.0 * 1024.0),
                          Long.parseLong(rs.get(0)[6]),
                          median(rs, 7))));
          out.put(curve, pts);
        });
    return out;
  }

  private static double median(List<String[]> rs, int col) {
    double[] v = rs.stream().mapToDouble(r -> Double.parseDouble(r[col])).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static double maxOf(List<String[]> rs, int col) {
    return rs.stream().mapToDouble(r -> Double.parseDouble(r[col])).max().orElse(0);
  }

  /** Least squares y = a + b·x; returns {a, b, r²}. */
  static double[] fit(double[] x, double[] y) {
    int n = x.length;
    double mx = Arrays.stream(x).average().orElse(0);
    double my = Arrays.stream(y).average().orElse(0);
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < n; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
    }
    double b = sxx == 0 ? 0 : sxy / sxx;
    double a = my - b * mx;
    double r2 = syy == 0 || sxx == 0 ? 1 : (sxy * sxy) / (sxx * syy);
    return new double[] {a, b, r2};
  }

  static String table(Map<String, List<Point>> curves) {
    StringBuilder sb = new StringBuilder();
    sb.append("| curve | size | wall (s) | CPU user (s) | peak RSS (GiB) | packet-hops |\n");
    sb.append("|---|---|---|---|---|---|\n");
    curves.forEach(
        (c, pts) -> {
          for (Point p : pts) {
            sb.append(
                String.format(
                    Locale.ROOT,
                    "| %s | %,d | %.2f | %.2f | %.2f | %,d |%n",
                    c,
                    p.size(),
                    p.wallS(),
                    p.userS(),
                    p.rssGiB(),
                    p.hops()));
          }
          double[] x = pts.stream().mapToDouble(Point::size).toArray();
          double[] t = fit(x, pts.stream().mapToDouble(Point::userS).toArray());
          double[] m = fit(x, pts.stream().mapToDouble(Point::rssGiB).toArray());
          sb.append(
              String.format(
                  Locale.ROOT,
                  "| %s: least squares | | | %.2f s + %.3g s × size (R² %.3f) | %.3f GiB + %.3g"
                      + " GiB × size (R² %.3f) | |%n",
                  c,
                  t[0],
                  t[1],
                  t[2],
                  m[0],
                  m[1],
                  m[2]));
        });
    return sb.toString();
  }

  static BufferedImage render(Map<String, List<Point>> curves) {
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, W, H);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
    g.drawString(
        "egret run: CPU time (blue, left axis) and peak RSS (red, right axis) vs size;"
            + " dashed: least-squares lines",
        20,
        30);
    int i = 0;
    for (Map.Entry<String, List<Point>> e : curves.entrySet()) {
      int col = i % 2;
      int row = i / 2;
      panel(g, e.getKey(), e.getValue(), 20 + col * (W / 2), 50 + row * ((H - 50) / 2));
      i++;
    }
    g.dispose();
    return img;
  }

  private static void panel(Graphics2D g, String name, List<Point> pts, int ox, int oy) {
    int pw = W / 2 - 40;
    int ph = (H - 50) / 2 - 20;
    int left = ox + 60;
    int right = ox + pw - 60;
    int top = oy + 30;
    int bottom = oy + ph - 40;
    double maxX = pts.stream().mapToDouble(Point::size).max().orElse(1) * 1.05;
    double maxT = pts.stream().mapToDouble(Point::userS).max().orElse(1) * 1.15;
    double maxM = pts.stream().mapToDouble(Point::rssGiB).max().orElse(1) * 1.15;
    double[] x = pts.stream().mapToDouble(Point::size).toArray();
    double[] ft = fit(x, pts.stream().mapToDouble(Point::userS).toArray());
    double[] fm = fit(x, pts.stream().mapToDouble(Point::rssGiB).toArray());
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    g.drawString(
        String.format(
            Locale.ROOT,
            "%s: CPU %.2f s + %.3g s × n (R² %.3f); RSS R² %.3f",
            name,
            ft[0],
            ft[1],
            ft[2],
            fm[2]),
        left,
        oy + 18);
    g.setStroke(new BasicStroke(1f));
    g.setColor(new Color(0xdddddd));
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    for (int k = 0; k <= 4; k++) {
      int yy = bottom - (bottom - top) * k / 4;
      g.setColor(new Color(0xe5e5e5));
      g.draw(new Line2D.Double(left, yy, right, yy));
      g.setColor(TIME);
      g.drawString(String.format(Locale.ROOT, "%.1f s CPU", maxT * k / 4), ox - 5, yy + 4);
      g.setColor(MEM);
      g.drawString(String.format(Locale.ROOT, "%.2f GiB", maxM * k / 4), right + 5, yy + 4);
    }
    g.setColor(Color.BLACK);
    g.draw(new Line2D.Double(left, bottom, right, bottom));
    g.draw(new Line2D.Double(left, top, left, bottom));
    g.draw(new Line2D.Double(right, top, right, bottom));
    for (Point p : pts) {
      int xx = (int) (left + (right - left) * p.size() / maxX);
      g.draw(new Line2D.Double(xx, bottom, xx, bottom + 4));
      String label = String.format(Locale.ROOT, "%,d", p.size());
      g.drawString(label, xx - g.getFontMetrics().stringWidth(label) / 2, bottom + 16);
    }
    g.drawString(name, (left + right) / 2 - 20, bottom + 32);
    series(g, pts, Point::userS, ft, maxX, maxT, left, right, top, bottom, TIME);
    series(g, pts, Point::rssGiB, fm, maxX, maxM, left, right, top, bottom, MEM);
  }

  private static void series(
      Graphics2D g,
      List<Point> pts,
      java.util.function.ToDoubleFunction<Point> y,
      double[] fit,
      double maxX,
      double maxY,
      int left,
      int right,
      int top,
      int bottom,
      Color c) {
    g.setColor(c);
    g.setStroke(
        new BasicStroke(
            1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 5}, 0));
    double x0 = 0;
    double x1 = maxX;
    g.draw(
        new Line2D.Double(
            left + (right - left) * x0 / maxX,
            bottom - (bottom - top) * Math.max(0, fit[0] + fit[1] * x0) / maxY,
            left + (right - left) * x1 / maxX,
            bottom - (bottom - top) * Math.max(0, fit[0] + fit[1] * x1) / maxY));
    g.setStroke(new BasicStroke(2.5f));
    Path2D.Double path = new Path2D.Double();
    boolean first = true;
    for (Point p : pts) {
      double xx = left + (right - left) * p.size() / maxX;
      double yy = bottom - (bottom - top) * y.applyAsDouble(p) / maxY;
      if (first) {
        path.moveTo(xx, yy);
        first = false;
      } else {
        path.lineTo(xx, yy);
      }
      g.fillOval((int) xx - 5, (int) yy - 5, 10, 10);
    }
    g.draw(path);
  }
}
