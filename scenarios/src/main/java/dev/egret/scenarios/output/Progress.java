package dev.egret.scenarios.output;

import java.io.PrintStream;
import java.util.function.LongSupplier;

/**
 * The progress bar of {@code egret run} on standard error (never standard output, which may carry
 * {@code --json}): simulated time reached out of the total, redrawn in place with a carriage
 * return. It appears only for runs that last longer than {@value #SHOW_AFTER_MILLIS} ms of wall
 * time, only when stderr is a terminal ({@link StderrTerminal}), and never with {@code --quiet};
 * otherwise every call is a cheap no-op. Single-threaded: it draws only from {@link #update} and
 * {@link #close}, at most every {@value #REDRAW_MILLIS} ms. The bar counts simulated milliseconds,
 * shown in seconds when the total is at least {@value #SECONDS_UNIT_FROM_MILLIS} ms. Nothing it
 * does reaches the outputs.
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
  static final long REDRAW_MILLIS = 200;

  private static final long NANOS_PER_MILLI = 1_000_000L;
  private static final int DEFAULT_WIDTH = 80;
  private static final String TASK = "simulating";

  private final boolean enabled;
  private final long totalMillis;
  private final PrintStream err;
  private final int width;
  private final LongSupplier wallNanos;
  private final long startNanos;
  private boolean shown;
  private long lastDrawNanos;
  private long currentMillis;

  private Progress(
      boolean enabled, long totalSimNanos, PrintStream err, int width, LongSupplier wallNanos) {
    this.enabled = enabled;
    this.totalMillis = totalSimNanos <= 0 ? -1 : ceilDiv(totalSimNanos, NANOS_PER_MILLI);
    this.err = err;
    this.width = width > 0 ? width : DEFAULT_WIDTH;
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
    currentMillis = totalMillis > 0 ? Math.min(millis, totalMillis) : millis;
    long now = wallNanos.getAsLong();
    if (!shown) {
      if (now - startNanos < SHOW_AFTER_MILLIS * NANOS_PER_MILLI) {
        return;
      }
      shown = true;
    } else if (now - lastDrawNanos < REDRAW_MILLIS * NANOS_PER_MILLI) {
      return;
    }
    lastDrawNanos = now;
    draw();
  }

  /** Whether the bar is being drawn (the run has lasted long enough). */
  public boolean isShown() {
    return shown;
  }

  /** Draws the final state and ends the line, if the bar was shown. */
  @Override
  public void close() {
    if (shown) {
      draw();
      err.print('\n');
      err.flush();
      shown = false;
    }
  }

  private void draw() {
    boolean seconds = totalMillis >= SECONDS_UNIT_FROM_MILLIS;
    String unit = seconds ? "s" : "ms";
    long cur = seconds ? currentMillis / 1000 : currentMillis;
    String counts =
        totalMillis > 0
            ? cur + "/" + (seconds ? totalMillis / 1000 : totalMillis) + unit
            : cur + unit;
    String pct =
        totalMillis > 0 ? String.format("%3d%%", (int) (100 * currentMillis / totalMillis)) : "";
    int barWidth = Math.max(10, width - TASK.length() - pct.length() - counts.length() - 6);
    StringBuilder sb = new StringBuilder(width + 2);
    sb.append('\r').append(TASK).append(' ').append(pct).append(" [");
    int filled = totalMillis > 0 ? (int) ((long) barWidth * currentMillis / totalMillis) : 0;
    for (int i = 0; i < barWidth; i++) {
      sb.append(i < filled ? '=' : i == filled && totalMillis > 0 ? '>' : ' ');
    }
    sb.append("] ").append(counts);
    err.print(sb);
    err.flush();
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }
}
