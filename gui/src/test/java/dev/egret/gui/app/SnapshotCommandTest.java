package dev.egret.gui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.cli.Main;
import dev.egret.gui.Examples;
import dev.egret.gui.view.Palette;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import picocli.CommandLine;

/**
 * {@code egret gui --snapshot}: a PNG of the expected size, not blank, showing the gateway's
 * colour. (The toolkit is started by TestFX here, as it would be by the command on its own.)
 */
@ExtendWith(ApplicationExtension.class)
class SnapshotCommandTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Start
  void start(Stage stage) {
    // The command needs no stage; TestFX starts the toolkit on headless Monocle.
  }

  private int egret(String... args) {
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return cl.execute(args);
  }

  private static int rgb(Color c) {
    return ((int) Math.round(c.getRed() * 255) << 16)
        | ((int) Math.round(c.getGreen() * 255) << 8)
        | (int) Math.round(c.getBlue() * 255);
  }

  private static int count(BufferedImage img, Color c) {
    int want = rgb(c);
    int n = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        if ((img.getRGB(x, y) & 0xffffff) == want) {
          n++;
        }
      }
    }
    return n;
  }

  @Test
  void snapshotOfExample001() throws Exception {
    Path png = dir.resolve("001.png");
    int rc =
        egret(
            "gui",
            "--snapshot",
            png.toString(),
            Examples.path(Examples.RESCHEDULE).toString(),
            "--at",
            "8.00043s",
            "--size",
            "1400x600");
    assertEquals(0, rc, err.toString());
    assertTrue(out.toString().startsWith("wrote " + png), out.toString());
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(1400, img.getWidth());
    assertEquals(600, img.getHeight());
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < img.getHeight(); y += 3) {
      for (int x = 0; x < img.getWidth(); x += 3) {
        colours.add(img.getRGB(x, y));
      }
    }
    assertTrue(colours.size() > 50, "not blank: " + colours.size() + " colours");
    int background = count(img, Palette.BACKGROUND);
    assertTrue(background < img.getWidth() * img.getHeight() * 0.9, "more than background");
    int gateway = count(img, Palette.GATEWAY_HEADER);
    assertTrue(gateway > 2000, "the gateway's header colour covers " + gateway + " pixels");
    int plainNode = count(img, Palette.NODE_HEADER);
    assertTrue(plainNode > 2 * gateway, "two plain nodes for one gateway: " + plainNode);
  }

  @Test
  void defaultSizeFitsTheDrawing() throws Exception {
    Path png = dir.resolve("006.png");
    assertEquals(
        0,
        egret(
            "gui",
            "--snapshot",
            png.toString(),
            Examples.path(Examples.GATEWAY_FAILURE).toString()));
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(SnapshotRenderer.DEFAULT_WIDTH, img.getWidth());
    assertTrue(img.getHeight() >= 480 && img.getHeight() < 1000, "height " + img.getHeight());
    assertTrue(count(img, Palette.GATEWAY_HEADER) > 2000, "gw is the gateway at 0 s");
  }

  @Test
  void badInputIsExitCode2WithOneMessage() {
    String example = Examples.path(Examples.RESCHEDULE).toString();
    assertEquals(2, egret("gui", "--snapshot", dir.resolve("x.png").toString()));
    assertTrue(err.toString().contains("--snapshot needs a scenario"), err.toString());
    assertEquals(2, egret("gui", "--snapshot", dir.resolve("no/such/x.png").toString(), example));
    assertTrue(err.toString().contains("does not exist"), err.toString());
    assertEquals(
        2, egret("gui", "--snapshot", dir.resolve("x.png").toString(), example, "--at", "soon"));
    assertEquals(
        2, egret("gui", "--snapshot", dir.resolve("x.png").toString(), example, "--at", "1h"));
    assertTrue(err.toString().contains("the run ends at"), err.toString());
    assertEquals(
        2, egret("gui", "--snapshot", dir.resolve("x.png").toString(), example, "--size", "big"));
    assertEquals(
        2,
        egret(
            "gui",
            "--snapshot",
            dir.resolve("x.png").toString(),
            dir.resolve("missing.yaml").toString()));
    assertFalse(err.toString().contains("\tat "), "no stack trace: " + err);
    assertFalse(Files.exists(dir.resolve("x.png")), "nothing written");
  }

  @Test
  void guiIsACommandOfEgret() {
    assertEquals(0, egret("gui", "--help"));
    assertTrue(out.toString().contains("--snapshot=OUT.png"), out.toString());
  }
}
