package dev.egret.scenarios.traffic;

import static dev.egret.sim.Durations.MICROSECOND;
import static dev.egret.sim.Durations.MILLISECOND;
import static dev.egret.sim.Durations.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.datapath.packet.Tcp;
import java.util.List;
import org.junit.jupiter.api.Test;

class TcpActivityTest {
  private final TestNet net = new TestNet(5);
  private final HostStack pod = net.pod("default/sender", "10.0.2.9");
  private final HostStack ext = net.external("sink", "172.18.0.50");
  private final TcpSinkApp sink = new TcpSinkApp();

  TcpActivityTest() {
    ext.listenTcp(9000, sink);
  }

  private List<Frame> data() {
    return net.select(f -> f.from().equals(pod.name()) && f.isTcp() && f.payloadLength() > 0);
  }

  @Test
  void bytesAreSplitIntoMssSegments() {
    net.sim.scheduleAt(
        0, new TcpActivity(pod, ext.ip(), 9000, 5000, 0, 10 * SECOND, 1, -1, net.recorder));
    net.runAndCheck();
    List<Frame> d = data();
    assertEquals(List.of(1410, 1410, 1410, 770), d.stream().map(Frame::payloadLength).toList());
    long first = d.get(0).seq();
    for (int i = 0; i < d.size(); i++) {
      assertEquals(first + 1410L * i, d.get(i).seq(), "contiguous sequence numbers");
      assertEquals(i == d.size() - 1, d.get(i).has(Tcp.PSH), "PSH on the last segment only");
    }
    // hold 0: the application closes right after its write, when the data has already left
    // (the window allows all of it), so the FIN follows on its own at the same instant
    Frame fin = net.select(f -> f.from().equals(pod.name()) && f.has(Tcp.FIN)).get(0);
    assertEquals(0, fin.payloadLength());
    assertEquals(d.get(3).at(), fin.at());
    assertEquals(d.get(3).seq() + 770, fin.seq());
    assertEquals("abcdefghijklmnopqrstuvwxyzab", new String(d.get(0).payload(), 0, 28));
    FlowReport r = net.recorder.only();
    assertEquals(FlowOutcome.CLOSED, r.outcome());
    assertEquals(5000, r.bytesSent());
    assertEquals(5000, r.bytesAcked());
    assertEquals(5000, sink.bytes());
    assertEquals(0, r.retransmittedSegments());
  }

  @Test
  void aTransferLongerThanTheWindowWaitsForAcks() {
    int mss = 1410;
    net.sim.scheduleAt(
        0, new TcpActivity(pod, ext.ip(), 9000, 25L * mss, 0, 10 * SECOND, 1, -1, net.recorder));
    net.runAndCheck();
    List<Frame> d = data();
    assertEquals(25, d.size());
    long burst = d.stream().filter(f -> f.at() == d.get(0).at()).count();
    assertEquals(LinuxTcp.TCP_WINDOW_SEGMENTS, burst, "ten segments in flight, then ACK-clocked");
    assertEquals(25L * mss, sink.bytes());
  }

  @Test
  void holdKeepsTheConnectionOpenFromTheHandshake() {
    net.sim.scheduleAt(
        SECOND,
        new TcpActivity(pod, ext.ip(), 9000, 100, 30 * SECOND, 10 * SECOND, 1, -1, net.recorder));
    net.runAndCheck();
    Frame fin = net.select(f -> f.from().equals(pod.name()) && f.has(Tcp.FIN)).get(0);
    assertEquals(SECOND + 100 * MICROSECOND + 30 * SECOND, fin.at());
    assertEquals(0, fin.payloadLength(), "the data left long before");
    FlowReport r = net.recorder.only();
    assertEquals(FlowOutcome.CLOSED, r.outcome());
    assertEquals(fin.at() + 100 * MICROSECOND, r.finishedAt(), "finished when the FIN is acked");
    assertEquals(SECOND + 100 * MICROSECOND, r.handshakeAt());
    assertEquals(r.handshakeAt(), r.firstAnswerAt());
    assertEquals(100 * MICROSECOND, r.rttNanos());
  }

  @Test
  void setupTimeoutDoesNotCutAnEstablishedConnection() {
    net.sim.scheduleAt(
        0,
        new TcpActivity(
            pod, ext.ip(), 9000, 0, 5 * SECOND, 100 * MILLISECOND, 1, -1, net.recorder));
    net.runAndCheck();
    FlowReport r = net.recorder.only();
    assertEquals(FlowOutcome.CLOSED, r.outcome());
    assertTrue(r.finishedAt() > 5 * SECOND);
  }

  @Test
  void eachConnectionUsesADistinctEphemeralPort() {
    for (int i = 0; i < 500; i++) {
      net.sim.scheduleAt(
          0, new TcpActivity(pod, ext.ip(), 9000, 0, SECOND, 10 * SECOND, i + 1, -1, net.recorder));
    }
    net.runAndCheck();
    List<Integer> ports = net.recorder.finished.stream().map(FlowReport::localPort).toList();
    assertEquals(500, ports.size());
    assertEquals(500, ports.stream().distinct().count());
    for (int p : ports) {
      assertTrue(p >= 32768 && p <= 60999, "port " + p);
    }
    assertTrue(net.recorder.finished.stream().allMatch(r -> r.outcome() == FlowOutcome.CLOSED));
    assertEquals(500, sink.connections());
  }
}
