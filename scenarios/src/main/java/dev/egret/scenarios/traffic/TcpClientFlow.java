package dev.egret.scenarios.traffic;

/**
 * The TCP side shared by the {@code http} and {@code tcp} activities: connecting, copying the
 * connection's counters into the report, and mapping how the connection ended to an outcome.
 */
abstract class TcpClientFlow extends ClientFlow implements TcpHandler {
  TcpConnection connection;

  TcpClientFlow(HostStack host, FlowReport report, ClientObserver observer) {
    super(host, report, observer);
  }

  /** Opens the connection (the SYN leaves now); false, already finished, if no port was free. */
  final boolean connect() {
    connection = host.connectTcpDeferred(report.remoteIp(), report.remotePort(), report.id(), this);
    if (connection == null) {
      finish(FlowOutcome.NO_LOCAL_PORT);
      return false;
    }
    started(connection.localPort());
    connection.start();
    return true;
  }

  final void handshakeCompleted() {
    report.handshakeAt = now();
    observer.handshakeCompleted(report);
  }

  @Override
  void collect() {
    TcpConnection c = connection;
    if (c != null) {
      report.bytesSent = c.bytesSent();
      report.bytesAcked = c.bytesAcked();
      report.bytesReceived = c.bytesReceived();
      report.synRetransmits = c.synRetransmits();
      report.retransmittedSegments = c.retransmittedSegments();
      report.packetsSent = c.segmentsSent();
    }
  }

  @Override
  public void closed(TcpConnection c, TcpCloseReason reason) {
    finish(
        switch (reason) {
          case CLOSED -> FlowOutcome.CLOSED;
          case RESET -> FlowOutcome.RESET;
          case REFUSED -> FlowOutcome.REFUSED;
          case UNREACHABLE -> FlowOutcome.UNREACHABLE;
          case TIMED_OUT, ABORTED -> FlowOutcome.TIMED_OUT;
        });
  }

  /**
   * Gives up: aborts (RST if synchronized, silently in SYN_SENT; the client aborts only at its
   * timeout, so {@link TcpCloseReason#ABORTED} reads as TIMED_OUT) and reports TIMED_OUT.
   */
  final void giveUp() {
    if (connection != null) {
      connection.abort();
    }
    finish(FlowOutcome.TIMED_OUT);
  }
}
