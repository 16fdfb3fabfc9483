package dev.egret.scenarios.traffic;

/** How a client connection or flow ended, as the client application saw it. */
public enum FlowOutcome {
  /** TCP: the exchange completed and the connection was closed with FINs. */
  CLOSED,
  /** TCP: the peer reset an established connection (RST). */
  RESET,
  /** TCP: the SYN was answered with a RST (no listener: ECONNREFUSED). */
  REFUSED,
  /**
   * The client gave up: TCP setup or an HTTP exchange outlived the action's {@code timeout}, or
   * retransmissions were exhausted ({@code tcp_retries2}, ETIMEDOUT).
   */
  TIMED_OUT,
  /** UDP or ping: every datagram or request was answered. */
  COMPLETED,
  /** UDP or ping: the collection window ended with some (maybe all) answers missing. */
  INCOMPLETE,
  /**
   * TCP: an ICMP destination unreachable answered the SYN ("No route to host"); UDP and ping: no
   * answer, but an ICMP destination unreachable came back.
   */
  UNREACHABLE,
  /** No free ephemeral port or echo id for this destination (EADDRNOTAVAIL). */
  NO_LOCAL_PORT,
  /** UDP: a datagram larger than 65507 bytes, the UDP maximum, was asked for (EMSGSIZE). */
  MESSAGE_TOO_LONG
}
