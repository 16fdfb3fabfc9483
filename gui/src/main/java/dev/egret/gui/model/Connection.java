package dev.egret.gui.model;

import dev.egret.datapath.net.Ip4;
import dev.egret.datapath.packet.Ipv4;
import dev.egret.scenarios.explain.ExplainRequest;
import dev.egret.scenarios.model.Protocol;

/**
 * One connection of the run (one frame tag): the client's and server's addresses as the client's
 * first frame had them, and the pod that opened it.
 *
 * @param pod {@code namespace/name} of the client pod, or null when it is not a pod
 * @param node the node the first frame was seen on
 * @param start when the first frame was seen
 */
public record Connection(
    long tag,
    String pod,
    String node,
    int clientIp,
    int clientPort,
    int serverIp,
    int serverPort,
    int proto,
    long start) {

  /** Whether a frame with inner destination {@code dst} goes from the client to the server. */
  public boolean isForward(WireFrame f) {
    return f.dst() == serverIp;
  }

  /** The client-side address of a frame: its source going out, its destination coming back. */
  public int podSideAddress(WireFrame f) {
    return isForward(f) ? f.src() : f.dst();
  }

  /** Whether the frame's client-side address is no longer the client's own (SNAT happened). */
  public boolean isTranslated(WireFrame f) {
    int a = podSideAddress(f);
    return a != 0 && a != clientIp;
  }

  /**
   * The {@code egret explain} request for a packet like this connection's first one: from its pod
   * to its server, at the time it started; null when it did not come from a pod.
   */
  public ExplainRequest explainRequest() {
    if (pod == null) {
      return null;
    }
    Protocol p =
        switch (proto) {
          case Ipv4.IPPROTO_UDP -> Protocol.UDP;
          case Ipv4.IPPROTO_ICMP -> Protocol.ICMP;
          default -> Protocol.TCP;
        };
    return new ExplainRequest(pod, serverIp, p == Protocol.ICMP ? 0 : serverPort, p, start);
  }

  /** e.g. {@code default/my-app 10.0.0.2:55122 → 198.51.100.10:80}. */
  public String describe() {
    return (pod == null ? "" : pod + " ")
        + Ip4.format(clientIp)
        + (clientPort == 0 ? "" : ":" + clientPort)
        + " → "
        + Ip4.format(serverIp)
        + (serverPort == 0 ? "" : ":" + serverPort);
  }
}
