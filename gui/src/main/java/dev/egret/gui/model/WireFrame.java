package dev.egret.gui.model;

import dev.egret.datapath.config.TunnelProtocol;
import dev.egret.datapath.packet.Eth;
import dev.egret.datapath.packet.Geneve;
import dev.egret.datapath.packet.Ipv4;
import dev.egret.datapath.packet.Tcp;
import dev.egret.datapath.packet.Udp;
import dev.egret.datapath.packet.Vxlan;

/**
 * What the visualizer needs of a frame on the underlay: whether it is tunnelled (VXLAN on UDP 8472
 * or Geneve on 6081), the outer addresses, and the inner (or only) IPv4 packet's addresses,
 * protocol and ports. Decoded once from the raw bytes the run hands out.
 *
 * @param tunnel whether the frame carries an inner frame (the pod's packet inside the tunnel)
 * @param outerSrc the outer IPv4 source (equals {@code src} when not tunnelled)
 * @param outerDst the outer IPv4 destination
 * @param src the inner (or only) IPv4 source; 0 when the frame is not IPv4
 * @param dst the inner (or only) IPv4 destination
 * @param proto the inner IP protocol number
 * @param sport the TCP/UDP source port, or 0
 * @param dport the TCP/UDP destination port, or 0
 * @param tcpFlags the TCP flags, or 0
 */
public record WireFrame(
    boolean tunnel,
    int outerSrc,
    int outerDst,
    int src,
    int dst,
    int proto,
    int sport,
    int dport,
    int tcpFlags) {

  /** An unparseable frame (not IPv4). */
  public static final WireFrame NONE = new WireFrame(false, 0, 0, 0, 0, 0, 0, 0, 0);

  /** Decodes {@code len} bytes at {@code off} (Ethernet first). */
  public static WireFrame decode(byte[] b, int off, int len) {
    int end = off + len;
    if (!isIpv4(b, off, end)) {
      return NONE;
    }
    int ip = off + Eth.HLEN;
    int outerSrc = Ipv4.saddr(b, ip);
    int outerDst = Ipv4.daddr(b, ip);
    int l4 = ip + Ipv4.hdrLen(b, ip);
    if (Ipv4.protocol(b, ip) == Ipv4.IPPROTO_UDP && l4 + Udp.HLEN <= end) {
      int dport = Udp.dport(b, l4);
      int tunnelHdr =
          dport == TunnelProtocol.VXLAN_PORT
              ? Vxlan.HLEN
              : dport == TunnelProtocol.GENEVE_PORT ? Geneve.HLEN : -1;
      int inner = l4 + Udp.HLEN + tunnelHdr;
      if (tunnelHdr > 0 && isIpv4(b, inner, end)) {
        WireFrame f = decodeIp(b, inner + Eth.HLEN, end);
        return new WireFrame(
            true, outerSrc, outerDst, f.src, f.dst, f.proto, f.sport, f.dport, f.tcpFlags);
      }
    }
    return decodeIp(b, ip, end);
  }

  private static boolean isIpv4(byte[] b, int off, int end) {
    return off + Eth.HLEN + Ipv4.MIN_HLEN <= end
        && Eth.proto(b, off) == Eth.ETH_P_IP
        && Ipv4.version(b, off + Eth.HLEN) == 4;
  }

  private static WireFrame decodeIp(byte[] b, int ip, int end) {
    int src = Ipv4.saddr(b, ip);
    int dst = Ipv4.daddr(b, ip);
    int proto = Ipv4.protocol(b, ip);
    int l4 = ip + Ipv4.hdrLen(b, ip);
    int sport = 0;
    int dport = 0;
    int flags = 0;
    boolean first = !Ipv4.isNotFirstFragment(b, ip);
    if (first && proto == Ipv4.IPPROTO_TCP && l4 + Tcp.MIN_HLEN <= end) {
      sport = Tcp.sport(b, l4);
      dport = Tcp.dport(b, l4);
      flags = Tcp.flags(b, l4);
    } else if (first && proto == Ipv4.IPPROTO_UDP && l4 + Udp.HLEN <= end) {
      sport = Udp.sport(b, l4);
      dport = Udp.dport(b, l4);
    }
    return new WireFrame(false, src, dst, src, dst, proto, sport, dport, flags);
  }
}
