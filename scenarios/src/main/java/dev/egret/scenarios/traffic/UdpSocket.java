package dev.egret.scenarios.traffic;

/**
 * A UDP socket of a {@link HostStack}: a server socket bound to a port ({@link HostStack#bindUdp}),
 * receiving from anyone, or a client socket connected to one peer on an ephemeral port ({@link
 * HostStack#connectUdp}), receiving only from it (as Linux's {@code __udp4_lib_lookup} scores a
 * connected socket).
 *
 * <p>*
 *
 * <p>Datagrams that fit the MTU leave with DF set, like Linux's default {@code IP_PMTUDISC_WANT};
 * larger ones (up to 65507 bytes) are fragmented without DF. A connected socket numbers its IP ids
 * from a random start; an unconnected one sends id 0 with DF, a random id without ({@code
 * ip_select_ident_segs}).
 */
public final class UdpSocket {
  private final UdpLayer layer;
  private final int localPort;
  private final int remoteIp;
  private final int remotePort;
  private final boolean connected;
  final UdpHandler handler;
  private long tag;
  private int ipId;
  private boolean closed;

  UdpSocket(
      UdpLayer layer,
      int localPort,
      int remoteIp,
      int remotePort,
      boolean connected,
      UdpHandler handler,
      long tag,
      int ipId) {
    this.layer = layer;
    this.localPort = localPort;
    this.remoteIp = remoteIp;
    this.remotePort = remotePort;
    this.connected = connected;
    this.handler = handler;
    this.tag = tag;
    this.ipId = ipId;
  }

  /**
   * Sends a datagram to the connected peer, tagged with the socket's tag. False if the socket is
   * closed or the payload exceeds 65507 bytes (EMSGSIZE).
   */
  public boolean send(byte[] b, int off, int len) {
    if (!connected) {
      throw new IllegalStateException("send() needs a connected socket; use sendTo()");
    }
    return sendTo(remoteIp, remotePort, b, off, len, tag);
  }

  /** Sends a datagram to any peer with the given tag (a server answering carries the request's). */
  public boolean sendTo(int dstIp, int dstPort, byte[] b, int off, int len, long frameTag) {
    if (closed) {
      return false;
    }
    int id = -1;
    if (connected) {
      id = ipId & 0xffff;
      ipId++;
    }
    return layer.send(localPort, dstIp, dstPort, b, off, len, id, frameTag);
  }

  /** Unbinds the port. */
  public void close() {
    if (!closed) {
      closed = true;
      layer.unbind(this);
    }
  }

  public int localPort() {
    return localPort;
  }

  /** The connected peer's address, 0 for a server socket. */
  public int remoteIp() {
    return remoteIp;
  }

  /** The connected peer's port, 0 for a server socket. */
  public int remotePort() {
    return remotePort;
  }

  public boolean isConnected() {
    return connected;
  }

  public boolean isClosed() {
    return closed;
  }

  /** The tag of the socket's own datagrams. */
  public long tag() {
    return tag;
  }
}
