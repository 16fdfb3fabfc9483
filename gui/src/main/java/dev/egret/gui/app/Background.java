package dev.egret.gui.app;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.application.Platform;

/**
 * Runs simulations off the FX thread, one at a time per lane, and hands each result back on the FX
 * thread. Threads are daemons, so an open lane never keeps the JVM alive.
 */
final class Background {
  private final ExecutorService lane;

  Background(String name) {
    lane =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            });
  }

  /** Computes {@code work} on the lane, then calls {@code done} or {@code failed} on FX. */
  <T> void run(Supplier<T> work, Consumer<T> done, Consumer<Throwable> failed) {
    lane.submit(
        () -> {
          try {
            T v = work.get();
            Platform.runLater(() -> done.accept(v));
          } catch (Throwable e) {
            Platform.runLater(() -> failed.accept(e));
          }
        });
  }
}
