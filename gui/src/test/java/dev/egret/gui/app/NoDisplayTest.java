package dev.egret.gui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.gui.Examples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code egret gui} on a machine without a display: one clear message and exit code 2, not a stack
 * trace. Runs the CLI in a child JVM whose environment has no {@code DISPLAY}.
 */
class NoDisplayTest {
  private static final long TIMEOUT_SECONDS = 60;

  @Test
  void windowWithoutDisplayExplainsWhatToDo() throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.egret.cli.Main",
                "gui",
                Examples.path(Examples.RESCHEDULE).toString()));
    pb.environment().remove("DISPLAY");
    pb.environment().remove("WAYLAND_DISPLAY");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    assertTrue(p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "exits");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(2, p.exitValue(), out);
    assertTrue(out.contains("egret gui: cannot open a window: no display"), out);
    assertTrue(out.contains("xvfb-run -a ./egret gui"), out);
    assertTrue(out.contains("--snapshot OUT.png"), out);
    assertFalse(out.contains("\tat "), "no stack trace:\n" + out);
  }

  @Test
  void displayIsLookedForOnX11AndWaylandSystemsOnly() throws IOException {
    assertEquals(null, EgretApp.missingDisplayFor("linux", "localhost:0", null));
    assertTrue(EgretApp.missingDisplayFor("linux", null, null).contains("DISPLAY"));
    assertEquals(null, EgretApp.missingDisplayFor("linux", null, "wayland-0"));
    assertEquals(null, EgretApp.missingDisplayFor("mac os x", null, null));
  }
}
