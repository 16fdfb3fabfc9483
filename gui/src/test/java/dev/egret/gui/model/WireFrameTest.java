package dev.egret.gui.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.datapath.net.Ip4;
import dev.egret.datapath.packet.Eth;
import dev.egret.datapath.packet.Ipv4;
import dev.egret.datapath.packet.Tcp;
import dev.egret.datapath.packet.Udp;
import dev.egret.datapath.packet.Vxlan;
import org.junit.jupiter.api.Test;

class WireFrameTest {
  private static final int TCP_FRAME = Eth.HLEN + Ipv4.MIN_HLEN + Tcp.MIN_HLEN;

  private static byte[] tcp(int src, int dst, int sport, int dport, int flags) {
    byte[] b = new byte[TCP_FRAME];
    Eth.write(b, 0, 1, 2, Eth.ETH_P_IP);
    Ipv4.write(
        b,
        Eth.HLEN,
        0,
        Ipv4.MIN_HLEN + Tcp.MIN_HLEN,
        1,
        Ipv4.IP_DF,
        64,
        Ipv4.IPPROTO_TCP,
        src,
        dst);
    int l4 = Eth.HLEN + Ipv4.MIN_HLEN;
    Tcp.setSport(b, l4, sport);
    Tcp.setDport(b, l4, dport);
    b[l4 + Tcp.DOFF] = 0x50;
    b[l4 + Tcp.FLAGS] = (byte) flags;
    return b;
  }

  @Test
  void plainTcpFrame() {
    byte[] f = tcp(Ip4.parse("10.0.0.2"), Ip4.parse("198.51.100.10"), 40000, 80, Tcp.SYN);
    WireFrame w = WireFrame.decode(f, 0, f.length);
    assertFalse(w.tunnel());
    assertEquals(Ip4.parse("10.0.0.2"), w.src());
    assertEquals(w.src(), w.outerSrc());
    assertEquals(40000, w.sport());
    assertEquals(80, w.dport());
    assertEquals(Tcp.SYN, w.tcpFlags());
    assertEquals("10.0.0.2:40000 → 198.51.100.10:80 TCP SYN", ConnectionTrace.packet(w));
  }

  @Test
  void vxlanFrameCarriesTheInnerPacket() {
    byte[] inner = tcp(Ip4.parse("10.0.0.2"), Ip4.parse("198.51.100.10"), 40000, 80, Tcp.ACK);
    int outer = Eth.HLEN + Ipv4.MIN_HLEN + Udp.HLEN + Vxlan.HLEN;
    byte[] b = new byte[outer + inner.length];
    Eth.write(b, 0, 3, 4, Eth.ETH_P_IP);
    Ipv4.write(
        b,
        Eth.HLEN,
        0,
        b.length - Eth.HLEN,
        2,
        0,
        64,
        Ipv4.IPPROTO_UDP,
        Ip4.parse("172.18.0.5"),
        Ip4.parse("172.18.0.3"));
    Udp.write(b, Eth.HLEN + Ipv4.MIN_HLEN, 45000, 8472, b.length - Eth.HLEN - Ipv4.MIN_HLEN);
    Vxlan.write(b, Eth.HLEN + Ipv4.MIN_HLEN + Udp.HLEN, 256);
    System.arraycopy(inner, 0, b, outer, inner.length);
    WireFrame w = WireFrame.decode(b, 0, b.length);
    assertTrue(w.tunnel());
    assertEquals(Ip4.parse("172.18.0.5"), w.outerSrc());
    assertEquals(Ip4.parse("172.18.0.3"), w.outerDst());
    assertEquals(Ip4.parse("10.0.0.2"), w.src());
    assertEquals(80, w.dport());
  }

  @Test
  void notIpv4IsNone() {
    byte[] arp = new byte[42];
    Eth.write(arp, 0, 1, 2, Eth.ETH_P_ARP);
    assertEquals(WireFrame.NONE, WireFrame.decode(arp, 0, arp.length));
    assertEquals(WireFrame.NONE, WireFrame.decode(new byte[10], 0, 10));
  }
}
