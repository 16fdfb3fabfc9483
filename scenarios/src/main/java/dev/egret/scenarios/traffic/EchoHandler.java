package dev.egret.scenarios.traffic;

/**
 * The application side of an {@link EchoSocket}. Callbacks run inside {@link HostStack#receive}.
 */
public interface EchoHandler {
  /**
   * An echo reply with this socket's id arrived from the socket's destination; the payload bytes
   * are valid only during the call.
   */
  void reply(EchoSocket socket, int seq, byte[] b, int off, int len, long tag);

  /** An ICMP destination unreachable quoting one of this socket's requests arrived. */
  default void unreachable(EchoSocket socket, int icmpType, int icmpCode) {}
}
