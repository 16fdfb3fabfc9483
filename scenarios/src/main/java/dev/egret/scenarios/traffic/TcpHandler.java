package dev.egret.scenarios.traffic;

/**
 * The application side of one TCP connection: what the kernel would wake a process up for. All
 * callbacks run synchronously while the stack processes a segment or a timer; a handler may call
 * back into the connection ({@link TcpConnection#send}, {@link TcpConnection#close()}, {@link
 * TcpConnection#abort()}); segments that results in are sent when the callback returns.
 */
public interface TcpHandler {
  /**
   * The handshake completed: for a client on the SYN-ACK (SYN_SENT → ESTABLISHED), for a server on
   * the ACK of its SYN-ACK (SYN_RCVD → ESTABLISHED, where {@code accept()} would return).
   */
  default void established(TcpConnection c) {}

  /** In-order data arrived; the bytes are valid only during the call. */
  default void data(TcpConnection c, byte[] b, int off, int len) {}

  /** The peer's FIN arrived in order: end of the incoming stream ({@code read()} returns 0). */
  default void peerClosed(TcpConnection c) {}

  /** Everything sent, our FIN included, has been acknowledged. */
  default void sendCompleted(TcpConnection c) {}

  /**
   * The connection is over: both FINs exchanged and ours acknowledged (it may linger in TIME_WAIT
   * afterwards), or it was reset, refused, timed out or aborted. Called exactly once, last.
   */
  default void closed(TcpConnection c, TcpCloseReason reason) {}
}
