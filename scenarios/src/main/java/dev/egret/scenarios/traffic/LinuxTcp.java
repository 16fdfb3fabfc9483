package dev.egret.scenarios.traffic;

import dev.egret.sim.Durations;

/**
 * The Linux TCP/IP defaults the simulated stacks reproduce, with where they come from (Linux 6.x,
 * {@code include/net/tcp.h} unless said otherwise), and the few values egret chooses itself.
 */
public final class LinuxTcp {
  private LinuxTcp() {}

  /** Lowest ephemeral port of {@code net.ipv4.ip_local_port_range} (default "32768 60999"). */
  public static final int LINUX_EPHEMERAL_MIN = 32768;

  /** Highest ephemeral port of {@code net.ipv4.ip_local_port_range}, inclusive. */
  public static final int LINUX_EPHEMERAL_MAX = 60999;

  /** {@code TCP_TIMEOUT_INIT}: the initial RTO, also of the SYN (RFC 6298 §2.1). */
  public static final long TCP_SYN_RTO_INITIAL = Durations.SECOND;

  /**
   * {@code TCP_TIMEOUT_FALLBACK}: the RTO once established when the SYN or SYN-ACK had to be
   * retransmitted, so no RTT sample exists (RFC 6298 §5.7; {@code tcp_init_transfer}).
   */
  public static final long TCP_RTO_FALLBACK = 3 * Durations.SECOND;

  /** {@code TCP_RTO_MIN}: the floor of the variance term of the RTO (200 ms). */
  public static final long TCP_RTO_MIN = 200 * Durations.MILLISECOND;

  /** {@code TCP_RTO_MAX}: the ceiling of the backed-off RTO. */
  public static final long TCP_RTO_MAX = 120 * Durations.SECOND;

  /**
   * {@code net.ipv4.tcp_syn_retries} (default 6): SYN retransmissions before {@code connect()}
   * fails with ETIMEDOUT, at 1, 3, 7, 15, 31 and 63 s, giving up at 127 s ({@code
   * tcp_write_timeout} in {@code net/ipv4/tcp_timer.c}).
   */
  public static final int TCP_SYN_RETRIES = 6;

  /** {@code net.ipv4.tcp_synack_retries} (default 5): SYN-ACK retransmissions of a listener. */
  public static final int TCP_SYNACK_RETRIES = 5;

  /**
   * {@code net.ipv4.tcp_retries2} (default 15): data retransmissions of an established connection
   * before it fails with ETIMEDOUT. Linux turns the count into a time budget (about 924.6 s with a
   * 200 ms RTO); egret counts consecutive RTO expirations.
   */
  public static final int TCP_RETRIES2 = 15;

  /**
   * {@code net.ipv4.tcp_orphan_retries} (default 0, which {@code tcp_orphan_retries()} turns into
   * 8): retransmissions of a connection the application has closed (FIN_WAIT_1, CLOSING, LAST_ACK).
   */
  public static final int TCP_ORPHAN_RETRIES = 8;

  /** {@code net.ipv4.tcp_fin_timeout} (default 60 s): how long an orphan stays in FIN_WAIT_2. */
  public static final long TCP_FIN_TIMEOUT = 60 * Durations.SECOND;

  /**
   * {@code TCP_TIMEWAIT_LEN} is 60 s in Linux; egret shortens TIME_WAIT to 2 s. That still re-ACKs
   * a retransmitted FIN (the peer's RTO is at least 200 ms) while keeping port usage and the
   * connection table small in long, high-rate runs.
   */
  public static final long TCP_TIMEWAIT_SIM = 2 * Durations.SECOND;

  /**
   * {@code TCP_INIT_CWND} (RFC 6928): egret's fixed send window in segments; there is no congestion
   * control, so the window never grows or shrinks.
   */
  public static final int TCP_WINDOW_SEGMENTS = 10;

  /** The receive window every segment advertises: Linux's initial 64240 (44 × 1460). */
  public static final int TCP_RCV_WINDOW = 64240;

  /** {@code TCP_MSS_DEFAULT} (RFC 9293 §3.7.1): the send MSS when the peer sent no MSS option. */
  public static final int TCP_MSS_DEFAULT = 536;

  /** IPv4 header (20) plus TCP header (20) without options: MSS = MTU − 40. */
  public static final int TCP_IP_HEADERS = 40;

  /** IPv4 header (20) plus UDP header (8): the largest unfragmented datagram is MTU − 28. */
  public static final int UDP_IP_HEADERS = 28;

  /** {@code IPDEFTTL} ({@code net.ipv4.ip_default_ttl}). */
  public static final int IP_DEFAULT_TTL = 64;
}
