package dev.egret.scenarios.output;

import java.io.PrintStream;
import java.time.Duration;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The progress bar of {@code egret run} on standard error (never standard output, which may carry
 * {@code --json}): simulated time reached out of the total, drawn with me.tongfei:progressbar. It
 * appears only for runs that last longer than {@value #SHOW_AFTER_MILLIS} ms of wall time, only
 * when stderr is a terminal ({@link StderrTerminal}), and never with {@code --quiet}; otherwise
 * every call is a cheap no-op. The bar counts simulated milliseconds, shown in seconds when the
 * total is at least {@value #SECONDS_UNIT_FROM_MILLIS} ms. Nothing it does reaches the outputs.
 *
 * <pre>{@code
 * try (Progress p = Progress.create(totalSimNanos, quiet)) {
 *   while (sim.step()) {
 *     p.update(sim.now());
 *   }
 * }
 * }</pre>
 */
public final class Progress implements AutoCloseable {
  static final long SHOW_AFTER_MILLIS = 1000;
  static final long SECONDS_UNIT_FROM_MILLIS = 10_000;

  private static final long NANOS_PER_MILLI = 1_000_000L;
  private static final long MILLIS_PER_SECOND = 1000;
  private static final int UPDATE_INTERVAL_MILLIS = 200;
  private static final String TASK = "simulating";

  private final boolean enabled;
  private final long totalMillis;
  private final PrintStream err;
  private final int width;
  private final LongSupplier wallNanos;
  private final long startNanos;
  private ProgressBar bar;

  private Progress(
      boolean enabled, long totalSimNanos, PrintStream err, int width, LongSupplier wallNanos) {
    this.enabled = enabled;
    this.totalMillis = totalSimNanos <= 0 ? -1 : ceilDiv(totalSimNanos, NANOS_PER_MILLI);
    this.err = err;
    this.width = width;
    this.wallNanos = wallNanos;
    this.startNanos = enabled ? wallNanos.getAsLong() : 0;
  }

  /**
   * A progress bar for a run that ends at simulated time {@code totalSimNanos} (≤ 0: unknown),
   * drawn on {@code System.err} when stderr is a terminal and {@code quiet} is false.
   */
  public static Progress create(long totalSimNanos, boolean quiet) {
    boolean enabled = !quiet && StderrTerminal.isTerminal();
    return new Progress(enabled, totalSimNanos, System.err, -1, System::nanoTime);
  }

  /** A progress that never draws. */
  public static Progress disabled() {
    return new Progress(false, 0, null, 0, () -> 0);
  }

  /**
   * For tests: draws on {@code err} (when {@code enabled}) with a fixed {@code width} and the given
   * wall clock.
   */
  static Progress forTest(
      long totalSimNanos, boolean enabled, PrintStream err, int width, LongSupplier wallNanos) {
    return new Progress(enabled, totalSimNanos, err, width, wallNanos);
  }

  /** Reports that the simulation has reached {@code simNanos}. */
  public void update(long simNanos) {
    if (!enabled) {
      return;
    }
    long millis = Math.max(0, simNanos / NANOS_PER_MILLI);
    if (bar == null) {
      long elapsed = wallNanos.getAsLong() - startNanos;
      if (elapsed < SHOW_AFTER_MILLIS * NANOS_PER_MILLI) {
        return;
      }
      bar = build(millis, Duration.ofNanos(elapsed));
    }
    bar.stepTo(totalMillis > 0 ? Math.min(millis, totalMillis) : millis);
  }

  /** Whether the bar is being drawn (the run has lasted long enough). */
  public boolean isShown() {
    return bar != null;
  }

  /** Draws the final state and ends the line, if the bar was shown. */
  @Override
  public void close() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }

  private ProgressBar build(long currentMillis, Duration elapsed) {
    boolean seconds = totalMillis >= SECONDS_UNIT_FROM_MILLIS;
    ConsoleProgressBarConsumer consumer =
        width > 0
            ? new ConsoleProgressBarConsumer(err, width)
            : new ConsoleProgressBarConsumer(err);
    return new ProgressBarBuilder()
        .setTaskName(TASK)
        .setInitialMax(totalMillis)
        .setStyle(ProgressBarStyle.ASCII)
        .setUnit(seconds ? "s" : "ms", seconds ? MILLIS_PER_SECOND : 1)
        .setUpdateIntervalMillis(UPDATE_INTERVAL_MILLIS)
        .setConsumer(consumer)
        .startsFrom(currentMillis, elapsed)
        .build();
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }
}
