package dev.egret.scenarios.traffic;

/**
 * Told by a {@link HostStack} whenever the first packet of a connection or flow reaches it, so the
 * run's recorder learns which source the destination saw even if no answer ever makes it back.
 *
 * <p>Fires, synchronously inside {@link HostStack#receive}:
 *
 * <ul>
 *   <li>TCP: on a SYN that opens a new connection (a retransmitted SYN for a connection already in
 *       SYN_RCVD does not fire again), and on a SYN to a port without a listener (answered by RST,
 *       {@code listening} false);
 *   <li>UDP: on the first datagram of each (peer ip, peer port, local port, tag), whether or not a
 *       socket is bound ({@code listening} false: answered by ICMP port unreachable);
 *   <li>ICMP: on the first echo request of each (peer ip, echo id, tag).
 * </ul>
 */
@FunctionalInterface
public interface ServerObserver {
  /** Ignores everything. */
  ServerObserver NONE = s -> {};

  void firstPacket(ServerSighting sighting);
}
