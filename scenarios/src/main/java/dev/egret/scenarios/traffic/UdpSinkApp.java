package dev.egret.scenarios.traffic;

/** The {@code sink} app over UDP: counts datagrams and discards them. */
public final class UdpSinkApp implements UdpHandler {
  private long datagrams;
  private long bytes;

  @Override
  public void datagram(
      UdpSocket socket, int srcIp, int srcPort, byte[] b, int off, int len, long tag) {
    datagrams++;
    bytes += len;
  }

  public long datagrams() {
    return datagrams;
  }

  public long bytes() {
    return bytes;
  }
}
