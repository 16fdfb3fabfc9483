package dev.egret.datapath.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.datapath.config.DatapathConfig;
import dev.egret.datapath.config.TunnelProtocol;
import dev.egret.datapath.net.Ip4;
import dev.egret.datapath.program.Verdict;
import dev.egret.datapath.tunnel.OuterHeaders;
import dev.egret.datapath.tunnel.TunnelDevice;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PacketViewsTest {
  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replaceAll("\\s", ""));
  }

  @Test
  void ipv4HeaderWithOptions() {
    // IHL 6: one 4-byte option (Router Alert, RFC 2113: 94 04 00 00)
    byte[] b =
        hex(
            "46 00 00 20" // ver 4, ihl 6, tos 0, total length 32
                + "ab cd 40 00" // id 0xabcd, DF
                + "40 11 00 00" // ttl 64, UDP, checksum (computed below)
                + "0a 00 00 01" // 10.0.0.1
                + "0a 00 00 02" // 10.0.0.2
                + "94 04 00 00" // option: router alert
                + "04 d2 00 35 00 08 00 00"); // UDP 1234 -> 53, length 8, no checksum
    Ipv4.updateChecksum(b, 0);
    assertEquals(4, Ipv4.version(b, 0));
    assertEquals(24, Ipv4.hdrLen(b, 0));
    assertEquals(0xabcd, Ipv4.id(b, 0));
    assertEquals(Ipv4.IP_DF, Ipv4.fragOff(b, 0));
    assertFalse(Ipv4.isFragment(b, 0));
    assertEquals(Ip4.parse("10.0.0.1"), Ipv4.saddr(b, 0));
    assertEquals(Ip4.parse("10.0.0.2"), Ipv4.daddr(b, 0));
    assertTrue(Ipv4.checksumValid(b, 0));
    assertTrue(Ipv4.valid(b, 0, b.length));
    assertFalse(Ipv4.valid(b, 0, 23), "the options must be present");
    int l4 = Ipv4.hdrLen(b, 0);
    assertEquals(1234, Udp.sport(b, l4));
    assertEquals(53, Udp.dport(b, l4));
    assertTrue(L4Checksum.valid(b, 0), "UDP checksum 0 means none");
    // the checksum covers the option: flip it and the header no longer verifies
    b[21] = 5;
    assertFalse(Ipv4.checksumValid(b, 0));
  }

  @Test
  void knownHeaderChecksum() {
    // the §7 fixture: 192.168.0.1 -> 110.0.11.1, TTL 64, TCP, total 60
    byte[] b = new byte[20];
    Ipv4.write(b, 0, 0, 60, 0, 0, 64, 6, Ip4.parse("192.168.0.1"), Ip4.parse("110.0.11.1"));
    assertEquals(0x4112, Ipv4.check(b, 0));
    assertTrue(Ipv4.decTtl(b, 0));
    assertEquals(63, Ipv4.ttl(b, 0));
    assertEquals(Ipv4.computeChecksum(b, 0), Ipv4.check(b, 0));
    b[Ipv4.TTL] = 1;
    Ipv4.updateChecksum(b, 0);
    assertFalse(Ipv4.decTtl(b, 0));
    assertEquals(1, Ipv4.ttl(b, 0));
  }

  @Test
  void ipv6ParseAndBuild() {
    long[] src = new long[2];
    long[] dst = new long[2];
    Ipv6.parseAddress("fd00::1", src);
    Ipv6.parseAddress("2001:db8:0:0:1::ab", dst);
    byte[] b = new byte[Ipv6.HLEN + 8];
    Ipv6.write(b, 0, 0xb8, 0x12345, 8, Ipv4.IPPROTO_UDP, 64, src[0], src[1], dst[0], dst[1]);
    assertEquals(6, Ipv6.version(b, 0));
    assertEquals(0xb8, Ipv6.trafficClass(b, 0));
    assertEquals(0x12345, Ipv6.flowLabel(b, 0));
    assertEquals(8, Ipv6.payloadLen(b, 0));
    assertEquals(17, Ipv6.nextHeader(b, 0));
    assertEquals(64, Ipv6.hopLimit(b, 0));
    assertEquals("fd00::1", Ipv6.formatAddress(Ipv6.saddrHi(b, 0), Ipv6.saddrLo(b, 0)));
    assertEquals("2001:db8::1:0:0:ab", Ipv6.formatAddress(Ipv6.daddrHi(b, 0), Ipv6.daddrLo(b, 0)));
    assertArrayEquals(
        hex("fd00 0000 0000 0000 0000 0000 0000 0001"), java.util.Arrays.copyOfRange(b, 8, 24));
    assertTrue(Ipv6.valid(b, 0, b.length));
    assertFalse(Ipv6.valid(b, 0, 39));
    assertThrows(IllegalArgumentException.class, () -> Ipv6.parseAddress("10.0.0.1", src));
    // the UDP checksum over the IPv6 pseudo-header verifies
    Udp.write(b, 40, 1000, 53, 8);
    long sum = Ipv6.pseudoHeader(b, 0, 8, Ipv4.IPPROTO_UDP);
    int c = Csum.finish(Csum.sum(b, 40, 8, sum));
    Csum.put16(b, 46, c);
    assertEquals(0xffff, Csum.fold(Csum.sum(b, 40, 8, Ipv6.pseudoHeader(b, 0, 8, 17))));
  }

  @Test
  void icmpDestUnreachableCarriesTheEmbeddedHeader() {
    // the offending packet: 10.0.0.5:3030 -> 1.1.1.1:80 TCP SYN
    Skb orig =
        new FrameBuilder()
            .ipv4(Ip4.parse("10.0.0.5"), Ip4.parse("1.1.1.1"))
            .writeTcp(new Skb(64), 3030, 80, 1, 0, Tcp.SYN, 1000);
    byte[] embedded =
        java.util.Arrays.copyOfRange(orig.data(), orig.off() + 14, orig.off() + 14 + 28);
    Skb err =
        new FrameBuilder()
            .ipv4(Ip4.parse("192.0.2.1"), Ip4.parse("10.0.0.5"))
            .payload(embedded)
            .writeIcmpEcho(new Skb(128), 0, 0, 0); // placeholder, rewritten below
    byte[] b = err.data();
    int l4 = err.off() + 14 + 20;
    Icmp4.writeError(b, l4, Icmp4.ICMP_DEST_UNREACH, Icmp4.ICMP_FRAG_NEEDED, 1400);
    L4Checksum.update(b, err.off() + 14);
    assertTrue(Icmp4.isError(Icmp4.type(b, l4)));
    assertEquals(Icmp4.ICMP_FRAG_NEEDED, Icmp4.code(b, l4));
    assertEquals(1400, Icmp4.seq(b, l4)); // next-hop MTU in the second half-word
    int inner = Icmp4.embeddedIpOffset(l4);
    assertEquals(Ip4.parse("10.0.0.5"), Ipv4.saddr(b, inner));
    assertEquals(Ip4.parse("1.1.1.1"), Ipv4.daddr(b, inner));
    assertEquals(Ipv4.IPPROTO_TCP, Ipv4.protocol(b, inner));
    assertTrue(Ipv4.checksumValid(b, inner));
    int innerL4 = inner + Ipv4.hdrLen(b, inner);
    assertEquals(3030, Tcp.sport(b, innerL4));
    assertEquals(80, Tcp.dport(b, innerL4));
    assertTrue(L4Checksum.valid(b, err.off() + 14));
  }

  @Test
  void vxlanRoundTripMovesTheOffsetWithoutCopyingTheInnerFrame() {
    TunnelDevice dev = new TunnelDevice(DatapathConfig.defaults());
    Skb skb =
        new FrameBuilder()
            .ipv4(Ip4.parse("10.0.1.23"), Ip4.parse("93.184.216.34"))
            .writeUdp(new Skb(256), 5353, 53);
    byte[] inner = skb.toByteArray();
    byte[] buf = skb.data();
    int off = skb.off();
    skb.setTunnelKey(Ip4.parse("172.18.0.3"), 51234, 64);
    assertEquals(
        Verdict.OK, dev.encap(skb, Ip4.parse("172.18.0.5"), 0x0242ac120005L, 0x0242ac120003L));
    assertEquals(off - 50, skb.off());
    assertTrue(buf == skb.data(), "the inner frame was not copied");
    assertEquals(inner.length + 50, skb.len());
    byte[] b = skb.data();
    int l3 = skb.off() + 14;
    assertEquals(Ip4.parse("172.18.0.5"), Ipv4.saddr(b, l3));
    assertEquals(Ip4.parse("172.18.0.3"), Ipv4.daddr(b, l3));
    assertEquals(64, Ipv4.ttl(b, l3));
    assertEquals(0, Ipv4.id(b, l3));
    assertTrue(Ipv4.checksumValid(b, l3));
    int udp = l3 + 20;
    assertEquals(TunnelProtocol.VXLAN_PORT, Udp.dport(b, udp));
    assertEquals(0, Udp.check(b, udp));
    int sport = Udp.sport(b, udp);
    assertTrue(sport >= 32768 && sport < 60999, "udp_flow_src_port range: " + sport);
    assertEquals(0x08, Vxlan.flags(b, udp + 8));
    assertEquals(51234, Vxlan.vni(b, udp + 8));
    assertFalse(skb.hasTunnelKey());

    assertEquals(Verdict.OK, dev.decap(skb));
    assertEquals(off, skb.off());
    assertArrayEquals(inner, skb.toByteArray());
    assertEquals(51234, skb.tunnelId());
    assertEquals(Ip4.parse("172.18.0.5"), skb.tunnelRemoteIpv4());
    assertEquals(Ip4.parse("172.18.0.3"), skb.tunnelLocalIpv4());
  }

  @Test
  void geneveRoundTrip() {
    TunnelDevice dev =
        new TunnelDevice(DatapathConfig.builder().tunnelProtocol(TunnelProtocol.GENEVE).build());
    Skb skb = new FrameBuilder().writeUdp(new Skb(128), 1, 2);
    byte[] inner = skb.toByteArray();
    skb.setTunnelKey(Ip4.parse("10.0.0.9"), 6, 64);
    dev.encap(skb, Ip4.parse("10.0.0.8"), 0, 0);
    int th = skb.off() + 14 + 20 + 8;
    assertEquals(TunnelProtocol.GENEVE_PORT, Udp.dport(skb.data(), skb.off() + 34));
    assertEquals(0, Geneve.version(skb.data(), th));
    assertEquals(Eth.ETH_P_TEB, Geneve.protocol(skb.data(), th));
    assertEquals(6, Geneve.vni(skb.data(), th));
    assertEquals(8, Geneve.hdrLen(skb.data(), th));
    assertEquals(Verdict.OK, dev.decap(skb));
    assertArrayEquals(inner, skb.toByteArray());
    // a VXLAN device does not accept it
    skb.setTunnelKey(Ip4.parse("10.0.0.9"), 6, 64);
    dev.encap(skb, Ip4.parse("10.0.0.8"), 0, 0);
    assertTrue(Verdict.isDrop(new TunnelDevice(DatapathConfig.defaults()).decap(skb)));
  }

  @Test
  void encapWithoutTunnelKeyAndShortHeadroom() {
    TunnelDevice dev = new TunnelDevice(DatapathConfig.defaults());
    Skb noKey = new FrameBuilder().writeUdp(new Skb(64), 1, 2);
    assertTrue(Verdict.isDrop(dev.encap(noKey, 1, 0, 0)));
    // a wrapped frame without headroom: the buffer is reallocated once
    byte[] frame = new FrameBuilder().writeUdp(new Skb(64), 1, 2).toByteArray();
    Skb wrapped = Skb.wrap(frame, 0, frame.length);
    wrapped.setTunnelKey(7, 9, 64);
    assertEquals(Verdict.OK, dev.encap(wrapped, 8, 0, 0));
    assertEquals(frame.length + OuterHeaders.ENCAP_LEN, wrapped.len());
    assertEquals(Verdict.OK, dev.decap(wrapped));
    assertArrayEquals(frame, wrapped.toByteArray());
  }

  @Test
  void udpZeroChecksumRule() {
    byte[] b = new byte[8];
    Csum.put16(b, 6, 0);
    // with BPF_F_MARK_MANGLED_0 a zero ("no checksum") stays zero
    Csum.l4Replace16(b, 6, 1000, 2000, Csum.BPF_F_MARK_MANGLED_0);
    assertEquals(0, Csum.get16(b, 6));
    // a computed zero is sent as 0xffff
    Csum.put16(b, 6, 0x0001);
    Csum.l4ReplaceByDiff(b, 6, Csum.diff16(0, 1), Csum.BPF_F_MARK_MANGLED_0);
    assertEquals(Csum.CSUM_MANGLED_0, Csum.get16(b, 6));
    // without the flag (TCP) the same update writes 0x0000
    Csum.put16(b, 6, 0x0001);
    Csum.l4ReplaceByDiff(b, 6, Csum.diff16(0, 1), 0);
    assertEquals(0, Csum.get16(b, 6));
    // a full UDP computation that comes out as 0 is transmitted as 0xffff (RFC 768): choose the
    // payload word that makes the one's complement sum 0xffff
    byte[] payload = new byte[2];
    FrameBuilder fb = new FrameBuilder().ipv4(Ip4.parse("10.0.0.1"), Ip4.parse("10.0.0.2"));
    Skb skb = fb.payload(payload).writeUdp(new Skb(64), 1000, 2000);
    int l3 = skb.off() + 14;
    int c0 = Csum.get16(skb.data(), l3 + 20 + Udp.CHECK);
    Csum.put16(payload, 0, c0);
    skb = fb.payload(payload).writeUdp(new Skb(64), 1000, 2000);
    assertEquals(Csum.CSUM_MANGLED_0, L4Checksum.compute(skb.data(), l3));
    assertEquals(Csum.CSUM_MANGLED_0, Udp.check(skb.data(), l3 + 20));
    assertTrue(L4Checksum.valid(skb.data(), l3));
  }

  @Test
  void frameBuilderChecksumsVerify() {
    FrameBuilder fb =
        new FrameBuilder()
            .macs(1, 2)
            .ipv4(Ip4.parse("10.1.2.3"), Ip4.parse("8.8.8.8"))
            .payload(new byte[] {1, 2, 3, 4, 5});
    for (Skb skb :
        new Skb[] {
          fb.writeTcp(new Skb(64), 1, 2, 3, 4, Tcp.ACK, 5),
          fb.writeUdp(new Skb(64), 1, 2),
          fb.writeIcmpEcho(new Skb(64), Icmp4.ICMP_ECHO, 77, 1)
        }) {
      int l3 = skb.off() + 14;
      assertTrue(Ipv4.checksumValid(skb.data(), l3));
      assertTrue(L4Checksum.valid(skb.data(), l3));
      assertEquals(skb.len() - 14, Ipv4.totLen(skb.data(), l3));
    }
    assertThrows(
        IllegalArgumentException.class, () -> fb.writeTcp(new byte[10], 0, 1, 2, 3, 4, 5, 6));
  }

  @Test
  void macAndSkbBasics() {
    assertEquals("de:ad:be:ef:de:ef", Mac.format(Mac.parse("de:ad:be:ef:de:ef")));
    assertThrows(IllegalArgumentException.class, () -> Mac.parse("de:ad:be:ef:de"));
    Skb skb = new Skb(8);
    assertEquals(Skb.DEFAULT_HEADROOM, skb.headroom());
    assertFalse(skb.pull(1));
    assertThrows(IllegalArgumentException.class, () -> Skb.wrap(new byte[4], 2, 3));
    skb.load(new byte[] {1, 2, 3}, 0, 3);
    skb.setMark(5);
    skb.setTunnelKey(1, 2, 3);
    Skb copy = new Skb(0).copyFrom(skb);
    assertArrayEquals(new byte[] {1, 2, 3}, copy.toByteArray());
    assertEquals(5, copy.mark());
    assertTrue(copy.hasTunnelKey());
    skb.resetMetadata();
    assertEquals(0, skb.mark());
    assertFalse(skb.hasTunnelKey());
  }
}
