package dev.egret.scenarios.traffic;

import static dev.egret.sim.Durations.MILLISECOND;
import static dev.egret.sim.Durations.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.datapath.net.Ip4;
import dev.egret.datapath.packet.FrameBuilder;
import dev.egret.datapath.packet.Icmp4;
import dev.egret.datapath.packet.Skb;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ICMP destination unreachable coming back from a router on the way. */
class IcmpErrorTest {
  private static final int HOST_UNREACH = 1;
  private final TestNet net = new TestNet(19);
  private final HostStack pod = net.pod("default/a", "10.0.1.2");
  private final int router = Ip4.parse("172.18.0.1");
  private final int nowhere = Ip4.parse("203.0.113.7");

  /** Host unreachable from the router, quoting the IP packet of {@code f} (plus 8 bytes). */
  private Skb unreachableFor(Frame f, int quoteExtra) {
    byte[] quote = Arrays.copyOfRange(f.bytes(), Frame.IP, f.l4() + 8 + quoteExtra);
    Skb skb = new Skb(200);
    FrameBuilder fb =
        new FrameBuilder()
            .macs(TestNet.ROUTER_MAC, pod.mac())
            .ipv4(router, pod.ip())
            .payload(quote);
    byte[] b = skb.prepare(fb.icmpLength());
    fb.writeIcmpError(b, skb.off(), Icmp4.ICMP_DEST_UNREACH, HOST_UNREACH, 0);
    return skb;
  }

  @Test
  void unreachableEndsATcpConnectAtOnce() {
    net.sim.scheduleAt(
        0, new HttpActivity(pod, nowhere, 80, "x", 10 * SECOND, 1, -1, net.recorder));
    net.sim.runUntil(MILLISECOND);
    Frame syn = net.frames.get(0);
    net.sim.scheduleAt(2 * MILLISECOND, s -> pod.receive(unreachableFor(syn, 0)));
    net.runAndCheck();
    FlowReport r = net.recorder.only();
    assertEquals(FlowOutcome.UNREACHABLE, r.outcome());
    assertEquals(2 * MILLISECOND, r.finishedAt());
    assertEquals(1, net.frames.size(), "no retransmission, no RST");
    assertEquals(0, pod.tcpConnections());
  }

  @Test
  void unreachableQuotingAnotherSequenceIsIgnored() {
    net.sim.scheduleAt(0, new HttpActivity(pod, nowhere, 80, "x", 2 * SECOND, 1, -1, net.recorder));
    net.sim.runUntil(MILLISECOND);
    Frame syn = net.frames.get(0);
    Skb forged = unreachableFor(syn, 0);
    // the quoted TCP sequence number sits 14 (Ethernet) + 20 (IP) + 8 (ICMP) + 20 (IP) + 4 bytes in
    forged.data()[forged.off() + 14 + 20 + 8 + 20 + 4] ^= 1;
    dev.egret.datapath.packet.L4Checksum.update(forged.data(), forged.off() + 14);
    net.sim.scheduleAt(2 * MILLISECOND, s -> pod.receive(forged));
    net.runAndCheck();
    assertEquals(FlowOutcome.TIMED_OUT, net.recorder.only().outcome());
  }

  /** Fragmentation needed for {@code f} with next-hop MTU {@code mtu}, from the router. */
  private Skb fragNeeded(Frame f, int mtu, HostStack to) {
    byte[] quote = Arrays.copyOfRange(f.bytes(), Frame.IP, f.l4() + 8);
    Skb skb = new Skb(200);
    FrameBuilder fb =
        new FrameBuilder().macs(TestNet.ROUTER_MAC, to.mac()).ipv4(router, to.ip()).payload(quote);
    byte[] b = skb.prepare(fb.icmpLength());
    fb.writeIcmpError(b, skb.off(), Icmp4.ICMP_DEST_UNREACH, Icmp4.ICMP_FRAG_NEEDED, mtu);
    return skb;
  }

  @Test
  void fragNeededShrinksTheMssAndResendsAtOnce() {
    HostStack ext = net.external("sink", "172.18.0.100");
    TcpSinkApp sink = new TcpSinkApp();
    ext.listenTcp(80, sink);
    int pathMtu = 1400;
    net.dropIf(
        f -> {
          if (f.isTcp() && f.totalLength() > pathMtu) {
            Skb err = fragNeeded(f, pathMtu, pod);
            net.sim.scheduleAfter(net.latency, s -> pod.receive(err));
            return true;
          }
          return false;
        });
    net.sim.scheduleAt(0, new TcpActivity(pod, ext.ip(), 80, 5000, 0, SECOND, 1, -1, net.recorder));
    net.runAndCheck();
    FlowReport r = net.recorder.only();
    assertEquals(FlowOutcome.CLOSED, r.outcome());
    assertEquals(5000, sink.bytes());
    assertTrue(r.finishedAt() < 10 * MILLISECOND, "no RTO needed: " + r.finishedAt());
    List<Integer> delivered =
        net
            .select(
                f ->
                    f.from().equals(pod.name())
                        && f.payloadLength() > 0
                        && !net.dropped.contains(f))
            .stream()
            .map(Frame::payloadLength)
            .toList();
    // the original last segment (770 bytes) fitted and got through, out of order; everything
    // outstanding is then sent again at MSS 1400 - 40
    assertEquals(List.of(770, 1360, 1360, 1360, 920), delivered);
  }

  @Test
  void fragNeededBelowTheMinimumIsClampedTo552() {
    HostStack ext = net.external("sink", "172.18.0.100");
    ext.listenTcp(80, new TcpSinkApp());
    TcpConnection c = pod.connectTcp(ext.ip(), 80, 1, new TcpHandler() {});
    net.sim.runUntil(MILLISECOND);
    net.dropIf(f -> f.from().equals(pod.name()));
    c.sendFiller(3000);
    Frame first = net.frames.get(net.frames.size() - 1);
    pod.receive(fragNeeded(first, 100, pod));
    assertEquals(552 - 40, c.mss());
  }

  @Test
  void unreachableMakesAPingUnreachable() {
    net.sim.scheduleAt(0, new PingActivity(pod, nowhere, 1, SECOND, 1, -1, net.recorder));
    net.sim.runUntil(MILLISECOND);
    Frame req = net.frames.get(0);
    net.sim.scheduleAt(2 * MILLISECOND, s -> pod.receive(unreachableFor(req, 56)));
    net.runAndCheck();
    FlowReport r = net.recorder.only();
    assertEquals(FlowOutcome.UNREACHABLE, r.outcome());
    assertEquals(1, r.icmpErrors());
    assertEquals(SECOND, r.finishedAt());
  }
}
