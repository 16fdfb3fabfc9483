package dev.egret.scenarios.traffic;

/**
 * An ICMP echo endpoint, like a ping socket: one echo id (from the host's seeded stream, unique
 * among the host's open sockets) and one destination. Requests leave with DF set and IP id 0, as
 * Linux sends them from an unconnected socket ({@code ip_select_ident_segs}).
 */
public final class EchoSocket {
  private final IcmpLayer layer;
  private final int echoId;
  private final int dstIp;
  private final long tag;
  final EchoHandler handler;
  private boolean closed;

  EchoSocket(IcmpLayer layer, int echoId, int dstIp, long tag, EchoHandler handler) {
    this.layer = layer;
    this.echoId = echoId;
    this.dstIp = dstIp;
    this.tag = tag;
    this.handler = handler;
  }

  /** Sends an echo request with sequence number {@code seq} and the given payload. */
  public void request(int seq, byte[] payload, int off, int len) {
    if (!closed) {
      layer.sendRequest(this, seq, payload, off, len);
    }
  }

  /** Releases the echo id. */
  public void close() {
    if (!closed) {
      closed = true;
      layer.close(this);
    }
  }

  /** The ICMP echo identifier. */
  public int echoId() {
    return echoId;
  }

  public int dstIp() {
    return dstIp;
  }

  public long tag() {
    return tag;
  }

  public boolean isClosed() {
    return closed;
  }
}
