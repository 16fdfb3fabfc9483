package dev.egret.datapath.tunnel;

import dev.egret.datapath.config.TunnelProtocol;
import dev.egret.datapath.packet.Ipv4;
import dev.egret.datapath.packet.Skb;

/**
 * {@code ctx_set_encap_info} of bpf/lib/overloadable_xdp.h (v1.16): on the XDP path the program
 * builds the outer headers itself — outer Ethernet (MACs zero until the FIB lookup fills them),
 * IPv4 (IHL 5, TOS 0, id 0, no flags, TTL 64, protocol UDP, source {@code IPV4_DIRECT_ROUTING},
 * checksum computed), UDP (source port a 16-bit fold of the inner flow hash, destination the tunnel
 * port, checksum 0) and VXLAN/Geneve with the VNI.
 */
public final class XdpEncap {
  private XdpEncap() {}

  /** Models: bpf/lib/overloadable_xdp.h ctx_set_encap_info (v1.16). */
  public static void setEncapInfo(
      Skb skb, TunnelProtocol protocol, int srcIp, int dstIp, int vni, long hashSeed) {
    int h = OuterHeaders.innerFlowHash(skb.data(), skb.off(), skb.len(), hashSeed);
    int srcPort = ((h >>> 16) ^ h) & 0xffff;
    OuterHeaders.prepend(skb, protocol, 0L, 0L, 0, 0, Ipv4.DEFAULT_TTL, srcIp, dstIp, srcPort, vni);
  }
}
