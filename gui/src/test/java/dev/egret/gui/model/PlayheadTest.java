package dev.egret.gui.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.gui.Examples;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PlayheadTest {
  private static final long S = 1_000_000_000L;
  private static final long REAL_FRAME = 16_000_000L;
  private static Recording r;

  @BeforeAll
  static void record() {
    r = Recorder.record(Examples.load(Examples.RESCHEDULE));
  }

  @Test
  void pausedPlayheadDoesNotMove() {
    Playhead p = new Playhead(r);
    assertFalse(p.advance(REAL_FRAME));
    assertEquals(0, p.time());
  }

  @Test
  void playbackSkipsTheIdleStartAndLandsJustBeforeTheFirstEvent() {
    Playhead p = new Playhead(r);
    p.play();
    p.advance(REAL_FRAME);
    long lead = (long) (Playhead.LEAD_SECONDS * Playhead.DEFAULT_SPEED);
    assertEquals(2 * S - lead, p.time());
  }

  @Test
  void withoutSkippingPlaybackMovesAtItsSpeed() {
    Playhead p = new Playhead(r);
    p.setSkipIdle(false);
    p.setSpeed(1e6);
    p.play();
    p.advance(500_000_000L);
    assertEquals(500_000L, p.time(), "half a real second at 1 ms/s");
  }

  @Test
  void framesInFlightAreNotSkipped() {
    Playhead p = new Playhead(r);
    HopEvent h = r.hops().get(0);
    p.seek(h.time());
    p.play();
    p.advance(REAL_FRAME);
    long step = (long) (REAL_FRAME / 1e9 * Playhead.DEFAULT_SPEED);
    assertEquals(h.time() + step, p.time());
    assertTrue(h.inFlightAt(p.time()), "still watching the frame move");
  }

  @Test
  void playbackStopsAtTheEnd() {
    Playhead p = new Playhead(r);
    p.seek(r.endNanos() - 1);
    p.play();
    p.advance(S);
    assertEquals(r.endNanos(), p.time());
    assertFalse(p.isPlaying());
    p.play();
    assertEquals(0, p.time(), "play at the end starts over");
  }

  @Test
  void stepsAndSeeksStayInTheRun() {
    Playhead p = new Playhead(r);
    p.stepNext();
    assertEquals(2 * S, p.time());
    p.stepBack();
    assertEquals(0, p.time());
    p.seek(-5);
    assertEquals(0, p.time());
    p.seek(Long.MAX_VALUE);
    assertEquals(r.endNanos(), p.time());
    p.setSpeed(1);
    assertEquals(Playhead.MIN_SPEED, p.speed());
  }
}
