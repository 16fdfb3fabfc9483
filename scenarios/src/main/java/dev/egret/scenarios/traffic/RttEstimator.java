package dev.egret.scenarios.traffic;

import static dev.egret.scenarios.traffic.LinuxTcp.TCP_RTO_FALLBACK;
import static dev.egret.scenarios.traffic.LinuxTcp.TCP_RTO_MAX;
import static dev.egret.scenarios.traffic.LinuxTcp.TCP_RTO_MIN;
import static dev.egret.scenarios.traffic.LinuxTcp.TCP_SYN_RTO_INITIAL;

/**
 * The retransmission timeout of one connection: RFC 6298's smoothed RTT and variance with Linux's
 * floor, {@code RTO = SRTT + max(4 · RTTVAR, TCP_RTO_MIN)} ({@code tcp_rtt_estimator} and {@code
 * tcp_set_rto} in {@code net/ipv4/tcp_input.c} keep {@code rttvar_us >= tcp_rto_min_us}), and the
 * exponential backoff of {@code tcp_retransmit_timer} ({@code net/ipv4/tcp_timer.c}), capped at
 * {@code TCP_RTO_MAX}. Times in nanoseconds. Before any sample the RTO is {@code TCP_TIMEOUT_INIT}
 * (1 s).
 */
final class RttEstimator {
  private long srtt;
  private long rttvar;
  private boolean sampled;
  private long baseRto = TCP_SYN_RTO_INITIAL;
  private int backoff;

  /** Feeds one RTT measurement (Karn: never from a retransmitted segment) and clears backoff. */
  void sample(long rtt) {
    if (rtt < 0) {
      throw new IllegalArgumentException("negative RTT " + rtt);
    }
    if (!sampled) {
      srtt = rtt;
      rttvar = rtt / 2;
      sampled = true;
    } else {
      rttvar = (3 * rttvar + Math.abs(srtt - rtt)) / 4;
      srtt = (7 * srtt + rtt) / 8;
    }
    baseRto = Math.min(TCP_RTO_MAX, srtt + Math.max(4 * rttvar, TCP_RTO_MIN));
    backoff = 0;
  }

  /**
   * The handshake needed a retransmission and so gave no sample: the RTO falls back to 3 s (RFC
   * 6298 §5.7) unless a sample exists.
   */
  void fallBackAfterRetransmittedHandshake() {
    if (!sampled) {
      baseRto = TCP_RTO_FALLBACK;
    }
    backoff = 0;
  }

  /** One more RTO expiry: the next timeout doubles (up to {@code TCP_RTO_MAX}). */
  void backOff() {
    backoff++;
  }

  /** New data was acknowledged: the backoff is cleared ({@code icsk_backoff = 0}). */
  void clearBackoff() {
    backoff = 0;
  }

  /** The current timeout, backoff applied. */
  long rto() {
    long r = baseRto;
    for (int i = 0; i < backoff && r < TCP_RTO_MAX; i++) {
      r <<= 1;
    }
    return Math.min(r, TCP_RTO_MAX);
  }

  /** The smoothed RTT, or -1 before the first sample. */
  long srtt() {
    return sampled ? srtt : -1;
  }

  int backoffCount() {
    return backoff;
  }
}
