package dev.egret.gui.app;

import dev.egret.scenarios.model.Scenario;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.image.WritableImage;
import org.testfx.util.WaitForAsyncUtils;

/** Drives an {@link EgretWindow} from tests: open, wait for runs and state reads, render. */
final class WindowFixture {
  private static final long TIMEOUT_SECONDS = 60;

  private WindowFixture() {}

  static void open(EgretWindow w, Scenario s, long t) throws TimeoutException {
    fx(() -> w.open(s, t));
    settle(w);
  }

  /** Waits until no run is being recorded and the panels' state is read. */
  static void settle(EgretWindow w) throws TimeoutException {
    WaitForAsyncUtils.waitForFxEvents();
    WaitForAsyncUtils.waitFor(
        TIMEOUT_SECONDS,
        TimeUnit.SECONDS,
        () -> WaitForAsyncUtils.asyncFx(() -> !w.busyProperty().get() && !w.probing()).get());
    WaitForAsyncUtils.waitForFxEvents();
  }

  static void fx(Runnable r) {
    try {
      WaitForAsyncUtils.asyncFx(r).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    WaitForAsyncUtils.waitForFxEvents();
  }

  static <T> T get(java.util.concurrent.Callable<T> c) {
    try {
      return WaitForAsyncUtils.asyncFx(c).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Renders the window to {@code target/<name>.png} for a person to look at. */
  static void render(EgretWindow w, String name) throws Exception {
    WritableImage img = get(() -> w.stage().getScene().snapshot(null));
    Path out = Path.of("target", name + ".png");
    SnapshotRenderer.writePng(img, out);
  }
}
