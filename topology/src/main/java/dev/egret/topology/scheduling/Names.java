package dev.egret.topology.scheduling;

import dev.egret.sim.Rng;

/**
 * Deterministic names and UIDs for controller-made pods, shaped like Kubernetes'.
 *
 * <p>Kubernetes names a Deployment's pods {@code <deployment>-<pod-template-hash>-<5 chars>} and a
 * DaemonSet's {@code <daemonset>-<5 chars>}, the characters drawn from {@value #ALPHABET}
 * (apimachinery {@code util/rand}, which avoids vowels and look-alikes). egret draws them from the
 * seeded stream {@code scheduling/<namespace>/<workload>}, so the same seed gives the same names.
 */
public final class Names {
  /** Kubernetes' {@code util/rand} alphabet. */
  public static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  /** Length of a pod-template-hash. */
  public static final int TEMPLATE_HASH_LENGTH = 10;

  /** Length of a generated name suffix. */
  public static final int SUFFIX_LENGTH = 5;

  private Names() {}

  /** {@code n} characters of the alphabet drawn from {@code rng}. */
  public static String draw(Rng rng, int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(ALPHABET.charAt(rng.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }

  /**
   * A UUID-shaped UID (version 4 layout) derived from the seed and the pod's namespace/name, used
   * when {@code metadata.uid} is not given; it feeds the 1.18 gateway hash.
   */
  public static String uid(Rng root, String namespace, String name) {
    Rng r = root.stream("uid/" + namespace + "/" + name);
    long hi = r.nextLong();
    long lo = r.nextLong();
    hi = (hi & ~0xf000L) | 0x4000L; // version 4
    lo = (lo & 0x3fffffffffffffffL) | 0x8000000000000000L; // IETF variant
    String h = hex16(hi) + hex16(lo); // as String.format("%016x%016x"), without its parser
    return h.substring(0, 8)
        + "-"
        + h.substring(8, 12)
        + "-"
        + h.substring(12, 16)
        + "-"
        + h.substring(16, 20)
        + "-"
        + h.substring(20);
  }

  /** {@code v} as 16 lowercase hex digits, zero-padded (unsigned, as {@code %016x}). */
  static String hex16(long v) {
    char[] c = new char[16];
    for (int i = 15; i >= 0; i--) {
      c[i] = Character.forDigit((int) (v & 0xf), 16);
      v >>>= 4;
    }
    return new String(c);
  }
}
