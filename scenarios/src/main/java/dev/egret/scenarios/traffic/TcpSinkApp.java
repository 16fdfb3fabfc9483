package dev.egret.scenarios.traffic;

/**
 * The {@code sink} app over TCP: accepts connections, acknowledges and discards their data, and
 * closes its side when the peer closes (a server reading until EOF). Stateless, so one handler
 * serves every connection.
 */
public final class TcpSinkApp implements TcpServerApp, TcpHandler {
  private long connections;
  private long bytes;

  @Override
  public TcpHandler accept(TcpConnection connection) {
    connections++;
    return this;
  }

  @Override
  public void data(TcpConnection c, byte[] b, int off, int len) {
    bytes += len;
  }

  @Override
  public void peerClosed(TcpConnection c) {
    c.close();
  }

  /** Connections accepted. */
  public long connections() {
    return connections;
  }

  /** Bytes discarded. */
  public long bytes() {
    return bytes;
  }
}
