package dev.egret.scenarios.traffic;

import dev.egret.datapath.packet.Csum;
import dev.egret.sim.Durations;
import dev.egret.sim.Event;
import dev.egret.sim.Simulation;

/**
 * The {@code udp} action for one source host (and each UDP flow of a {@code load}): a UDP socket
 * connected to the destination sends {@code count} datagrams of {@code size} payload bytes, {@link
 * #UDP_SEND_INTERVAL} apart, and collects what comes back until {@code timeout} after the last one
 * (or until every datagram was answered). Each payload starts with its sequence number (32 bits,
 * big-endian, from 0; fewer bytes if {@code size} < 4), then lowercase filler.
 *
 * <p>*
 *
 * <p>A {@code size} above MTU − 28 is sent as IP fragments, as Linux does; one above 65507 (the UDP
 * maximum) finishes at once with {@link FlowOutcome#MESSAGE_TOO_LONG} (EMSGSIZE).
 *
 * <p>Reports: started at the first datagram; first answer at the first echo; finished {@link
 * FlowOutcome#COMPLETED} when {@code count} echoes arrived, else at the window's end with {@link
 * FlowOutcome#INCOMPLETE} (or {@link FlowOutcome#UNREACHABLE} if nothing came back but an ICMP
 * destination unreachable). {@link FlowReport#packetsSent()} counts datagrams, {@link
 * FlowReport#answersReceived()} echoes (every datagram from the peer counts).
 */
public final class UdpActivity extends ClientFlow implements UdpHandler {
  /** The spacing of datagrams: 10 ms. */
  public static final long UDP_SEND_INTERVAL = 10 * Durations.MILLISECOND;

  /** Bytes of the sequence number at the start of each payload. */
  private static final int SEQ_BYTES = 4;

  private final int count;
  private final int size;
  private final long timeout;
  private final byte[] payload;
  private final Event sendNext = sim -> sendOne();
  private UdpSocket socket;
  private int sent;

  /**
   * @param id the flow id (non-zero), the tag of all its frames
   * @param loadIndex the position in a {@code load} action, or -1
   */
  public UdpActivity(
      HostStack host,
      int dstIp,
      int dstPort,
      int count,
      int size,
      long timeout,
      long id,
      int loadIndex,
      ClientObserver observer) {
    super(host, new FlowReport(id, FlowKind.UDP, host, dstIp, dstPort, loadIndex), observer);
    if (count < 1 || size < 0 || timeout < 0) {
      throw new IllegalArgumentException("count must be >= 1, size and timeout >= 0");
    }
    this.count = count;
    this.size = size;
    this.timeout = timeout;
    this.payload = new byte[Math.min(size, UdpLayer.MAX_UDP_PAYLOAD)];
    for (int i = SEQ_BYTES; i < payload.length; i++) {
      payload[i] = (byte) ('a' + (i - SEQ_BYTES) % ('z' - 'a' + 1));
    }
  }

  @Override
  public void run(Simulation sim) {
    if (size > UdpLayer.MAX_UDP_PAYLOAD) {
      finish(FlowOutcome.MESSAGE_TOO_LONG);
      return;
    }
    socket = host.connectUdp(report.remoteIp(), report.remotePort(), report.id(), this);
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
    if (size >= SEQ_BYTES) {
      Csum.put16(payload, 0, sent >>> 16);
      Csum.put16(payload, 2, sent);
    } else if (size > 0) {
      for (int i = 0; i < size; i++) {
        payload[i] = (byte) (sent >>> (8 * (size - 1 - i)));
      }
    }
    if (sent == 0) {
      started(socket.localPort());
    }
    socket.send(payload, 0, size);
    sent++;
    report.packetsSent = sent;
    report.bytesSent += size;
    if (sent < count) {
      host.sim().scheduleAfter(UDP_SEND_INTERVAL, sendNext);
    } else {
      deadlineAt(now() + timeout);
    }
  }

  @Override
  public void datagram(UdpSocket s, int srcIp, int srcPort, byte[] b, int off, int len, long tag) {
    if (isDone()) {
      return;
    }
    answered();
    report.answersReceived++;
    report.bytesReceived += len;
    if (sent == count && report.answersReceived >= count) {
      finish(FlowOutcome.COMPLETED);
    }
  }

  @Override
  public void unreachable(UdpSocket s, int icmpType, int icmpCode) {
    report.icmpErrors++;
  }

  @Override
  void onDeadline() {
    finish(
        report.answersReceived >= count
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
