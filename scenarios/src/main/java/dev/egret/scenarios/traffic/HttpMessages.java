package dev.egret.scenarios.traffic;

import java.nio.charset.StandardCharsets;

/**
 * The HTTP/1.1 bytes the simulated clients and servers exchange (RFC 9112), and the little parsing
 * they need. Requests look like curl's; responses like a minimal Go {@code net/http} server's with
 * {@code Connection: close}.
 */
public final class HttpMessages {
  /** The end of an HTTP header block. */
  static final byte[] HEADER_END = {'\r', '\n', '\r', '\n'};

  /** The HTTP default port: a Host header for it carries no port. */
  static final int HTTP_PORT = 80;

  /** The User-Agent the simulated curl sends. */
  static final String USER_AGENT = "curl/8.5.0";

  private HttpMessages() {}

  /** curl's {@code GET /} request for {@code host} (an IP or name) and port. */
  public static byte[] request(String host, int port) {
    String authority = port == HTTP_PORT ? host : host + ":" + port;
    return ("GET / HTTP/1.1\r\nHost: "
            + authority
            + "\r\nUser-Agent: "
            + USER_AGENT
            + "\r\nAccept: */*\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** A {@code 200 OK} text/plain response with {@code body}, announcing the close. */
  public static byte[] okResponse(String body) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    String head =
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
            + b.length
            + "\r\nConnection: close\r\n\r\n";
    byte[] h = head.getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[h.length + b.length];
    System.arraycopy(h, 0, all, 0, h.length);
    System.arraycopy(b, 0, all, h.length, b.length);
    return all;
  }

  /**
   * Feeds bytes to an incremental search for {@link #HEADER_END}: {@code matched} is how many bytes
   * of it matched at the end of the previous chunk; returns the new count, {@code 4} once the
   * header block is complete.
   */
  static int scanHeaderEnd(int matched, byte[] b, int off, int len) {
    int m = matched;
    for (int i = off; i < off + len && m < HEADER_END.length; i++) {
      if (b[i] == HEADER_END[m]) {
        m++;
      } else {
        m = b[i] == HEADER_END[0] ? 1 : 0;
      }
    }
    return m;
  }

  /** The index just after the header block in {@code msg}, or -1 if incomplete. */
  static int bodyStart(byte[] msg, int len) {
    int m = scanHeaderEnd(0, msg, 0, len);
    if (m < HEADER_END.length) {
      return -1;
    }
    for (int i = 0; i + HEADER_END.length <= len; i++) {
      if (msg[i] == '\r' && msg[i + 1] == '\n' && msg[i + 2] == '\r' && msg[i + 3] == '\n') {
        return i + HEADER_END.length;
      }
    }
    return -1;
  }

  /** The status code of a response ({@code HTTP/1.1 200 OK} → 200), or -1. */
  static int status(byte[] msg, int len) {
    String prefix = "HTTP/1.";
    int p = prefix.length() + 2;
    if (len < p + 3) {
      return -1;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (msg[i] != prefix.charAt(i)) {
        return -1;
      }
    }
    int code = 0;
    for (int i = p; i < p + 3; i++) {
      if (msg[i] < '0' || msg[i] > '9') {
        return -1;
      }
      code = code * 10 + (msg[i] - '0');
    }
    return code;
  }
}
