package dev.egret.gui.app;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import javafx.application.Platform;

/**
 * Starts the JavaFX toolkit once per JVM and runs work on its thread. {@link #startHeadless()}
 * selects Monocle's headless glass and the software renderer before the toolkit starts, so
 * snapshots work on machines without a display (reference dependencies.md §4); if the toolkit is
 * already running (a test started it), it is used as it is.
 */
public final class FxRuntime {
  private static boolean started;

  /**
   * JavaFX warns on every start that it runs from the class path ("Unsupported JavaFX
   * configuration"), which is how egret's single jar runs it; kept here so the level sticks.
   */
  private static final java.util.logging.Logger JAVAFX_LOG =
      java.util.logging.Logger.getLogger("javafx");

  private FxRuntime() {}

  /** Starts the toolkit without a display (Monocle headless, software rendering). */
  public static synchronized void startHeadless() {
    if (started) {
      return;
    }
    setIfAbsent("glass.platform", "Monocle");
    setIfAbsent("monocle.platform", "Headless");
    // Monocle's headless screen is 1280x800 unless told otherwise; snapshots render off screen.
    setIfAbsent("headless.geometry", "1920x1200-32");
    setIfAbsent("prism.order", "sw");
    setIfAbsent("prism.lcdtext", "false");
    setIfAbsent("java.awt.headless", "true");
    start();
  }

  /**
   * Starts the toolkit on the machine's display.
   *
   * @throws RuntimeException (e.g. UnsupportedOperationException) when no window can be opened
   */
  public static synchronized void startWithDisplay() {
    if (!started) {
      start();
    }
  }

  private static void start() {
    JAVAFX_LOG.setLevel(java.util.logging.Level.SEVERE);
    try {
      Platform.startup(() -> {});
    } catch (IllegalStateException alreadyRunning) {
      // Started elsewhere in this JVM (a TestFX test): use it.
    }
    Platform.setImplicitExit(false);
    started = true;
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }

  /** Runs {@code work} on the FX thread and waits for its result. */
  public static <T> T call(Callable<T> work) throws Exception {
    if (Platform.isFxApplicationThread()) {
      return work.call();
    }
    CompletableFuture<T> f = new CompletableFuture<>();
    Platform.runLater(
        () -> {
          try {
            f.complete(work.call());
          } catch (Throwable t) {
            f.completeExceptionally(t);
          }
        });
    try {
      return f.get();
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof Exception ex) {
        throw ex;
      }
      throw new IllegalStateException(c);
    }
  }
}
