package dev.egret.scenarios.traffic;

import static dev.egret.sim.Durations.MICROSECOND;
import static dev.egret.sim.Durations.MILLISECOND;
import static dev.egret.sim.Durations.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.datapath.packet.Tcp;
import java.util.List;
import org.junit.jupiter.api.Test;

class TcpRetransmissionTest {
  private final TestNet net = new TestNet(11);
  private final HostStack pod = net.pod("default/client", "10.0.1.5");
  private final HostStack ext = net.external("echo", "172.18.0.100");

  private List<Long> synTimes() {
    return net.select(f -> f.isTcp() && f.flags() == Tcp.SYN).stream().map(Frame::at).toList();
  }

  @Test
  void blackholedSynIsRetransmittedAt1And3And7SecondsThenTimesOut() {
    ext.listenTcp(80, HttpServerApp.echoIp());
    net.dropIf(f -> f.from().equals(pod.name()));
    long t0 = 5 * SECOND;
    net.sim.scheduleAt(
        t0, new HttpActivity(pod, ext.ip(), 80, "echo", 10 * SECOND, 1, -1, net.recorder));
    net.runAndCheck();

    assertEquals(List.of(t0, t0 + SECOND, t0 + 3 * SECOND, t0 + 7 * SECOND), synTimes());
    List<Frame> syns = net.select(f -> f.isTcp() && f.flags() == Tcp.SYN);
    for (Frame s : syns) {
      assertEquals(syns.get(0).seq(), s.seq(), "a retransmitted SYN keeps its ISN");
      assertEquals(syns.get(0).sport(), s.sport());
    }
    FlowReport r = net.recorder.only();
    assertEquals(FlowOutcome.TIMED_OUT, r.outcome());
    assertEquals(t0 + 10 * SECOND, r.finishedAt());
    assertEquals(3, r.synRetransmits());
    assertFalse(r.replyReceived());
    assertEquals(4, net.frames.size(), "no RST from SYN_SENT: " + net.frames);
    assertTrue(net.recorder.sightings.isEmpty(), "the server saw nothing");
    assertEquals(0, pod.tcpConnections());
  }

  @Test
  void synRetriesFollowLinuxUntilTcpSynRetriesIsExhausted() {
    ext.listenTcp(80, new TcpSinkApp());
    net.dropIf(f -> f.from().equals(pod.name()));
    net.sim.scheduleAt(
        0, new TcpActivity(pod, ext.ip(), 80, 0, 0, 300 * SECOND, 1, -1, net.recorder));
    net.runAndCheck();
    assertEquals(
        List.of(0L, SECOND, 3 * SECOND, 7 * SECOND, 15 * SECOND, 31 * SECOND, 63 * SECOND),
        synTimes());
    FlowReport r = net.recorder.only();
    assertEquals(FlowOutcome.TIMED_OUT, r.outcome());
    assertEquals(127 * SECOND, r.finishedAt(), "tcp_syn_retries 6: ETIMEDOUT after 127 s");
    assertEquals(6, r.synRetransmits());
  }

  @Test
  void serverSeesTheSynEvenWhenItsAnswerIsBlackholed() {
    ext.listenTcp(80, HttpServerApp.echoIp());
    net.dropIf(f -> f.from().equals(ext.name()));
    net.sim.scheduleAt(
        0, new HttpActivity(pod, ext.ip(), 80, "echo", 10 * SECOND, 21, -1, net.recorder));
    net.runAndCheck();
    assertEquals(FlowOutcome.TIMED_OUT, net.recorder.only().outcome());
    assertEquals(1, net.recorder.sightings.size(), "retransmitted SYNs are not new sightings");
    ServerSighting s = net.recorder.sightings.get(0);
    assertEquals(21, s.tag());
    assertEquals(pod.ip(), s.peerIp());
    // the listener retransmits its SYN-ACK on its own timer and on each duplicate SYN
    assertTrue(
        net.select(f -> f.from().equals(ext.name()) && f.flags() == (Tcp.SYN | Tcp.ACK)).size()
            >= 4);
  }

  @Test
  void lostSynAckIsRecoveredAndTheRtoFallsBackToThreeSeconds() {
    TcpSinkApp sink = new TcpSinkApp();
    ext.listenTcp(80, sink);
    net.dropFirst(1, f -> f.from().equals(ext.name()));
    TcpConnection[] conn = new TcpConnection[1];
    conn[0] = pod.connectTcp(ext.ip(), 80, 4, new TcpHandler() {});
    net.sim.runUntil(2 * SECOND);
    TcpConnection c = conn[0];
    assertEquals(TcpState.ESTABLISHED, c.state());
    assertEquals(SECOND + 100 * MICROSECOND, c.establishedAt());
    assertEquals(1, c.synRetransmits());
    assertEquals(LinuxTcp.TCP_RTO_FALLBACK, c.rto(), "RFC 6298 5.7");
    assertEquals(1, sink.connections());
  }

  @Test
  void lostDataSegmentIsRetransmittedAfterTheRto() {
    TcpSinkApp sink = new TcpSinkApp();
    ext.listenTcp(80, sink);
    long[] firstSeq = {-1};
    net.dropFirst(
        1,
        f -> {
          if (!f.from().equals(pod.name()) || f.payloadLength() == 0) {
            return false;
          }
          if (firstSeq[0] < 0) {
            firstSeq[0] = f.seq();
          }
          return f.seq() == firstSeq[0] + 1410; // the second segment
        });
    net.sim.scheduleAt(
        0, new TcpActivity(pod, ext.ip(), 80, 5000, SECOND, 10 * SECOND, 8, -1, net.recorder));
    net.runAndCheck();

    FlowReport r = net.recorder.only();
    assertEquals(FlowOutcome.CLOSED, r.outcome());
    assertEquals(5000, r.bytesAcked());
    assertEquals(5000, sink.bytes(), "the sink got every byte exactly once");
    Frame lost = net.dropped.get(0);
    List<Frame> again =
        net.select(
            f ->
                f.from().equals(pod.name())
                    && f.isTcp()
                    && f.seq() == lost.seq()
                    && f.payloadLength() > 0);
    assertEquals(2, again.size(), again.toString());
    // RTO = SRTT 100us + max(4 RTTVAR, 200 ms), restarted by the ACK of the first segment 100us
    // after the send.
    assertEquals(
        100 * MICROSECOND + 200 * MILLISECOND + 100 * MICROSECOND,
        again.get(1).at() - again.get(0).at());
    assertTrue(r.retransmittedSegments() >= 1);
  }

  @Test
  void blackholeDuringDataEndsInTimeoutAfterTcpRetries2() {
    ext.listenTcp(80, new TcpSinkApp());
    net.dropIf(f -> f.from().equals(pod.name()) && f.isTcp() && f.payloadLength() > 0);
    net.sim.scheduleAt(
        0, new TcpActivity(pod, ext.ip(), 80, 100, 0, 10 * SECOND, 8, -1, net.recorder));
    net.runAndCheck();
    FlowReport r = net.recorder.only();
    assertEquals(FlowOutcome.TIMED_OUT, r.outcome());
    List<Frame> data = net.select(f -> f.from().equals(pod.name()) && f.payloadLength() > 0);
    assertEquals(1 + LinuxTcp.TCP_ORPHAN_RETRIES, data.size(), "closed by the app: orphan retries");
    for (int i = 2; i < data.size(); i++) {
      long gap = data.get(i).at() - data.get(i - 1).at();
      long prev = data.get(i - 1).at() - data.get(i - 2).at();
      assertEquals(Math.min(2 * prev, LinuxTcp.TCP_RTO_MAX), gap, "exponential backoff at " + i);
    }
    assertEquals(0, pod.tcpConnections());
  }

  @Test
  void blackholeOfAnOpenConnectionGivesUpAfter15Retransmissions() {
    ext.listenTcp(80, new TcpSinkApp());
    net.dropIf(f -> f.from().equals(pod.name()) && f.isTcp() && f.payloadLength() > 0);
    // hold longer than the retransmissions last, so the application has not closed
    net.sim.scheduleAt(
        0,
        new TcpActivity(pod, ext.ip(), 80, 100, 2000 * SECOND, 10 * SECOND, 8, -1, net.recorder));
    net.runAndCheck();
    FlowReport r = net.recorder.only();
    assertEquals(FlowOutcome.TIMED_OUT, r.outcome());
    List<Frame> data = net.select(f -> f.from().equals(pod.name()) && f.payloadLength() > 0);
    assertEquals(1 + LinuxTcp.TCP_RETRIES2, data.size());
    // about 924.6 s, like Linux's tcp_retries2 = 15 with a 200 ms RTO
    long elapsed = r.finishedAt() - data.get(0).at();
    assertTrue(elapsed > 920 * SECOND && elapsed < 930 * SECOND, "gave up after " + elapsed);
  }

  @Test
  void lostFinalAckIsRepairedFromTimeWait() {
    ext.listenTcp(80, HttpServerApp.echoIp());
    // The server closes first (Connection: close); its last ACK, answering the client's FIN, is
    // lost.
    net.dropFirst(1, f -> f.from().equals(ext.name()) && f.flags() == Tcp.ACK);
    net.sim.scheduleAt(
        0, new HttpActivity(pod, ext.ip(), 80, "echo", 10 * SECOND, 2, -1, net.recorder));
    net.runAndCheck();
    assertEquals(FlowOutcome.CLOSED, net.recorder.only().outcome());
    List<Frame> clientFins = net.select(f -> f.from().equals(pod.name()) && f.has(Tcp.FIN));
    assertEquals(2, clientFins.size(), "LAST_ACK retransmits its FIN");
    List<Frame> serverAcks = net.select(f -> f.from().equals(ext.name()) && f.flags() == Tcp.ACK);
    assertEquals(2, serverAcks.size(), "TIME_WAIT ACKs the retransmitted FIN");
    assertEquals(0, pod.tcpConnections());
    assertEquals(0, ext.tcpConnections());
  }

  @Test
  void corruptedSegmentIsDroppedAndRecoveredByRetransmission() {
    ext.listenTcp(80, HttpServerApp.echoIp());
    boolean[] once = {true};
    net.corruptIf(
        f -> f.from().equals(pod.name()) && f.payloadLength() > 0 && once[0] && !(once[0] = false));
    net.sim.scheduleAt(
        0, new HttpActivity(pod, ext.ip(), 80, "echo", 10 * SECOND, 2, -1, net.recorder));
    net.runAndCheck();
    FlowReport r = net.recorder.only();
    assertEquals(FlowOutcome.CLOSED, r.outcome());
    assertEquals(1, ext.counters().badChecksum());
    assertEquals(new IpPort(pod.ip(), r.localPort()), r.echoedSource());
    assertTrue(r.firstAnswerAt() > 200 * MILLISECOND, "answered only after the RTO");
  }
}
