package dev.egret.scenarios.traffic;

import static dev.egret.sim.Durations.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.datapath.packet.Eth;
import dev.egret.datapath.packet.Icmp4;
import dev.egret.datapath.packet.Ipv4;
import dev.egret.datapath.packet.Skb;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** UDP datagrams larger than the MTU: fragmented on send, reassembled on receive. */
class FragmentationTest {
  private final TestNet net = new TestNet(29);
  private final HostStack pod = net.pod("default/big", "10.0.5.5");
  private final HostStack ext = net.external("echo", "172.18.0.100");

  FragmentationTest() {
    ext.bindUdp(53, new UdpEchoApp());
  }

  private static int fragOffset(Frame f) {
    return IndependentChecksums.u16(f.bytes(), Frame.IP + 6) & 0x1fff;
  }

  private static boolean more(Frame f) {
    return (IndependentChecksums.u16(f.bytes(), Frame.IP + 6) & 0x2000) != 0;
  }

  private static int ipPayload(Frame f) {
    return f.totalLength() - 20;
  }

  @Test
  void aBigDatagramIsFragmentedLikeLinuxAndEchoedBack() {
    net.sim.scheduleAt(0, new UdpActivity(pod, ext.ip(), 53, 1, 3000, SECOND, 8, -1, net.recorder));
    net.runAndCheck();
    FlowReport r = net.recorder.only();
    assertEquals(FlowOutcome.COMPLETED, r.outcome());
    assertEquals(3000, r.bytesReceived());

    List<Frame> out = net.from(pod);
    // 8 + 3000 bytes of IP payload in blocks of (1450 - 20) & ~7 = 1424
    assertEquals(List.of(1424, 1424, 160), out.stream().map(FragmentationTest::ipPayload).toList());
    assertEquals(List.of(0, 178, 356), out.stream().map(FragmentationTest::fragOffset).toList());
    assertEquals(List.of(true, true, false), out.stream().map(FragmentationTest::more).toList());
    for (Frame f : out) {
      assertFalse(f.df(), "fragments leave without DF");
      assertEquals(out.get(0).ipId(), f.ipId(), "one IP id per datagram");
      assertEquals(8, f.tag());
    }
    assertNull(IndependentChecksums.reassembledProblem(out));

    List<Frame> back = net.from(ext);
    assertEquals(List.of(1480, 1480, 48), back.stream().map(FragmentationTest::ipPayload).toList());
    assertNull(IndependentChecksums.reassembledProblem(back));
    assertTrue(back.get(0).ipId() == back.get(2).ipId());
    assertEquals(1, ext.counters().reassembled());
    assertEquals(1, pod.counters().reassembled());
    assertEquals(3, pod.counters().fragments());
    assertEquals(0, ext.pendingReassemblies());
  }

  /** The fragments of a 3000-byte datagram from the pod, captured without delivering them. */
  private List<Frame> capturedFragments() {
    HostStack nowhere = net.host("external/nowhere", "172.18.0.200", 1500);
    nowhere.bindUdp(53, new UdpSinkApp());
    net.dropIf(f -> f.daddr() == nowhere.ip());
    UdpSocket s = pod.connectUdp(nowhere.ip(), 53, 5, (sock, ip, port, b, off, len, tag) -> {});
    byte[] data = new byte[3000];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 7);
    }
    s.send(data, 0, data.length);
    net.run();
    net.dropIf(f -> false);
    return new ArrayList<>(net.from(pod));
  }

  /** Delivers a captured frame to {@code to}, as the router would. */
  private void deliver(Frame f, HostStack to) {
    Skb skb = new Skb(f.bytes().length);
    byte[] b = skb.prepare(f.bytes().length);
    System.arraycopy(f.bytes(), 0, b, skb.off(), f.bytes().length);
    Eth.setDst(b, skb.off(), to.mac());
    skb.setTag(f.tag());
    to.receive(skb);
  }

  @Test
  void fragmentsInAnyOrderWithDuplicatesAreReassembled() {
    List<Frame> frags = capturedFragments();
    HostStack sink = net.host("external/sink", "172.18.0.200", 1500);
    UdpSinkApp app = new UdpSinkApp();
    sink.bindUdp(53, app);
    deliver(frags.get(2), sink);
    deliver(frags.get(0), sink);
    deliver(frags.get(0), sink);
    assertEquals(0, app.datagrams());
    deliver(frags.get(1), sink);
    assertEquals(1, app.datagrams());
    assertEquals(3000, app.bytes());
    assertEquals(0, sink.pendingReassemblies());
    assertEquals(0, sink.counters().reassemblyFailed());
  }

  @Test
  void overlappingFragmentsDiscardTheDatagram() {
    List<Frame> frags = capturedFragments();
    HostStack sink = net.host("external/sink", "172.18.0.200", 1500);
    UdpSinkApp app = new UdpSinkApp();
    sink.bindUdp(53, app);
    Frame second = frags.get(1);
    byte[] b = second.bytes().clone();
    int l3 = Frame.IP;
    // move the second fragment back by one block: it now overlaps the first
    dev.egret.datapath.packet.Csum.put16(
        b, l3 + Ipv4.FRAG_OFF, Ipv4.IP_MF | (fragOffset(second) - 1));
    Ipv4.updateChecksum(b, l3);
    deliver(frags.get(0), sink);
    deliver(new Frame(99, 0, second.from(), b, second.tag()), sink);
    deliver(frags.get(2), sink);
    assertEquals(1, sink.counters().reassemblyFailed());
    assertEquals(0, app.datagrams());
  }

  @Test
  void aBigDatagramToAClosedPortIsAnsweredWithA576ByteError() {
    net.sim.scheduleAt(0, new UdpActivity(pod, ext.ip(), 54, 1, 3000, SECOND, 8, -1, net.recorder));
    net.runAndCheck();
    Frame icmp = net.select(Frame::isIcmp).get(0);
    assertEquals(Icmp4.ICMP_DEST_UNREACH, icmp.icmpType());
    assertEquals(576, icmp.totalLength(), "icmp_send quotes up to 576 bytes in all");
    assertEquals(FlowOutcome.UNREACHABLE, net.recorder.only().outcome());
  }

  @Test
  void anUnconnectedServerNumbersFragmentedAnswersAtRandom() {
    net.sim.scheduleAt(0, new UdpActivity(pod, ext.ip(), 53, 3, 3000, SECOND, 8, -1, net.recorder));
    net.runAndCheck();
    List<Integer> ids = net.from(ext).stream().map(Frame::ipId).distinct().toList();
    assertEquals(3, ids.size(), "one id per echoed datagram: " + ids);
    assertEquals(FlowOutcome.COMPLETED, net.recorder.only().outcome());
  }
}
