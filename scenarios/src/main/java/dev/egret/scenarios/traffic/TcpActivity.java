package dev.egret.scenarios.traffic;

import dev.egret.sim.Event;
import dev.egret.sim.Simulation;

/**
 * The {@code tcp} action for one source host (and each TCP connection of a {@code load}): connect,
 * send {@code bytes} of filler once established, keep the connection open for {@code hold} counted
 * from the handshake, then close with a FIN (after any data still queued). {@code timeout} bounds
 * the setup only: a connection not established by then is dropped ({@link FlowOutcome#TIMED_OUT});
 * once established, lost data is retransmitted until {@code tcp_retries2} gives up (also
 * TIMED_OUT).
 *
 * <p>Reports: started at the first SYN; handshake and first answer at the SYN-ACK; finished when
 * our FIN is acknowledged ({@link FlowOutcome#CLOSED}: all bytes delivered), on a RST, or on a
 * timeout.
 *
 * <p>Schedule it at the action's time: {@code sim.scheduleAt(at, activity)}.
 */
public final class TcpActivity extends TcpClientFlow {
  private final long bytes;
  private final long hold;
  private final long timeout;
  private final Event holdEnd = sim -> closeAfterHold();

  /**
   * @param id the flow id (non-zero), the tag of all its frames
   * @param loadIndex the position in a {@code load} action, or -1
   */
  public TcpActivity(
      HostStack host,
      int dstIp,
      int dstPort,
      long bytes,
      long hold,
      long timeout,
      long id,
      int loadIndex,
      ClientObserver observer) {
    super(host, new FlowReport(id, FlowKind.TCP, host, dstIp, dstPort, loadIndex), observer);
    if (bytes < 0 || hold < 0 || timeout < 0) {
      throw new IllegalArgumentException("bytes, hold and timeout must be >= 0");
    }
    this.bytes = bytes;
    this.hold = hold;
    this.timeout = timeout;
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
    answered();
    if (bytes > 0) {
      c.sendFiller(bytes);
    }
    host.sim().scheduleAfter(hold, holdEnd);
    cancelDeadline(); // the timeout bounds the setup only
  }

  private void closeAfterHold() {
    if (!isDone()) {
      connection.close();
    }
  }

  @Override
  public void sendCompleted(TcpConnection c) {
    finish(FlowOutcome.CLOSED);
  }

  @Override
  void onDeadline() {
    if (connection.state() == TcpState.SYN_SENT) {
      giveUp();
    }
  }
}
