package dev.egret.topology.controlplane.egressgateway;

import java.nio.charset.StandardCharsets;

/**
 * 32-bit FNV-1a, which Cilium 1.18 applies to an endpoint's UID to pick its gateway among a
 * policy's {@code egressGateways} (pkg/egressgateway/policy.go, reference §2.1).
 */
public final class Fnv1a32 {
  /** The FNV-1a 32-bit offset basis, 2166136261. */
  public static final int OFFSET_BASIS = 0x811c9dc5;

  /** The FNV 32-bit prime, 16777619. */
  public static final int PRIME = 0x01000193;

  private Fnv1a32() {}

  /** The hash of the UTF-8 bytes of {@code s}, as an unsigned value in a long. */
  public static long hash(String s) {
    int h = OFFSET_BASIS;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= PRIME;
    }
    return Integer.toUnsignedLong(h);
  }
}
