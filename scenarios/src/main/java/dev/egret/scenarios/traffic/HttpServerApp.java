package dev.egret.scenarios.traffic;

/**
 * A minimal HTTP/1.1 server on a TCP port: the {@code echo-ip} and {@code http} apps. For each
 * connection it reads until the end of the request's header block ({@code \r\n\r\n}), answers
 * {@code 200 OK} ({@code Content-Type: text/plain}, {@code Content-Length}, {@code Connection:
 * close}) and closes its side, so the response's last segment carries the FIN. {@code echo-ip}'s
 * body is the peer's {@code ip:port} as the server saw it, then a newline (seeds/004's echoip
 * printed the IP; egret adds the port); {@code http}'s body is fixed. A peer that closes before
 * finishing its request gets a FIN back without an answer.
 */
public final class HttpServerApp implements TcpServerApp {
  /** The body of an {@code http} service without {@code response}. */
  public static final String DEFAULT_BODY = "ok\n";

  private final boolean echoIp;
  private final byte[] fixedResponse;
  private long requests;

  private HttpServerApp(boolean echoIp, String body) {
    this.echoIp = echoIp;
    this.fixedResponse = echoIp ? null : HttpMessages.okResponse(body);
  }

  /** The {@code echo-ip} app. */
  public static HttpServerApp echoIp() {
    return new HttpServerApp(true, null);
  }

  /** The {@code http} app answering {@code body} (null: {@link #DEFAULT_BODY}). */
  public static HttpServerApp fixed(String body) {
    return new HttpServerApp(false, body == null ? DEFAULT_BODY : body);
  }

  /** Requests answered so far. */
  public long requests() {
    return requests;
  }

  @Override
  public TcpHandler accept(TcpConnection connection) {
    return new Exchange();
  }

  private byte[] responseFor(TcpConnection c) {
    if (!echoIp) {
      return fixedResponse;
    }
    return HttpMessages.okResponse(new IpPort(c.remoteIp(), c.remotePort()) + "\n");
  }

  /** One connection's request parsing state. */
  private final class Exchange implements TcpHandler {
    private int matched;
    private boolean answered;

    @Override
    public void data(TcpConnection c, byte[] b, int off, int len) {
      if (answered) {
        return;
      }
      matched = HttpMessages.scanHeaderEnd(matched, b, off, len);
      if (matched == HttpMessages.HEADER_END.length) {
        answered = true;
        requests++;
        c.send(responseFor(c));
        c.close();
      }
    }

    @Override
    public void peerClosed(TcpConnection c) {
      c.close();
    }
  }

  @Override
  public String toString() {
    return echoIp ? "echo-ip" : "http";
  }
}
