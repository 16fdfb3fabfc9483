package dev.egret.scenarios.traffic;

import dev.egret.sim.Simulation;

/**
 * The {@code http} action for one source host, like {@code curl --max-time TIMEOUT
 * http://dst:port/}: connect, send curl's {@code GET /} once established, read the response until
 * the server closes (the apps answer with {@code Connection: close} and close), then close. The
 * whole exchange must finish within {@code timeout}; at the timeout an established connection is
 * aborted with RST and one still connecting is dropped silently (the SYN retransmissions stop);
 * either way the outcome is {@link FlowOutcome#TIMED_OUT}.
 *
 * <p>Reports (see {@link ClientObserver}): started at the first SYN, handshake at the SYN-ACK,
 * first answer at the first response byte, finished when the server's FIN arrived ({@link
 * FlowOutcome#CLOSED}; our FIN then leaves, and the kernel finishes the close on its own), on a RST
 * ({@link FlowOutcome#RESET}, {@link FlowOutcome#REFUSED}) or at the timeout. The response is in
 * {@link FlowReport#responseBytes()}, its body in {@link FlowReport#responseBody()}.
 *
 * <p>Schedule it at the action's time: {@code sim.scheduleAt(at, activity)}.
 */
public final class HttpActivity extends TcpClientFlow {
  private final long timeout;
  private final byte[] request;

  /**
   * @param hostHeader the Host header's host (the external's name or the IP as written)
   * @param id the flow id (non-zero), the tag of all its frames
   * @param loadIndex the position in a {@code load} action, or -1
   */
  public HttpActivity(
      HostStack host,
      int dstIp,
      int dstPort,
      String hostHeader,
      long timeout,
      long id,
      int loadIndex,
      ClientObserver observer) {
    super(host, new FlowReport(id, FlowKind.HTTP, host, dstIp, dstPort, loadIndex), observer);
    this.timeout = timeout;
    this.request = HttpMessages.request(hostHeader, dstPort);
  }

  @Override
  public void run(Simulation sim) {
    if (connect()) {
      deadlineAt(now() + timeout);
    }
  }

  @Override
  public void established(TcpConnection c) {
    handshakeCompleted();
    c.send(request);
  }

  @Override
  public void data(TcpConnection c, byte[] b, int off, int len) {
    answered();
    report.appendResponse(b, off, len);
  }

  @Override
  public void peerClosed(TcpConnection c) {
    c.close();
    finish(FlowOutcome.CLOSED);
  }

  @Override
  void onDeadline() {
    giveUp();
  }
}
