package dev.egret.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RngTest {

  @Test
  void sameSeedAndNameGiveTheSameStream() {
    Rng a = Rng.root(7).stream("node/worker-2/prandom");
    Rng b = Rng.root(7).stream("node/worker-2/prandom");
    for (int i = 0; i < 1000; i++) {
      assertEquals(a.nextLong(), b.nextLong());
    }
  }

  @Test
  void addingAComponentDoesNotChangeAnotherOnesDraws() {
    Rng root1 = Rng.root(7);
    Rng x1 = root1.stream("x");
    long first = x1.nextLong();

    Rng root2 = Rng.root(7);
    Rng y = root2.stream("y"); // a new component, created first and drawn from
    y.nextLong();
    y.nextLong();
    Rng x2 = root2.stream("x");
    assertEquals(first, x2.nextLong());
  }

  @Test
  void differentNamesAndSeedsDiffer() {
    assertNotEquals(Rng.root(7).stream("a").nextLong(), Rng.root(7).stream("b").nextLong());
    assertNotEquals(Rng.root(7).stream("a").nextLong(), Rng.root(8).stream("a").nextLong());
  }

  @Test
  void boundedDrawsStayInRangeAndCoverIt() {
    Rng r = Rng.root(1);
    int[] counts = new int[7];
    for (int i = 0; i < 70_000; i++) {
      counts[r.nextInt(7)]++;
    }
    for (int c : counts) {
      assertTrue(c > 9_000 && c < 11_000, "roughly uniform: " + c);
    }
    for (int i = 0; i < 10_000; i++) {
      long v = r.nextLong(32768, 65536);
      assertTrue(v >= 32768 && v < 65536);
      long u = r.nextU32();
      assertTrue(u >= 0 && u <= 0xffffffffL);
    }
  }

  @Test
  void exponentialHasTheRequestedMean() {
    Rng r = Rng.root(3);
    double sum = 0;
    int n = 200_000;
    for (int i = 0; i < n; i++) {
      sum += r.nextExponential(2.0);
    }
    assertEquals(2.0, sum / n, 0.03);
  }
}
