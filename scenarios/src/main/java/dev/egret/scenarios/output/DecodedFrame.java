package dev.egret.scenarios.output;

import dev.egret.datapath.packet.Eth;
import dev.egret.datapath.packet.Icmp4;
import dev.egret.datapath.packet.Ipv4;
import dev.egret.datapath.packet.Mac;
import dev.egret.datapath.packet.Tcp;
import dev.egret.datapath.packet.Udp;

/**
 * The layers Hubble's L3/L4 parser takes from a frame (pkg/hubble/parser/threefour/parser.go: a
 * gopacket {@code DecodingLayerParser} over Ethernet, IPv4, ICMPv4, TCP and UDP that stops quietly
 * at a layer it has no decoder for). A reusable, mutable value: {@link #decode} never throws and
 * never reads outside the frame; a layer that is truncated or malformed is left out together with
 * everything above it (Hubble would drop the whole flow; we keep what was decoded).
 *
 * <p>gopacket's rules reproduced: the IPv4 payload ends at the header's total length when the frame
 * is longer (padding) and at the frame's end when it is shorter (truncated); a fragment (MF set or
 * a non-zero offset) carries no L4 layer; a TCP header needs a data offset of 5..15 words that
 * fits; UDP and ICMPv4 need their 8 bytes. Cost: O(1), no allocation.
 */
final class DecodedFrame {
  /** The deepest layer decoded, which Hubble's {@code Summary} falls back to. */
  enum Layer {
    NONE(""),
    ETHERNET("Ethernet"),
    IPV4("IPv4"),
    TCP("TCP"),
    UDP("UDP"),
    ICMPV4("ICMPv4");

    /** gopacket's {@code LayerType.String()}. */
    final String gopacketName;

    Layer(String gopacketName) {
      this.gopacketName = gopacketName;
    }
  }

  /** The TCP NS flag: the low bit of the data-offset byte (RFC 3540). */
  static final int TCP_NS = 0x100;

  private static final int IPV4_VERSION = 4;
  private static final int MIN_IHL_WORDS = 5;

  Layer layer = Layer.NONE;
  long srcMac;
  long dstMac;
  int saddr;
  int daddr;
  int sport;
  int dport;

  /** TCP flags with {@link #TCP_NS} in bit 8. */
  int tcpFlags;

  int icmpType;
  int icmpCode;

  boolean hasEthernet() {
    return layer != Layer.NONE;
  }

  boolean hasIpv4() {
    return layer.ordinal() >= Layer.IPV4.ordinal();
  }

  boolean hasL4() {
    return layer.ordinal() > Layer.IPV4.ordinal();
  }

  /** Decodes {@code frame[off, off + len)}; a null frame decodes to nothing. */
  DecodedFrame decode(byte[] frame, int off, int len) {
    layer = Layer.NONE;
    srcMac = dstMac = 0;
    saddr = daddr = sport = dport = tcpFlags = icmpType = icmpCode = 0;
    if (frame == null || off < 0 || len < 0 || off + len > frame.length || len < Eth.HLEN) {
      return this;
    }
    layer = Layer.ETHERNET;
    dstMac = Eth.dst(frame, off);
    srcMac = Eth.src(frame, off);
    if (Eth.proto(frame, off) != Eth.ETH_P_IP) {
      return this;
    }
    int l3 = off + Eth.HLEN;
    int end = off + len;
    if (end - l3 < Ipv4.MIN_HLEN || Ipv4.version(frame, l3) != IPV4_VERSION) {
      return this;
    }
    int hl = Ipv4.hdrLen(frame, l3);
    int totLen = Ipv4.totLen(frame, l3);
    if (totLen == 0) {
      // gopacket: a zero total length (TSO) means "the rest of the frame"
      totLen = end - l3;
    }
    if (Ipv4.ihl(frame, l3) < MIN_IHL_WORDS || totLen < hl || l3 + hl > end) {
      return this;
    }
    layer = Layer.IPV4;
    saddr = Ipv4.saddr(frame, l3);
    daddr = Ipv4.daddr(frame, l3);
    if (Ipv4.isFragment(frame, l3)) {
      return this;
    }
    int l4 = l3 + hl;
    int l4End = Math.min(end, l3 + totLen);
    int l4Len = l4End - l4;
    switch (Ipv4.protocol(frame, l3)) {
      case Ipv4.IPPROTO_TCP:
        decodeTcp(frame, l4, l4Len);
        break;
      case Ipv4.IPPROTO_UDP:
        if (l4Len >= Udp.HLEN) {
          layer = Layer.UDP;
          sport = Udp.sport(frame, l4);
          dport = Udp.dport(frame, l4);
        }
        break;
      case Ipv4.IPPROTO_ICMP:
        if (l4Len >= Icmp4.HLEN) {
          layer = Layer.ICMPV4;
          icmpType = Icmp4.type(frame, l4);
          icmpCode = Icmp4.code(frame, l4);
        }
        break;
      default:
        break;
    }
    return this;
  }

  private void decodeTcp(byte[] frame, int l4, int l4Len) {
    if (l4Len < Tcp.MIN_HLEN) {
      return;
    }
    int doff = Tcp.hdrLen(frame, l4);
    if (doff < Tcp.MIN_HLEN || doff > l4Len) {
      return;
    }
    layer = Layer.TCP;
    sport = Tcp.sport(frame, l4);
    dport = Tcp.dport(frame, l4);
    tcpFlags = Tcp.flags(frame, l4) | ((frame[l4 + Tcp.DOFF] & 1) << 8);
  }

  /** A MAC as gopacket's {@code net.HardwareAddr.String()} writes it: lower-case, colons. */
  static String mac(long mac) {
    return Mac.format(mac);
  }
}
