package dev.egret.gui.app;

import dev.egret.gui.layout.Rect;
import dev.egret.gui.layout.TopologyLayout;
import dev.egret.gui.model.Recording;
import dev.egret.gui.view.TopologyView;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;

/**
 * Renders the topology view of a recording at one time into an image, off screen (the {@code
 * --snapshot} command and tests). Call {@link #render} on the FX thread.
 */
public final class SnapshotRenderer {
  /** Default image width. */
  public static final int DEFAULT_WIDTH = 1600;

  static final int MIN_HEIGHT = 480;
  static final int MAX_HEIGHT = 1400;
  static final double HEADER_SPACE = 78;
  static final double LEGEND_SPACE = 44;
  static final double PAD = 16;
  static final double MAX_ZOOM = 1.4;

  private SnapshotRenderer() {}

  /** Widest default image. */
  static final int MAX_DEFAULT_WIDTH = 2400;

  /** Default width: drawing units shown per pixel for large drawings. */
  static final double DEFAULT_SCALE = 0.8;

  /** A width that keeps the text of large clusters readable: 1600, up to 2400 for many nodes. */
  public static int widthFor(Recording r) {
    Rect b = TopologyLayout.of(r).bounds();
    return (int) Math.max(DEFAULT_WIDTH, Math.min(MAX_DEFAULT_WIDTH, b.w() * DEFAULT_SCALE));
  }

  /** A height that fits the drawing at {@code width} without wasted space. */
  public static int heightFor(Recording r, int width) {
    Rect b = TopologyLayout.of(r).bounds();
    double z = Math.min(MAX_ZOOM, (width - 2 * PAD) / b.w());
    double h = HEADER_SPACE + LEGEND_SPACE + 2 * PAD + b.h() * z;
    return (int) Math.max(MIN_HEIGHT, Math.min(MAX_HEIGHT, Math.ceil(h)));
  }

  /** The view of {@code r} at {@code t}, {@code width} × {@code height} pixels. */
  public static WritableImage render(Recording r, long t, int width, int height) {
    TopologyView v = new TopologyView();
    v.setRecording(r);
    v.showTime(t);
    Scene scene = new Scene(v, width, height);
    v.applyCss();
    v.layout();
    v.fit();
    return scene.snapshot(null);
  }

  /** Writes {@code image} to {@code out} as PNG. */
  public static void writePng(WritableImage image, Path out) throws IOException {
    BufferedImage argb = SwingFXUtils.fromFXImage(image, null);
    BufferedImage b =
        new BufferedImage(argb.getWidth(), argb.getHeight(), BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = b.createGraphics();
    g.drawImage(argb, 0, 0, null);
    g.dispose();
    Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), ".egret-snapshot", ".png");
    try {
      if (!ImageIO.write(b, "png", tmp.toFile())) {
        throw new IOException("no PNG writer");
      }
      Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
