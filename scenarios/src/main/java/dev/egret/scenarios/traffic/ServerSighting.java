package dev.egret.scenarios.traffic;

import dev.egret.datapath.net.Ip4;
import dev.egret.scenarios.model.Protocol;

/**
 * What a destination host saw of the first packet of a connection or flow: the source as it arrived
 * (after every NAT on the way).
 *
 * @param tag the frame's {@link dev.egret.datapath.packet.Skb#tag()}: the flow id of the client
 * @param protocol TCP, UDP or ICMP
 * @param serverIp the receiving host's address
 * @param serverPort the destination port (0 for ICMP)
 * @param peerIp the source address the server saw
 * @param peerPort the source port it saw; for ICMP the echo id
 * @param at the simulation time of arrival, nanoseconds
 * @param listening whether a socket was bound to the port (false: a RST or an ICMP port unreachable
 *     answered it); always true for ICMP echo
 */
public record ServerSighting(
    long tag,
    Protocol protocol,
    int serverIp,
    int serverPort,
    int peerIp,
    int peerPort,
    long at,
    boolean listening) {

  /** The peer as {@code ip:port}, the way echo-ip prints it. */
  public String peer() {
    return Ip4.format(peerIp) + ":" + peerPort;
  }
}
