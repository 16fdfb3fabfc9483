package dev.egret.scenarios.traffic;

import static dev.egret.sim.Durations.MILLISECOND;
import static dev.egret.sim.Durations.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.scenarios.model.Protocol;
import dev.egret.sim.Durations;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class LoadGeneratorTest {
  private final TestNet net = new TestNet(17);
  private final HostStack ext = net.external("echo", "172.18.0.100");
  private final List<HostStack> pods = new ArrayList<>();

  LoadGeneratorTest() {
    ext.listenTcp(80, HttpServerApp.echoIp());
    ext.bindUdp(53, new UdpEchoApp());
    for (int i = 0; i < 3; i++) {
      pods.add(net.pod("default/app-" + i, "10.0.1." + (10 + i)));
    }
  }

  @Test
  void opensRateTimesDurationConnectionsEvenlySpacedRoundRobin() {
    LoadGenerator g =
        new LoadGenerator(
            pods,
            ext.ip(),
            80,
            Protocol.TCP,
            100,
            SECOND,
            50 * MILLISECOND,
            5 * SECOND,
            new FlowIds(),
            net.recorder);
    net.sim.scheduleAt(3 * SECOND, g);
    net.runAndCheck();
    assertEquals(100, g.opened());
    List<FlowReport> started = net.recorder.started;
    assertEquals(100, started.size());
    for (int i = 0; i < 100; i++) {
      FlowReport r = started.get(i);
      assertEquals(i, r.loadIndex());
      assertEquals(3 * SECOND + i * 10 * MILLISECOND, r.startedAt(), "1/rate apart");
      assertEquals(pods.get(i % 3), r.host(), "round robin over the sources");
      assertEquals(i + 1, r.id(), "one id per connection");
    }
    assertEquals(100, net.recorder.finished.size());
    assertTrue(net.recorder.finished.stream().allMatch(r -> r.outcome() == FlowOutcome.CLOSED));
    assertEquals(100, net.recorder.sightings.size(), "each connection seen once by the server");
    for (FlowReport r : net.recorder.finished) {
      long held = r.finishedAt() - r.handshakeAt();
      assertTrue(held >= 50 * MILLISECOND && held < 51 * MILLISECOND, "held " + held);
    }
  }

  @Test
  void udpAndIcmpLoadsSendOneDatagramOrRequestEach() {
    LoadGenerator udp =
        new LoadGenerator(
            pods, ext.ip(), 53, Protocol.UDP, 10, SECOND, 0, SECOND, new FlowIds(), net.recorder);
    LoadGenerator icmp =
        new LoadGenerator(
            pods,
            ext.ip(),
            0,
            Protocol.ICMP,
            10,
            SECOND,
            0,
            SECOND,
            new FlowIds(100),
            net.recorder);
    net.sim.scheduleAt(0, udp);
    net.sim.scheduleAt(0, icmp);
    net.runAndCheck();
    assertEquals(20, net.recorder.finished.size());
    assertTrue(net.recorder.finished.stream().allMatch(r -> r.outcome() == FlowOutcome.COMPLETED));
    assertEquals(10, net.recorder.finished.stream().filter(r -> r.kind() == FlowKind.UDP).count());
    assertEquals(10, net.recorder.finished.stream().filter(r -> r.kind() == FlowKind.PING).count());
  }

  @Test
  void fractionalRates() {
    assertEquals(2, LoadGenerator.connectionCount(0.5, 3 * SECOND), "at 0 s and 2 s");
    assertEquals(0, LoadGenerator.connectionCount(5, 0));
    assertEquals(1, LoadGenerator.connectionCount(5, 1));
    assertEquals(333_333_333, LoadGenerator.offsetOf(1, 3));
    assertEquals(3, LoadGenerator.connectionCount(3, SECOND));
  }

  @Property
  void connectionCountMatchesTheOffsets(
      @ForAll @DoubleRange(min = 0.01, max = 100_000) double rate,
      @ForAll @LongRange(min = 0, max = 100 * Durations.SECOND) long duration) {
    long n = LoadGenerator.connectionCount(rate, duration);
    if (n > 0) {
      assertTrue(LoadGenerator.offsetOf(n - 1, rate) < duration);
    }
    assertTrue(LoadGenerator.offsetOf(n, rate) >= duration);
    assertTrue(Math.abs(n - rate * duration / Durations.SECOND) <= 1.0001);
  }

  @Test
  void scalesToOneHundredThousandConnections() {
    List<HostStack> many = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      many.add(net.pod("default/load-" + i, "10.0." + (10 + i / 200) + "." + (i % 200 + 1)));
    }
    int[] closed = {0};
    ClientObserver counting =
        new ClientObserver() {
          @Override
          public void finished(FlowReport r) {
            if (r.outcome() == FlowOutcome.CLOSED) {
              closed[0]++;
            }
          }
        };
    ext.listenTcp(8080, new TcpSinkApp());
    net.keepFrames = false;
    LoadGenerator g =
        new LoadGenerator(
            many,
            ext.ip(),
            8080,
            Protocol.TCP,
            10_000,
            10 * SECOND,
            SECOND,
            5 * SECOND,
            new FlowIds(),
            counting);
    net.sim.scheduleAt(0, g);
    net.runAndCheck();
    assertEquals(100_000, g.opened());
    assertEquals(600_000, net.framesSent(), "SYN, SYN-ACK, ACK, FIN, FIN-ACK, ACK each");
    assertEquals(100_000, closed[0]);
    for (HostStack h : many) {
      assertEquals(0, h.tcpConnections());
    }
    assertEquals(0, ext.tcpConnections());
    assertTrue(net.pool.created() < 5_000, "frames are recycled: " + net.pool.created());
  }
}
