package dev.egret.scenarios.explain;

import dev.egret.datapath.net.Ip4;
import dev.egret.datapath.packet.Eth;
import dev.egret.datapath.packet.Ipv4;
import dev.egret.datapath.packet.Tcp;
import dev.egret.datapath.packet.Udp;
import dev.egret.datapath.packet.Vxlan;

/** Short text forms of frames for explanations; never throws on odd frames. */
final class Frames {
  static final int VXLAN_PORT = 8472;
  static final int GENEVE_PORT = 6081;

  private Frames() {}

  /** The IPv4 header offset of the innermost packet (skipping one VXLAN layer), or -1. */
  static int innerL3(byte[] b, int off, int len) {
    int l3 = l3(b, off, len);
    if (l3 < 0) {
      return -1;
    }
    int vni = vni(b, off, len);
    if (vni < 0) {
      return l3;
    }
    int inner = l3 + Ipv4.hdrLen(b, l3) + Udp.HLEN + Vxlan.HLEN;
    int r = l3(b, inner, off + len - inner);
    return r < 0 ? l3 : r;
  }

  /** The IPv4 header offset of the frame at {@code off}, or -1 when it is not IPv4. */
  static int l3(byte[] b, int off, int len) {
    if (len < Eth.HLEN + Ipv4.MIN_HLEN || Eth.proto(b, off) != Eth.ETH_P_IP) {
      return -1;
    }
    int l3 = off + Eth.HLEN;
    return Ipv4.valid(b, l3, len - Eth.HLEN) ? l3 : -1;
  }

  /** The VNI when the frame is VXLAN or Geneve over UDP, else -1. */
  static int vni(byte[] b, int off, int len) {
    int l3 = l3(b, off, len);
    if (l3 < 0 || Ipv4.protocol(b, l3) != Ipv4.IPPROTO_UDP) {
      return -1;
    }
    int l4 = l3 + Ipv4.hdrLen(b, l3);
    if (l4 + Udp.HLEN + Vxlan.HLEN > off + len) {
      return -1;
    }
    int dport = Udp.dport(b, l4);
    if (dport != VXLAN_PORT && dport != GENEVE_PORT) {
      return -1;
    }
    return Vxlan.vni(b, l4 + Udp.HLEN);
  }

  /** The packet, with the outer header first when it is tunnelled. */
  static String describe(byte[] b, int off, int len) {
    int outer = l3(b, off, len);
    int vni = vni(b, off, len);
    if (vni < 0) {
      return packet(b, outer, off + len);
    }
    int inner = innerL3(b, off, len);
    return "VXLAN "
        + Ip4.format(Ipv4.saddr(b, outer))
        + " → "
        + Ip4.format(Ipv4.daddr(b, outer))
        + " VNI "
        + vni
        + " carrying "
        + packet(b, inner, off + len);
  }

  /** e.g. {@code 10.0.0.2:55122 → 198.51.100.10:80 TCP SYN}. */
  static String packet(byte[] b, int l3, int end) {
    if (l3 < 0) {
      return "(not IPv4)";
    }
    int src = Ipv4.saddr(b, l3);
    int dst = Ipv4.daddr(b, l3);
    int proto = Ipv4.protocol(b, l3);
    int l4 = l3 + Ipv4.hdrLen(b, l3);
    StringBuilder sb = new StringBuilder();
    if (proto == Ipv4.IPPROTO_TCP && l4 + Tcp.MIN_HLEN <= end) {
      sb.append(Ip4.format(src)).append(':').append(Tcp.sport(b, l4)).append(" → ");
      sb.append(Ip4.format(dst)).append(':').append(Tcp.dport(b, l4)).append(" TCP ");
      sb.append(Tcp.flagNames(Tcp.flags(b, l4)));
    } else if (proto == Ipv4.IPPROTO_UDP && l4 + Udp.HLEN <= end) {
      sb.append(Ip4.format(src)).append(':').append(Udp.sport(b, l4)).append(" → ");
      sb.append(Ip4.format(dst)).append(':').append(Udp.dport(b, l4)).append(" UDP");
    } else if (proto == Ipv4.IPPROTO_ICMP && l4 + 8 <= end) {
      sb.append(Ip4.format(src)).append(" → ").append(Ip4.format(dst));
      int type = b[l4] & 0xff;
      sb.append(" ICMP ")
          .append(type == 8 ? "echo request" : type == 0 ? "echo reply" : "type " + type);
      if (type == 8 || type == 0) {
        sb.append(" id ").append(((b[l4 + 4] & 0xff) << 8) | (b[l4 + 5] & 0xff));
      }
    } else {
      sb.append(Ip4.format(src))
          .append(" → ")
          .append(Ip4.format(dst))
          .append(" proto ")
          .append(proto);
    }
    sb.append(" ttl ").append(Ipv4.ttl(b, l3));
    return sb.toString();
  }

  /** The source port (TCP/UDP) or echo id (ICMP) of the packet at {@code l3}, or -1. */
  static int sourcePort(byte[] b, int l3, int end) {
    if (l3 < 0) {
      return -1;
    }
    int proto = Ipv4.protocol(b, l3);
    int l4 = l3 + Ipv4.hdrLen(b, l3);
    if ((proto == Ipv4.IPPROTO_TCP || proto == Ipv4.IPPROTO_UDP) && l4 + 4 <= end) {
      return ((b[l4] & 0xff) << 8) | (b[l4 + 1] & 0xff);
    }
    if (proto == Ipv4.IPPROTO_ICMP && l4 + 8 <= end) {
      return ((b[l4 + 4] & 0xff) << 8) | (b[l4 + 5] & 0xff);
    }
    return -1;
  }
}
