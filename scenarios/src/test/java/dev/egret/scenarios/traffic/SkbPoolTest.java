package dev.egret.scenarios.traffic;

import static dev.egret.sim.Durations.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.datapath.packet.Skb;
import dev.egret.topology.fabric.SkbPool;
import org.junit.jupiter.api.Test;

class SkbPoolTest {
  @Test
  void reusesReleasedFramesUpToItsBound() {
    SkbPool pool = new SkbPool(100, 2);
    Skb a = pool.acquire();
    Skb b = pool.acquire();
    Skb c = pool.acquire();
    assertEquals(3, pool.created());
    pool.release(a);
    pool.release(b);
    pool.release(c); // beyond maxIdle: forgotten
    assertEquals(2, pool.idle());
    assertSame(b, pool.acquire());
    assertSame(a, pool.acquire());
    assertEquals(3, pool.created());
  }

  @Test
  void aLongTransferDoesNotAllocateFramesOnceWarm() {
    TestNet net = new TestNet(3);
    HostStack pod = net.pod("default/a", "10.0.1.2");
    HostStack ext = net.external("sink", "172.18.0.100");
    TcpSinkApp sink = new TcpSinkApp();
    ext.listenTcp(80, sink);
    long bytes = 20_000_000;
    net.sim.scheduleAt(
        0, new TcpActivity(pod, ext.ip(), 80, bytes, 0, SECOND, 1, -1, net.recorder));
    net.runAndCheck();
    assertEquals(bytes, sink.bytes());
    assertEquals(FlowOutcome.CLOSED, net.recorder.only().outcome());
    long frames = net.frames.size();
    assertTrue(frames > 28_000, "" + frames);
    // a window of segments and their ACKs in flight is all the pool ever needs
    assertTrue(
        net.pool.created() <= 2 * LinuxTcp.TCP_WINDOW_SEGMENTS + 4,
        "created " + net.pool.created());
  }
}
