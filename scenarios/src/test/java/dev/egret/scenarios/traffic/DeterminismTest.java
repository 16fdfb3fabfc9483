package dev.egret.scenarios.traffic;

import static dev.egret.sim.Durations.SECOND;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.egret.datapath.packet.Tcp;
import dev.egret.scenarios.model.Protocol;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The same seed gives the same frames at the same times; another seed changes ports and ISNs. */
class DeterminismTest {

  /** A mixed run: HTTP, TCP with loss, UDP, ping and a small load. */
  static TestNet run(long seed) {
    TestNet net = new TestNet(seed);
    HostStack a = net.pod("default/a", "10.0.1.2");
    HostStack b = net.pod("default/b", "10.0.2.2");
    HostStack ext = net.external("echo", "172.18.0.100");
    ext.listenTcp(80, HttpServerApp.echoIp());
    ext.listenTcp(9000, new TcpSinkApp());
    ext.bindUdp(53, new UdpEchoApp());
    net.dropFirst(3, f -> f.isTcp() && f.payloadLength() > 1000);
    FlowIds ids = new FlowIds();
    net.sim.scheduleAt(
        0,
        new HttpActivity(a, ext.ip(), 80, "echo", 10 * SECOND, ids.getAsLong(), -1, net.recorder));
    net.sim.scheduleAt(
        0,
        new TcpActivity(
            b, ext.ip(), 9000, 20_000, SECOND, 10 * SECOND, ids.getAsLong(), -1, net.recorder));
    net.sim.scheduleAt(
        SECOND,
        new UdpActivity(a, ext.ip(), 53, 3, 100, SECOND, ids.getAsLong(), -1, net.recorder));
    net.sim.scheduleAt(
        SECOND, new PingActivity(b, ext.ip(), 2, SECOND, ids.getAsLong(), -1, net.recorder));
    net.sim.scheduleAt(
        2 * SECOND,
        new LoadGenerator(
            List.of(a, b), ext.ip(), 80, Protocol.TCP, 50, SECOND, 0, SECOND, ids, net.recorder));
    net.runAndCheck();
    return net;
  }

  @Test
  void sameSeedSameFramesAndTimes() {
    TestNet x = run(42);
    TestNet y = run(42);
    assertEquals(x.frames.size(), y.frames.size());
    for (int i = 0; i < x.frames.size(); i++) {
      Frame f = x.frames.get(i);
      Frame g = y.frames.get(i);
      assertEquals(f.at(), g.at(), "time of frame " + i);
      assertEquals(f.tag(), g.tag());
      assertArrayEquals(f.bytes(), g.bytes(), "bytes of frame " + i);
    }
    assertEquals(x.recorder.events, y.recorder.events);
  }

  @Property(tries = 20)
  void anotherSeedChangesPortsAndIsns(@ForAll long seed) {
    TestNet x = run(seed);
    TestNet y = run(seed + 1);
    List<Frame> sx = x.select(f -> f.isTcp() && f.flags() == Tcp.SYN);
    List<Frame> sy = y.select(f -> f.isTcp() && f.flags() == Tcp.SYN);
    assertEquals(sx.size(), sy.size());
    assertNotEquals(sx.stream().map(Frame::sport).toList(), sy.stream().map(Frame::sport).toList());
    assertNotEquals(sx.stream().map(Frame::seq).toList(), sy.stream().map(Frame::seq).toList());
    List<Frame> ax = x.select(f -> f.isTcp() && f.flags() == (Tcp.SYN | Tcp.ACK));
    List<Frame> ay = y.select(f -> f.isTcp() && f.flags() == (Tcp.SYN | Tcp.ACK));
    assertNotEquals(
        ax.stream().map(Frame::seq).toList(), ay.stream().map(Frame::seq).toList(), "server ISNs");
    // everything else is the same shape: same outcomes at the same times
    assertEquals(
        x.recorder.finished.stream().map(r -> r.outcome() + "@" + r.finishedAt()).toList(),
        y.recorder.finished.stream().map(r -> r.outcome() + "@" + r.finishedAt()).toList());
  }
}
