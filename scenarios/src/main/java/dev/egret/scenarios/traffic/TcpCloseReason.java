package dev.egret.scenarios.traffic;

/** Why a TCP connection ended (see {@link TcpHandler#closed}). */
public enum TcpCloseReason {
  /** Both FINs were exchanged and ours was acknowledged. */
  CLOSED,
  /** A RST arrived on a synchronized connection (ECONNRESET). */
  RESET,
  /** A RST answered our SYN (ECONNREFUSED). */
  REFUSED,
  /**
   * An ICMP destination unreachable answered the SYN (EHOSTUNREACH, ECONNREFUSED, …: {@code
   * tcp_v4_err} ends a connection in SYN_SENT at once).
   */
  UNREACHABLE,
  /** Retransmissions were exhausted (ETIMEDOUT). */
  TIMED_OUT,
  /** The local application aborted it ({@link TcpConnection#abort()}). */
  ABORTED
}
