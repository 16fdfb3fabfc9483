package dev.egret.scenarios.traffic;

import dev.egret.sim.Durations;
import dev.egret.sim.Event;
import dev.egret.sim.Simulation;
import java.util.BitSet;

/**
 * The {@code ping} action for one source host (and each flow of an ICMP {@code load}), like iputils
 * {@code ping -c COUNT -W TIMEOUT}: {@code count} echo requests one second apart ({@link
 * #PING_INTERVAL}), sequence numbers from 1, one echo id from the host's seeded stream, 56 bytes of
 * payload laid out as ping's: a {@code struct timeval} of the send time (simulated; seconds and
 * microseconds, 64-bit little-endian each) then bytes 16, 17, … 55. Replies are collected until
 * {@code timeout} after the last request, or until every request was answered.
 *
 * <p>Reports: started at the first request, {@link FlowReport#localPort()} holding the echo id;
 * first answer at the first reply; finished {@link FlowOutcome#COMPLETED} when every sequence
 * number was answered, else at the window's end {@link FlowOutcome#INCOMPLETE} (or {@link
 * FlowOutcome#UNREACHABLE} if nothing came back but an ICMP destination unreachable). {@link
 * FlowReport#answersReceived()} counts distinct sequence numbers answered.
 */
public final class PingActivity extends ClientFlow implements EchoHandler {
  /** ping's default interval: one second. */
  public static final long PING_INTERVAL = Durations.SECOND;

  /** ping's default payload ({@code -s 56}). */
  public static final int PING_PAYLOAD = 56;

  /** {@code sizeof(struct timeval)} on a 64-bit system: the timestamp at the payload's start. */
  private static final int TIMEVAL_BYTES = 16;

  private final int count;
  private final long timeout;
  private final byte[] payload = new byte[PING_PAYLOAD];
  private final BitSet answered = new BitSet();
  private final Event sendNext = sim -> sendOne();
  private EchoSocket socket;
  private int sent;

  /**
   * @param id the flow id (non-zero), the tag of all its frames
   * @param loadIndex the position in a {@code load} action, or -1
   */
  public PingActivity(
      HostStack host,
      int dstIp,
      int count,
      long timeout,
      long id,
      int loadIndex,
      ClientObserver observer) {
    super(host, new FlowReport(id, FlowKind.PING, host, dstIp, 0, loadIndex), observer);
    if (count < 1 || timeout < 0) {
      throw new IllegalArgumentException("count must be >= 1 and timeout >= 0");
    }
    this.count = count;
    this.timeout = timeout;
    for (int i = TIMEVAL_BYTES; i < PING_PAYLOAD; i++) {
      payload[i] = (byte) i; // iputils: for (i = sizeof(struct timeval); i < datalen; ++i) *p++ = i
    }
  }

  @Override
  public void run(Simulation sim) {
    socket = host.openEcho(report.remoteIp(), report.id(), this);
    if (socket == null) {
      finish(FlowOutcome.NO_LOCAL_PORT);
      return;
    }
    sendOne();
  }

  private void sendOne() {
    if (isDone()) {
      return;
    }
    long t = now();
    putLe64(payload, 0, t / Durations.SECOND);
    putLe64(payload, 8, (t % Durations.SECOND) / Durations.MICROSECOND);
    sent++;
    if (sent == 1) {
      started(socket.echoId());
    }
    socket.request(sent, payload, 0, PING_PAYLOAD);
    report.packetsSent = sent;
    report.bytesSent += PING_PAYLOAD;
    if (sent < count) {
      host.sim().scheduleAfter(PING_INTERVAL, sendNext);
    } else {
      deadlineAt(t + timeout);
    }
  }

  private static void putLe64(byte[] b, int off, long v) {
    for (int i = 0; i < 8; i++) {
      b[off + i] = (byte) (v >>> (8 * i));
    }
  }

  @Override
  public void reply(EchoSocket s, int seq, byte[] b, int off, int len, long tag) {
    if (isDone() || seq < 1 || seq > sent || answered.get(seq)) {
      return;
    }
    answered.set(seq);
    answered();
    report.answersReceived++;
    report.bytesReceived += len;
    if (sent == count && report.answersReceived == count) {
      finish(FlowOutcome.COMPLETED);
    }
  }

  @Override
  public void unreachable(EchoSocket s, int icmpType, int icmpCode) {
    report.icmpErrors++;
  }

  @Override
  void onDeadline() {
    finish(
        report.answersReceived == count
            ? FlowOutcome.COMPLETED
            : report.answersReceived == 0 && report.icmpErrors > 0
                ? FlowOutcome.UNREACHABLE
                : FlowOutcome.INCOMPLETE);
  }

  @Override
  void collect() {
    if (socket != null) {
      socket.close();
    }
  }
}
