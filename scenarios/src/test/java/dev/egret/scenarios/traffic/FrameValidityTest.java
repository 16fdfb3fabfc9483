package dev.egret.scenarios.traffic;

import static dev.egret.sim.Durations.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.datapath.packet.Icmp4;
import dev.egret.datapath.packet.Tcp;
import org.junit.jupiter.api.Test;

/** Every kind of frame the stacks emit carries valid checksums, by independent recomputation. */
class FrameValidityTest {

  @Test
  void everyEmittedFrameVerifies() {
    TestNet net = new TestNet(23);
    HostStack pod = net.pod("default/a", "10.0.1.2");
    HostStack ext = net.external("echo", "172.18.0.100");
    ext.listenTcp(80, HttpServerApp.echoIp());
    ext.listenTcp(81, HttpServerApp.fixed("x".repeat(5000)));
    ext.bindUdp(53, new UdpEchoApp());
    FlowIds ids = new FlowIds();
    net.sim.scheduleAt(
        0, new HttpActivity(pod, ext.ip(), 80, "echo", SECOND, ids.getAsLong(), -1, net.recorder));
    net.sim.scheduleAt(
        0, new HttpActivity(pod, ext.ip(), 81, "echo", SECOND, ids.getAsLong(), -1, net.recorder));
    net.sim.scheduleAt(
        0, new HttpActivity(pod, ext.ip(), 82, "echo", SECOND, ids.getAsLong(), -1, net.recorder));
    net.sim.scheduleAt(
        0, new TcpActivity(pod, ext.ip(), 80, 3001, 0, SECOND, ids.getAsLong(), -1, net.recorder));
    net.sim.scheduleAt(
        0, new UdpActivity(pod, ext.ip(), 53, 2, 1, SECOND, ids.getAsLong(), -1, net.recorder));
    net.sim.scheduleAt(
        0, new UdpActivity(pod, ext.ip(), 54, 1, 1422, SECOND, ids.getAsLong(), -1, net.recorder));
    net.sim.scheduleAt(
        0, new PingActivity(pod, ext.ip(), 2, SECOND, ids.getAsLong(), -1, net.recorder));
    net.runAndCheck();

    assertTrue(net.frames.size() > 30);
    assertTrue(net.frames.stream().anyMatch(f -> f.isTcp() && f.has(Tcp.RST)));
    assertTrue(net.frames.stream().anyMatch(f -> f.isTcp() && f.has(Tcp.SYN) && f.has(Tcp.ACK)));
    // the server's segments honour the pod's MSS (1410), not its own (1460)
    assertTrue(
        net.frames.stream()
            .anyMatch(f -> f.from().equals(ext.name()) && f.isTcp() && f.payloadLength() == 1410));
    assertTrue(net.frames.stream().noneMatch(f -> f.isTcp() && f.payloadLength() > 1410));
    assertTrue(net.frames.stream().anyMatch(f -> f.isUdp() && f.payloadLength() == 1));
    assertTrue(
        net.frames.stream().anyMatch(f -> f.isIcmp() && f.icmpType() == Icmp4.ICMP_DEST_UNREACH));
    assertTrue(
        net.frames.stream().anyMatch(f -> f.isIcmp() && f.icmpType() == Icmp4.ICMP_ECHOREPLY));
    for (Frame f : net.frames) {
      assertNull(IndependentChecksums.problem(f.bytes()), f.toString());
    }
    assertEquals(7, net.recorder.finished.size());
    assertEquals(0, pod.counters().dropped() + ext.counters().dropped());
  }

  @Test
  void theIndependentCheckerNoticesEveryBrokenField() {
    TestNet net = new TestNet(1);
    HostStack pod = net.pod("default/a", "10.0.1.2");
    HostStack ext = net.external("echo", "172.18.0.100");
    ext.bindUdp(53, new UdpEchoApp());
    net.sim.scheduleAt(0, new UdpActivity(pod, ext.ip(), 53, 1, 30, SECOND, 1, -1, net.recorder));
    net.sim.scheduleAt(0, new PingActivity(pod, ext.ip(), 1, SECOND, 2, -1, net.recorder));
    pod.connectTcp(ext.ip(), 9, 3, new TcpHandler() {});
    net.runAndCheck();
    for (Frame f : net.frames) {
      for (int i = Frame.IP; i < f.bytes().length; i++) {
        byte[] b = f.bytes().clone();
        b[i] ^= 0x10;
        assertNotNull(IndependentChecksums.problem(b), "byte " + i + " of " + f);
      }
    }
  }
}
