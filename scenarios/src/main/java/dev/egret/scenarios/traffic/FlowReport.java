package dev.egret.scenarios.traffic;

import dev.egret.datapath.net.Ip4;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The client's record of one connection or flow, filled in as it goes and handed to a {@link
 * ClientObserver}. Times are simulation nanoseconds, {@link #NEVER} when the moment did not come.
 * Enough to fill SPEC §5's {@code ConnectionResult} on the client's side: {@code replyReceived} is
 * {@link #replyReceived()}, {@code rttMicros} is {@link #rttNanos()} / 1000; the seen source comes
 * from the server's {@link ServerSighting} with the same {@link #id()} (or, for HTTP to echo-ip,
 * from {@link #echoedSource()}).
 */
public final class FlowReport {
  /** A time that did not happen. */
  public static final long NEVER = -1;

  /** At most this much of an HTTP response is kept. */
  public static final int MAX_RESPONSE_BYTES = 64 * 1024;

  private final long id;
  private final FlowKind kind;
  private final HostStack host;
  private final int localIp;
  private final int remoteIp;
  private final int remotePort;
  private final int loadIndex;

  int localPort;
  long startedAt = NEVER;
  long handshakeAt = NEVER;
  long firstAnswerAt = NEVER;
  long finishedAt = NEVER;
  FlowOutcome outcome;
  long bytesSent;
  long bytesAcked;
  long bytesReceived;
  int synRetransmits;
  long retransmittedSegments;
  long packetsSent;
  long answersReceived;
  long icmpErrors;
  private byte[] response;
  private int responseLen;

  FlowReport(long id, FlowKind kind, HostStack host, int remoteIp, int remotePort, int loadIndex) {
    this.id = id;
    this.kind = kind;
    this.host = host;
    this.localIp = host.ip();
    this.remoteIp = remoteIp;
    this.remotePort = remotePort;
    this.loadIndex = loadIndex;
  }

  /** The flow id: the {@link dev.egret.datapath.packet.Skb#tag()} of all its frames. */
  public long id() {
    return id;
  }

  public FlowKind kind() {
    return kind;
  }

  /** The source host (the pod). */
  public HostStack host() {
    return host;
  }

  /** The source address the flow used (the pod's IP when it started). */
  public int localIp() {
    return localIp;
  }

  /** The ephemeral source port (TCP, UDP) or the ICMP echo id (ping); 0 before start. */
  public int localPort() {
    return localPort;
  }

  public int remoteIp() {
    return remoteIp;
  }

  /** The destination port; 0 for ping. */
  public int remotePort() {
    return remotePort;
  }

  /** The position of this connection in its {@code load} action, or -1 for other actions. */
  public int loadIndex() {
    return loadIndex;
  }

  /** When the first frame left (the first SYN, datagram or echo request). */
  public long startedAt() {
    return startedAt;
  }

  /** TCP: when the SYN-ACK arrived. */
  public long handshakeAt() {
    return handshakeAt;
  }

  /** When the first answer arrived (see {@link ClientObserver#firstAnswer}). */
  public long firstAnswerAt() {
    return firstAnswerAt;
  }

  /** When the client application was done with the flow. */
  public long finishedAt() {
    return finishedAt;
  }

  /** The outcome, null until finished. */
  public FlowOutcome outcome() {
    return outcome;
  }

  /** Whether any answer came back. */
  public boolean replyReceived() {
    return firstAnswerAt != NEVER;
  }

  /** First frame to first answer, or {@link #NEVER}. */
  public long rttNanos() {
    return firstAnswerAt == NEVER || startedAt == NEVER ? NEVER : firstAnswerAt - startedAt;
  }

  /** TCP: payload bytes sent at least once; UDP: payload bytes of all datagrams sent. */
  public long bytesSent() {
    return bytesSent;
  }

  /** TCP: payload bytes the peer acknowledged. */
  public long bytesAcked() {
    return bytesAcked;
  }

  /** Payload bytes received from the peer (TCP in-order data, UDP echoes). */
  public long bytesReceived() {
    return bytesReceived;
  }

  /** TCP: how often the SYN was retransmitted. */
  public int synRetransmits() {
    return synRetransmits;
  }

  /** TCP: data or FIN segments sent again after an RTO. */
  public long retransmittedSegments() {
    return retransmittedSegments;
  }

  /** UDP: datagrams sent; ping: echo requests sent; TCP: segments sent (SYNs included). */
  public long packetsSent() {
    return packetsSent;
  }

  /** UDP: echoes received; ping: distinct requests answered. */
  public long answersReceived() {
    return answersReceived;
  }

  /** ICMP errors (destination unreachable) received for the flow. */
  public long icmpErrors() {
    return icmpErrors;
  }

  /** HTTP: the response bytes received so far (headers and body, at most 64 KiB). */
  public byte[] responseBytes() {
    return response == null ? new byte[0] : Arrays.copyOf(response, responseLen);
  }

  /** HTTP: the status code, or -1 without a status line. */
  public int httpStatus() {
    return response == null ? -1 : HttpMessages.status(response, responseLen);
  }

  /** HTTP: the body after the header block, or null if the headers did not all arrive. */
  public String responseBody() {
    if (response == null) {
      return null;
    }
    int start = HttpMessages.bodyStart(response, responseLen);
    return start < 0
        ? null
        : new String(response, start, responseLen - start, StandardCharsets.UTF_8);
  }

  /** HTTP to echo-ip: the source the server saw, parsed from the body; null if none. */
  public IpPort echoedSource() {
    return IpPort.parse(responseBody());
  }

  void appendResponse(byte[] b, int off, int len) {
    int n = Math.min(len, MAX_RESPONSE_BYTES - responseLen);
    if (n <= 0) {
      return;
    }
    if (response == null) {
      response = new byte[Math.max(n, 256)];
    } else if (responseLen + n > response.length) {
      response = Arrays.copyOf(response, Math.max(responseLen + n, response.length * 2));
    }
    System.arraycopy(b, off, response, responseLen, n);
    responseLen += n;
  }

  @Override
  public String toString() {
    return kind
        + " #"
        + id
        + " "
        + Ip4.format(localIp)
        + ":"
        + localPort
        + " -> "
        + Ip4.format(remoteIp)
        + ":"
        + remotePort
        + " "
        + outcome;
  }
}
