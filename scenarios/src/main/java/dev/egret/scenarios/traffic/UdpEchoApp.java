package dev.egret.scenarios.traffic;

/** The {@code udp-echo} app: sends every datagram back to its source, with the same tag. */
public final class UdpEchoApp implements UdpHandler {
  private long echoed;

  @Override
  public void datagram(
      UdpSocket socket, int srcIp, int srcPort, byte[] b, int off, int len, long tag) {
    if (socket.sendTo(srcIp, srcPort, b, off, len, tag)) {
      echoed++;
    }
  }

  /** Datagrams sent back. */
  public long echoed() {
    return echoed;
  }
}
