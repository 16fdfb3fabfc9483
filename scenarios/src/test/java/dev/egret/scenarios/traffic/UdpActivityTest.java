package dev.egret.scenarios.traffic;

import static dev.egret.sim.Durations.MICROSECOND;
import static dev.egret.sim.Durations.MILLISECOND;
import static dev.egret.sim.Durations.SECOND;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.datapath.packet.Icmp4;
import java.util.List;
import org.junit.jupiter.api.Test;

class UdpActivityTest {
  private final TestNet net = new TestNet(9);
  private final HostStack pod = net.pod("default/dns", "10.0.3.3");
  private final HostStack ext = net.external("echo", "172.18.0.100");
  private final UdpEchoApp echo = new UdpEchoApp();

  UdpActivityTest() {
    ext.bindUdp(53, echo);
  }

  private List<Frame> sent() {
    return net.select(f -> f.from().equals(pod.name()) && f.isUdp());
  }

  @Test
  void everyDatagramIsEchoedAndCounted() {
    net.sim.scheduleAt(0, new UdpActivity(pod, ext.ip(), 53, 5, 100, SECOND, 31, -1, net.recorder));
    net.runAndCheck();
    FlowReport r = net.recorder.only();
    assertEquals(FlowOutcome.COMPLETED, r.outcome());
    assertEquals(5, r.packetsSent());
    assertEquals(5, r.answersReceived());
    assertEquals(500, r.bytesSent());
    assertEquals(500, r.bytesReceived());
    assertEquals(40 * MILLISECOND + 100 * MICROSECOND, r.finishedAt(), "the last echo ends it");
    assertEquals(100 * MICROSECOND, r.rttNanos());
    List<Frame> s = sent();
    for (int i = 0; i < s.size(); i++) {
      assertEquals(i * UdpActivity.UDP_SEND_INTERVAL, s.get(i).at(), "10 ms apart");
      assertEquals(100, s.get(i).payloadLength());
      assertEquals(i, s.get(i).payload()[3], "sequence number first");
      assertEquals(s.get(0).sport(), s.get(i).sport());
      assertEquals(31, s.get(i).tag());
      assertTrue(s.get(i).df());
    }
    List<Frame> echoes = net.select(f -> f.from().equals(ext.name()));
    assertEquals(5, echoes.size());
    for (int i = 0; i < 5; i++) {
      assertArrayEquals(s.get(i).payload(), echoes.get(i).payload());
      assertEquals(s.get(i).sport(), echoes.get(i).dport());
      assertEquals(31, echoes.get(i).tag(), "the echo carries the request's tag");
    }
    assertEquals(1, net.recorder.sightings.size(), "one sighting per flow");
    assertEquals(s.get(0).sport(), net.recorder.sightings.get(0).peerPort());
    assertEquals(5, echo.echoed());
  }

  @Test
  void lostDatagramsLeaveTheFlowIncompleteAtTheEndOfTheWindow() {
    net.dropFirst(2, f -> f.from().equals(pod.name()));
    net.sim.scheduleAt(
        0, new UdpActivity(pod, ext.ip(), 53, 5, 10, 2 * SECOND, 1, -1, net.recorder));
    net.runAndCheck();
    FlowReport r = net.recorder.only();
    assertEquals(FlowOutcome.INCOMPLETE, r.outcome());
    assertEquals(5, r.packetsSent());
    assertEquals(3, r.answersReceived());
    assertEquals(40 * MILLISECOND + 2 * SECOND, r.finishedAt());
    assertEquals(20 * MILLISECOND + 100 * MICROSECOND, r.firstAnswerAt());
  }

  @Test
  void sinkCountsAndAnswersNothing() {
    UdpSinkApp sink = new UdpSinkApp();
    ext.bindUdp(9999, sink);
    net.sim.scheduleAt(0, new UdpActivity(pod, ext.ip(), 9999, 3, 0, SECOND, 1, -1, net.recorder));
    net.runAndCheck();
    assertEquals(3, sink.datagrams());
    assertEquals(0, sink.bytes());
    FlowReport r = net.recorder.only();
    assertEquals(FlowOutcome.INCOMPLETE, r.outcome());
    assertFalse(r.replyReceived());
  }

  @Test
  void unboundPortAnswersIcmpPortUnreachable() {
    net.sim.scheduleAt(0, new UdpActivity(pod, ext.ip(), 54, 1, 20, SECOND, 44, -1, net.recorder));
    net.runAndCheck();
    Frame icmp = net.select(Frame::isIcmp).get(0);
    assertEquals(Icmp4.ICMP_DEST_UNREACH, icmp.icmpType());
    assertEquals(3, icmp.icmpCode());
    assertEquals(44, icmp.tag());
    assertEquals(0xc0, icmp.bytes()[Frame.IP + 1] & 0xff, "IPTOS_PREC_INTERNETCONTROL");
    assertEquals(20 + 8 + 20, icmp.payloadLength(), "quotes the whole offending packet");
    FlowReport r = net.recorder.only();
    assertEquals(FlowOutcome.UNREACHABLE, r.outcome());
    assertEquals(1, r.icmpErrors());
    assertFalse(net.recorder.sightings.get(0).listening());
    assertEquals(1, ext.counters().portUnreachableSent());
  }

  @Test
  void theLargestUnfragmentedDatagramFillsTheMtu() {
    net.sim.scheduleAt(0, new UdpActivity(pod, ext.ip(), 53, 1, 1422, SECOND, 2, -1, net.recorder));
    net.runAndCheck();
    assertEquals(FlowOutcome.COMPLETED, net.recorder.only().outcome());
    assertEquals(1, sent().size());
    assertEquals(1450, sent().get(0).totalLength(), "1422 + 28 fills the pod MTU");
    assertTrue(sent().get(0).df());
  }

  @Test
  void datagramsBeyondTheUdpMaximumAreRefused() {
    net.sim.scheduleAt(
        0, new UdpActivity(pod, ext.ip(), 53, 1, 65_508, SECOND, 1, -1, net.recorder));
    net.runAndCheck();
    assertEquals(FlowOutcome.MESSAGE_TOO_LONG, net.recorder.only().outcome());
    assertTrue(net.recorder.started.isEmpty());
    assertTrue(net.frames.isEmpty());
  }

  @Test
  void aConnectedSocketIgnoresOtherPeers() {
    HostStack other = net.external("other", "172.18.0.101");
    other.bindUdp(53, new UdpEchoApp());
    UdpSocket s = pod.connectUdp(ext.ip(), 53, 1, (sock, ip, port, b, off, len, tag) -> {});
    UdpSocket o =
        other.connectUdp(pod.ip(), s.localPort(), 2, (sock, ip, port, b, off, len, tag) -> {});
    o.send(new byte[4], 0, 4);
    net.run();
    assertEquals(1, other.counters().framesReceived(), "port unreachable came back");
    assertEquals(1, pod.counters().portUnreachableSent());
  }
}
