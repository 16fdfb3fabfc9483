package dev.egret.gui.model;

/**
 * The playback position over a {@link Recording}: the simulated time shown, whether it plays, and
 * how fast (simulated nanoseconds per real second). Frames take tens of microseconds on the wire
 * and actions are seconds apart, so playback at a speed that shows packets moving would take hours
 * over the idle stretches; with {@code skipIdle} (the default) playback jumps over stretches where
 * nothing is on the wire, stopping a moment before the next event. Not thread-safe; the view's
 * animation timer drives it.
 */
public final class Playhead {
  /** Slowest speed: one microsecond per real second. */
  public static final double MIN_SPEED = 1e3;

  /** Fastest speed: ten seconds per real second. */
  public static final double MAX_SPEED = 1e10;

  /** Default speed: 200 µs per real second, so a 50 µs hop takes a quarter of a second. */
  public static final double DEFAULT_SPEED = 2e5;

  /** An idle stretch longer than this (real seconds at the current speed) is skipped. */
  static final double IDLE_GAP_SECONDS = 0.6;

  /** Playback lands this long (real seconds at the current speed) before the next event. */
  static final double LEAD_SECONDS = 0.2;

  private static final double NANOS_PER_SECOND = 1e9;

  private Recording recording;
  private long time;
  private boolean playing;
  private double speed = DEFAULT_SPEED;
  private boolean skipIdle = true;

  public Playhead(Recording recording) {
    this.recording = recording;
  }

  /** Shows another recording (after a re-run), keeping the time. */
  public void setRecording(Recording r) {
    this.recording = r;
    seek(time);
  }

  public long time() {
    return time;
  }

  public boolean isPlaying() {
    return playing;
  }

  public double speed() {
    return speed;
  }

  public boolean skipIdle() {
    return skipIdle;
  }

  public void setSkipIdle(boolean b) {
    skipIdle = b;
  }

  /** Sets the speed, clamped to [{@link #MIN_SPEED}, {@link #MAX_SPEED}]. */
  public void setSpeed(double simNanosPerRealSecond) {
    speed = Math.max(MIN_SPEED, Math.min(MAX_SPEED, simNanosPerRealSecond));
  }

  /** Starts playing; from the start again when at the end. */
  public void play() {
    if (time >= recording.endNanos()) {
      time = 0;
    }
    playing = true;
  }

  public void pause() {
    playing = false;
  }

  /** Moves to {@code t}, clamped to the run. */
  public void seek(long t) {
    time = Math.max(0, Math.min(recording.endNanos(), t));
  }

  /** Moves to the next time something happens. */
  public void stepNext() {
    seek(recording.nextEventAfter(time));
  }

  /** Moves to the previous time something happened. */
  public void stepBack() {
    seek(recording.previousEventBefore(time));
  }

  /**
   * Advances by {@code realNanos} of wall time at the current speed; returns whether the time
   * changed. Stops at the end of the run.
   */
  public boolean advance(long realNanos) {
    if (!playing) {
      return false;
    }
    long before = time;
    long step = (long) (realNanos / NANOS_PER_SECOND * speed);
    long target = time + Math.max(1, step);
    if (skipIdle && recording.inFlight(time).isEmpty()) {
      long next = recording.nextEventAfter(time);
      long gap = (long) (IDLE_GAP_SECONDS * speed);
      if (next - time > gap && next > target) {
        target = Math.max(target, next - (long) (LEAD_SECONDS * speed));
      }
    }
    seek(target);
    if (time >= recording.endNanos()) {
      playing = false;
    }
    return time != before;
  }
}
