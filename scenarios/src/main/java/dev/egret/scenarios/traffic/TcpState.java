package dev.egret.scenarios.traffic;

/**
 * The TCP connection states of RFC 9293 §3.3.2 (Linux's {@code TCP_ESTABLISHED} … {@code
 * TCP_CLOSING} in {@code include/net/tcp_states.h}). LISTEN is not a connection state here: a
 * listener is a port bound to a {@link TcpServerApp}, and a SYN to it creates a connection in
 * SYN_RCVD, as Linux's request sockets do.
 */
public enum TcpState {
  SYN_SENT,
  SYN_RCVD,
  ESTABLISHED,
  FIN_WAIT_1,
  FIN_WAIT_2,
  CLOSING,
  TIME_WAIT,
  CLOSE_WAIT,
  LAST_ACK,
  CLOSED;

  /** Whether both sequence spaces are known (SYN exchanged and acknowledged). */
  public boolean isSynchronized() {
    return this != SYN_SENT && this != SYN_RCVD && this != CLOSED;
  }
}
