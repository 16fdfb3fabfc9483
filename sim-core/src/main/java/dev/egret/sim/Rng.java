package dev.egret.sim;

import java.nio.charset.StandardCharsets;

/**
 * A seeded pseudo-random stream (SplitMix64, Steele, Lea and Flood, OOPSLA 2014), with named child
 * streams.
 *
 * <p>Every random choice in egret comes from a stream derived from the scenario's one root seed and
 * a component name, for example {@code root.stream("node/k8s-worker-2/prandom")}. A child stream
 * depends only on its parent's seed and its own name, never on draws made so far, so adding a new
 * component (and its stream) never changes the draws of another. The algorithm is fixed here, not
 * borrowed from the JDK, so the same seed gives the same numbers on every Java version.
 */
public final class Rng {
  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

  private final long seed;
  private long state;

  private Rng(long seed) {
    this.seed = seed;
    this.state = seed;
  }

  /** The root stream of a run. */
  public static Rng root(long seed) {
    return new Rng(mix64(seed ^ 0x6a09e667f3bcc909L));
  }

  /** The child stream named {@code name}; the same name always gives the same stream. */
  public Rng stream(String name) {
    return new Rng(mix64(seed ^ mix64(fnv1a64(name))));
  }

  /** The seed this stream started from (for diagnostics). */
  public long seed() {
    return seed;
  }

  /** 64 random bits. */
  public long nextLong() {
    state += GOLDEN_GAMMA;
    return mix64(state);
  }

  /** 32 random bits as an int. */
  public int nextInt() {
    return (int) (nextLong() >>> 32);
  }

  /** 32 random bits as an unsigned value, like the kernel's {@code get_prandom_u32()}. */
  public long nextU32() {
    return nextLong() >>> 32;
  }

  /** Uniform in [0, bound), without modulo bias (Lemire's method). */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
    long m = (nextLong() >>> 32) * bound;
    long low = m & 0xffffffffL;
    if (low < bound) {
      long threshold = (0x1_0000_0000L - bound) % bound;
      while (low < threshold) {
        m = (nextLong() >>> 32) * bound;
        low = m & 0xffffffffL;
      }
    }
    return (int) (m >>> 32);
  }

  /** Uniform in [origin, bound). */
  public long nextLong(long origin, long bound) {
    if (origin >= bound) {
      throw new IllegalArgumentException("empty range [" + origin + ", " + bound + ")");
    }
    long n = bound - origin;
    if (n > 0) {
      long r = nextLong() >>> 1;
      long m = n - 1;
      for (long u = r; u + m - (r = u % n) < 0; u = nextLong() >>> 1) {
        // rejection keeps the distribution uniform
      }
      return origin + r;
    }
    long r;
    do {
      r = nextLong();
    } while (r < origin || r >= bound);
    return r;
  }

  /** Uniform in [0, 1) with 53 bits of precision. */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Exponentially distributed with the given mean. */
  public double nextExponential(double mean) {
    return -mean * Math.log1p(-nextDouble());
  }

  /** Fills {@code bytes} with random bytes. */
  public void nextBytes(byte[] bytes) {
    int i = 0;
    while (i < bytes.length) {
      long r = nextLong();
      for (int k = 0; k < 8 && i < bytes.length; k++, r >>>= 8) {
        bytes[i++] = (byte) r;
      }
    }
  }

  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  static long fnv1a64(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= (b & 0xff);
      h *= 0x100000001b3L;
    }
    return h;
  }
}
