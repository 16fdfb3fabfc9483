package dev.egret.datapath.tunnel;

import dev.egret.datapath.config.TunnelProtocol;
import dev.egret.datapath.packet.Csum;
import dev.egret.datapath.packet.Eth;
import dev.egret.datapath.packet.Geneve;
import dev.egret.datapath.packet.Icmp4;
import dev.egret.datapath.packet.Ipv4;
import dev.egret.datapath.packet.Skb;
import dev.egret.datapath.packet.Udp;
import dev.egret.datapath.packet.Vxlan;

/**
 * Writing the outer headers of a VXLAN or Geneve packet in front of an inner Ethernet frame, and
 * the inner-flow hash that picks the outer UDP source port. Shared by the kernel tunnel device
 * model ({@link TunnelDevice}) and the XDP encapsulation ({@link XdpEncap}).
 *
 * <pre>
 * | outer Ethernet 14 | outer IPv4 20 | UDP 8 | VXLAN/Geneve 8 | inner Ethernet 14 | inner ... |
 * </pre>
 */
public final class OuterHeaders {
  /**
   * {@code TunnelOverhead} (pkg/mtu): outer IPv4 + UDP + VXLAN + inner Ethernet = 50 bytes; also
   * the number of bytes an encapsulation prepends (outer Ethernet 14 + 20 + 8 + 8).
   */
  public static final int TUNNEL_OVERHEAD = 50;

  /** Bytes prepended to the inner frame: outer Ethernet, IPv4, UDP and the tunnel header. */
  public static final int ENCAP_LEN = Eth.HLEN + Ipv4.MIN_HLEN + Udp.HLEN + Vxlan.HLEN;

  private OuterHeaders() {}

  /**
   * Prepends outer Ethernet/IPv4/UDP/tunnel headers to the frame in {@code skb} (moving its start;
   * the inner frame is not copied unless the headroom is short).
   *
   * @param udpCheck 0 (Cilium sets BPF_F_ZERO_CSUM_TX)
   */
  public static void prepend(
      Skb skb,
      TunnelProtocol proto,
      long srcMac,
      long dstMac,
      int tos,
      int id,
      int ttl,
      int srcIp,
      int dstIp,
      int srcPort,
      int vni) {
    int innerLen = skb.len();
    int off = skb.push(ENCAP_LEN);
    byte[] b = skb.data();
    Eth.write(b, off, dstMac, srcMac, Eth.ETH_P_IP);
    int l3 = off + Eth.HLEN;
    int udpLen = Udp.HLEN + Vxlan.HLEN + innerLen;
    Ipv4.write(b, l3, tos, Ipv4.MIN_HLEN + udpLen, id, 0, ttl, Ipv4.IPPROTO_UDP, srcIp, dstIp);
    int l4 = l3 + Ipv4.MIN_HLEN;
    Udp.write(b, l4, srcPort, proto.port(), udpLen);
    int th = l4 + Udp.HLEN;
    if (proto == TunnelProtocol.VXLAN) {
      Vxlan.write(b, th, vni);
    } else {
      Geneve.write(b, th, vni);
    }
  }

  /**
   * A 32-bit hash of the inner flow (the model of the kernel's {@code skb_get_hash}: the flow
   * dissector's addresses, ports and protocol, mixed with a per-node seed); MAC addresses when the
   * inner frame is not IPv4. Never 0.
   */
  public static int innerFlowHash(byte[] b, int off, int len, long seed) {
    long h = seed;
    if (len >= Eth.HLEN + Ipv4.MIN_HLEN
        && Eth.proto(b, off) == Eth.ETH_P_IP
        && Ipv4.valid(b, off + Eth.HLEN, len - Eth.HLEN)) {
      int l3 = off + Eth.HLEN;
      int proto = Ipv4.protocol(b, l3);
      h = mix(h ^ Ipv4.saddr(b, l3));
      h = mix(h ^ ((long) Ipv4.daddr(b, l3) << 8));
      h = mix(h ^ proto);
      int l4 = l3 + Ipv4.hdrLen(b, l3);
      if ((proto == Ipv4.IPPROTO_TCP || proto == Ipv4.IPPROTO_UDP)
          && l4 + 4 <= off + len
          && !Ipv4.isNotFirstFragment(b, l3)) {
        h = mix(h ^ (((long) Csum.get16(b, l4) << 16) | Csum.get16(b, l4 + 2)));
      } else if (proto == Ipv4.IPPROTO_ICMP && l4 + Icmp4.HLEN <= off + len) {
        h = mix(h ^ Icmp4.id(b, l4));
      }
    } else if (len >= Eth.HLEN) {
      h = mix(h ^ Eth.dst(b, off));
      h = mix(h ^ Eth.src(b, off));
    }
    int r = (int) (h ^ (h >>> 32));
    return r == 0 ? 1 : r;
  }

  /**
   * {@code udp_flow_src_port}: folds the hash and maps it into [min, max) as the kernel does
   * ({@code hash ^= hash << 16; ((u64) hash * (max - min)) >> 32) + min}).
   */
  public static int udpFlowSrcPort(int hash, int min, int max) {
    int h = hash ^ (hash << 16);
    return (int) (((h & 0xffffffffL) * (max - min)) >>> 32) + min;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
