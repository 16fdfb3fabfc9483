package dev.egret.scenarios.traffic;

import static dev.egret.scenarios.traffic.LinuxTcp.LINUX_EPHEMERAL_MAX;
import static dev.egret.scenarios.traffic.LinuxTcp.LINUX_EPHEMERAL_MIN;

import dev.egret.sim.Rng;
import java.util.function.IntPredicate;

/**
 * Ephemeral port choice of one host and protocol, in Linux's default {@code ip_local_port_range}
 * 32768–60999, from a seeded stream.
 */
final class EphemeralPorts {
  /** How many ports the range holds. */
  static final int RANGE_SIZE = LINUX_EPHEMERAL_MAX - LINUX_EPHEMERAL_MIN + 1;

  /** {@code __inet_hash_connect} walks ports of one parity first, two at a time. */
  private static final int CONNECT_STEP = 2;

  /** No port is free. */
  static final int NONE = -1;

  private final Rng rng;

  EphemeralPorts(Rng rng) {
    this.rng = rng;
  }

  /**
   * The port for a TCP {@code connect()}, modelled on {@code __inet_hash_connect} ({@code
   * net/ipv4/inet_hashtables.c}): start at a random even offset (the kernel's is a keyed hash of
   * the addresses plus a perturbation table; egret draws it from the host's stream), walk the ports
   * of that parity in steps of two, wrapping, then those of the other parity; the first port whose
   * 4-tuple is free wins. Returns {@link #NONE} when every port is taken (EADDRNOTAVAIL).
   */
  int pickForConnect(IntPredicate inUse) {
    int offset = (int) (rng.nextU32() % RANGE_SIZE) & ~1;
    for (int parity = 0; parity < 2; parity++, offset++) {
      int port = LINUX_EPHEMERAL_MIN + offset;
      for (int i = 0; i < RANGE_SIZE; i += CONNECT_STEP, port += CONNECT_STEP) {
        if (port > LINUX_EPHEMERAL_MAX) {
          port -= RANGE_SIZE;
        }
        if (!inUse.test(port)) {
          return port;
        }
      }
    }
    return NONE;
  }

  /**
   * The port for an unbound UDP socket's autobind ({@code udp_lib_get_port} with port 0),
   * simplified: a random start, then the next free port upwards, wrapping. {@link #NONE} if all are
   * bound.
   */
  int pickForBind(IntPredicate inUse) {
    int offset = (int) (rng.nextU32() % RANGE_SIZE);
    for (int i = 0; i < RANGE_SIZE; i++) {
      int port = LINUX_EPHEMERAL_MIN + (offset + i) % RANGE_SIZE;
      if (!inUse.test(port)) {
        return port;
      }
    }
    return NONE;
  }
}
