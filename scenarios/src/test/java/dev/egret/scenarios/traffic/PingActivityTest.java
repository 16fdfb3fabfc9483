package dev.egret.scenarios.traffic;

import static dev.egret.sim.Durations.MICROSECOND;
import static dev.egret.sim.Durations.SECOND;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.datapath.packet.Icmp4;
import dev.egret.scenarios.model.Protocol;
import java.util.List;
import org.junit.jupiter.api.Test;

class PingActivityTest {
  private final TestNet net = new TestNet(13);
  private final HostStack pod = net.pod("default/pinger", "10.0.4.4");
  private final HostStack ext = net.external("echo", "172.18.0.100");

  private List<Frame> requests() {
    return net.select(f -> f.isIcmp() && f.icmpType() == Icmp4.ICMP_ECHO);
  }

  private List<Frame> replies() {
    return net.select(f -> f.isIcmp() && f.icmpType() == Icmp4.ICMP_ECHOREPLY);
  }

  @Test
  void requestsOneSecondApartAreAnsweredVerbatim() {
    net.sim.scheduleAt(
        2 * SECOND, new PingActivity(pod, ext.ip(), 3, 5 * SECOND, 61, -1, net.recorder));
    net.runAndCheck();
    FlowReport r = net.recorder.only();
    assertEquals(FlowOutcome.COMPLETED, r.outcome());
    assertEquals(3, r.packetsSent());
    assertEquals(3, r.answersReceived());
    assertEquals(100 * MICROSECOND, r.rttNanos());
    assertEquals(4 * SECOND + 100 * MICROSECOND, r.finishedAt());
    List<Frame> req = requests();
    List<Frame> rep = replies();
    assertEquals(3, req.size());
    assertEquals(3, rep.size());
    for (int i = 0; i < 3; i++) {
      Frame q = req.get(i);
      Frame a = rep.get(i);
      assertEquals((2 + i) * SECOND, q.at());
      assertEquals(i + 1, q.icmpSeq(), "ping numbers from 1");
      assertEquals(r.localPort(), q.icmpId(), "the report's local port is the echo id");
      assertEquals(PingActivity.PING_PAYLOAD, q.payloadLength());
      assertEquals(q.icmpId(), a.icmpId());
      assertEquals(q.icmpSeq(), a.icmpSeq());
      assertArrayEquals(q.payload(), a.payload(), "the reply echoes the payload");
      assertEquals(61, q.tag());
      assertEquals(61, a.tag());
      assertTrue(q.df());
      assertFalse(a.df(), "the kernel's ICMP socket does not set DF");
      assertEquals(2 + i, q.payload()[0], "timeval seconds, little-endian");
      assertEquals(16, q.payload()[16]);
      assertEquals(55, q.payload()[55]);
    }
    ServerSighting s = net.recorder.sightings.get(0);
    assertEquals(1, net.recorder.sightings.size());
    assertEquals(Protocol.ICMP, s.protocol());
    assertEquals(r.localPort(), s.peerPort(), "for ICMP the peer port is the echo id");
    assertEquals(3, ext.counters().echoRepliesSent());
  }

  @Test
  void lostRepliesLeaveItIncomplete() {
    net.dropFirst(1, f -> f.from().equals(ext.name()));
    net.sim.scheduleAt(0, new PingActivity(pod, ext.ip(), 2, 3 * SECOND, 1, -1, net.recorder));
    net.runAndCheck();
    FlowReport r = net.recorder.only();
    assertEquals(FlowOutcome.INCOMPLETE, r.outcome());
    assertEquals(1, r.answersReceived());
    assertEquals(4 * SECOND, r.finishedAt(), "timeout after the last request");
    assertEquals(SECOND + 100 * MICROSECOND, r.firstAnswerAt());
  }

  @Test
  void podsAnswerPingsToo() {
    net.sim.scheduleAt(0, new PingActivity(ext, pod.ip(), 1, SECOND, 1, -1, net.recorder));
    net.runAndCheck();
    assertEquals(FlowOutcome.COMPLETED, net.recorder.only().outcome());
  }

  @Test
  void concurrentPingsGetDistinctIds() {
    for (int i = 1; i <= 50; i++) {
      net.sim.scheduleAt(0, new PingActivity(pod, ext.ip(), 1, SECOND, i, -1, net.recorder));
    }
    net.runAndCheck();
    assertEquals(50, net.recorder.finished.stream().map(FlowReport::localPort).distinct().count());
    assertTrue(net.recorder.finished.stream().allMatch(r -> r.outcome() == FlowOutcome.COMPLETED));
  }
}
