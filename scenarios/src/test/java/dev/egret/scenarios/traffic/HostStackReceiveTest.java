package dev.egret.scenarios.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.datapath.net.Ip4;
import dev.egret.datapath.packet.Eth;
import dev.egret.datapath.packet.FrameBuilder;
import dev.egret.datapath.packet.Icmp4;
import dev.egret.datapath.packet.Ipv4;
import dev.egret.datapath.packet.Skb;
import org.junit.jupiter.api.Test;

/** What a host drops silently, and that it counts it. */
class HostStackReceiveTest {
  private final TestNet net = new TestNet(1);
  private final HostStack pod = net.pod("default/p", "10.0.1.2");
  private final HostStack ext = net.external("e", "172.18.0.100");

  /** An echo request from the pod to the external, as the router delivers it. */
  private Skb ping() {
    Skb skb = new Skb(200);
    new FrameBuilder()
        .macs(TestNet.ROUTER_MAC, ext.mac())
        .ipv4(pod.ip(), ext.ip())
        .payload(new byte[] {1, 2, 3, 4})
        .writeIcmpEcho(skb, Icmp4.ICMP_ECHO, 7, 1);
    skb.setTag(99);
    return skb;
  }

  @Test
  void aValidFrameIsAnsweredWithItsTag() {
    ext.receive(ping());
    assertEquals(1, net.frames.size());
    assertEquals(99, net.frames.get(0).tag());
    assertEquals(0, ext.counters().dropped());
    assertEquals(1, ext.counters().framesReceived());
    assertEquals(1, ext.counters().framesSent());
  }

  @Test
  void badIpHeaderChecksumIsDropped() {
    Skb skb = ping();
    skb.data()[skb.off() + Eth.HLEN + Ipv4.TTL] = 3; // TTL changed, checksum not fixed
    ext.receive(skb);
    assertTrue(net.frames.isEmpty());
    assertEquals(1, ext.counters().badChecksum());
  }

  @Test
  void badL4ChecksumIsDropped() {
    Skb skb = ping();
    skb.data()[skb.off() + skb.len() - 1] ^= 1;
    ext.receive(skb);
    assertTrue(net.frames.isEmpty());
    assertEquals(1, ext.counters().badChecksum());
  }

  @Test
  void otherMacIsDropped() {
    Skb skb = ping();
    Eth.setDst(skb.data(), skb.off(), 0x0200_dead_beefL);
    ext.receive(skb);
    assertTrue(net.frames.isEmpty());
    assertEquals(1, ext.counters().notForHost());
  }

  @Test
  void broadcastMacIsAccepted() {
    Skb skb = ping();
    Eth.setDst(skb.data(), skb.off(), HostStack.BROADCAST_MAC);
    ext.receive(skb);
    assertEquals(1, net.frames.size());
  }

  @Test
  void otherIpIsDropped() {
    Skb skb = new Skb(200);
    new FrameBuilder()
        .macs(TestNet.ROUTER_MAC, ext.mac())
        .ipv4(pod.ip(), Ip4.parse("172.18.0.101"))
        .writeIcmpEcho(skb, Icmp4.ICMP_ECHO, 7, 1);
    ext.receive(skb);
    assertTrue(net.frames.isEmpty());
    assertEquals(1, ext.counters().notForHost());
  }

  @Test
  void fragmentsAreDropped() {
    Skb skb = new Skb(200);
    new FrameBuilder()
        .macs(TestNet.ROUTER_MAC, ext.mac())
        .ipv4(pod.ip(), ext.ip())
        .fragOff(Ipv4.IP_MF)
        .payload(new byte[40])
        .writeUdp(skb, 1000, 53);
    ext.receive(skb);
    assertEquals(1, ext.counters().fragments());
    assertTrue(net.frames.isEmpty());
  }

  @Test
  void truncatedFramesAreMalformed() {
    Skb skb = ping();
    skb.setLen(Eth.HLEN + 10);
    ext.receive(skb);
    Skb tiny = ping();
    tiny.setLen(5);
    ext.receive(tiny);
    assertEquals(2, ext.counters().malformed());
  }

  @Test
  void nonIpv4AndUnknownProtocolsAreUnsupported() {
    Skb arp = ping();
    Eth.setProto(arp.data(), arp.off(), Eth.ETH_P_ARP);
    ext.receive(arp);
    Skb gre = ping();
    byte[] b = gre.data();
    int l3 = gre.off() + Eth.HLEN;
    b[l3 + Ipv4.PROTOCOL] = 47;
    Ipv4.updateChecksum(b, l3);
    ext.receive(gre);
    assertEquals(2, ext.counters().unsupported());
    assertTrue(net.frames.isEmpty());
  }

  @Test
  void receivedFramesGoBackToThePool() {
    Skb skb = ping();
    int idle = net.pool.idle();
    ext.receive(skb);
    // the answer was taken from the pool (it was empty, so allocated), the request returned
    assertEquals(idle + 1, net.pool.idle());
    assertEquals(1, net.pool.created());
  }

  @Test
  void ethernetPaddingIsIgnored() {
    Skb skb = ping();
    skb.setLen(skb.len() + 6); // a short frame padded to the Ethernet minimum
    ext.receive(skb);
    assertEquals(1, net.frames.size());
    assertEquals(4, net.frames.get(0).payloadLength());
  }
}
