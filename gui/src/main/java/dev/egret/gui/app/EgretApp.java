package dev.egret.gui.app;

import dev.egret.scenarios.model.Scenario;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * Opens the visualizer's window and waits until it is closed. Needs a display: on Linux without
 * {@code DISPLAY} or {@code WAYLAND_DISPLAY}, or when the toolkit cannot open one, it explains what
 * to do and returns exit code 2 instead of failing with a stack trace.
 */
final class EgretApp {
  private EgretApp() {}

  /** Opens the window on {@code scenario} (null: empty, use File › Open) at time {@code t}. */
  static int open(Scenario scenario, long t, PrintWriter err) {
    String missing = missingDisplay();
    if (missing != null) {
      err.println("egret gui: cannot open a window: " + missing + ".");
      err.println(advice());
      return GuiCommand.EXIT_INVALID;
    }
    try {
      FxRuntime.startWithDisplay();
    } catch (RuntimeException | LinkageError e) {
      err.println("egret gui: cannot open a window: " + e.getMessage() + ".");
      err.println(advice());
      return GuiCommand.EXIT_INVALID;
    }
    CountDownLatch closed = new CountDownLatch(1);
    Platform.runLater(
        () -> {
          Stage stage = new Stage();
          EgretWindow w = new EgretWindow(stage);
          stage.setOnHidden(e -> closed.countDown());
          stage.show();
          if (scenario != null) {
            w.open(scenario, t);
          }
        });
    try {
      closed.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Platform.exit();
    return GuiCommand.EXIT_OK;
  }

  /** Why there is no display to open a window on, or null when there seems to be one. */
  static String missingDisplay() {
    String glass = System.getProperty("glass.platform");
    if (glass != null && glass.equalsIgnoreCase("Monocle")) {
      return null; // an explicit headless platform (tests, or a user's choice)
    }
    return missingDisplayFor(
        System.getProperty("os.name", ""),
        System.getenv("DISPLAY"),
        System.getenv("WAYLAND_DISPLAY"));
  }

  /** Why {@code os} with these variables has no display, or null (only X11/Wayland systems). */
  static String missingDisplayFor(String os, String display, String wayland) {
    String o = os.toLowerCase(Locale.ROOT);
    if (!o.contains("linux") && !o.contains("bsd")) {
      return null;
    }
    if (blank(display) && blank(wayland)) {
      return "no display (neither DISPLAY nor WAYLAND_DISPLAY is set)";
    }
    return null;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  static String advice() {
    return "The window needs a desktop session. On a machine without one, run it on a virtual"
        + " display: xvfb-run -a ./egret gui SCENARIO.yaml (needs the xvfb and libgtk-3-0"
        + " packages); or render the topology to a picture without any display:"
        + " ./egret gui --snapshot OUT.png SCENARIO.yaml [--at T]";
  }
}
