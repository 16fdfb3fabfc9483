package dev.egret.scenarios.traffic;

/** The application side of a UDP socket. Callbacks run inside {@link HostStack#receive}. */
public interface UdpHandler {
  /**
   * A datagram arrived; the payload bytes are valid only during the call.
   *
   * @param tag the tag of the frame that carried it (answers should carry it too)
   */
  void datagram(UdpSocket socket, int srcIp, int srcPort, byte[] b, int off, int len, long tag);

  /**
   * An ICMP destination unreachable came back for a datagram this (connected) socket sent, e.g.
   * port unreachable (ECONNREFUSED).
   */
  default void unreachable(UdpSocket socket, int icmpType, int icmpCode) {}
}
