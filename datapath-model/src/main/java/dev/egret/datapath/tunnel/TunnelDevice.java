package dev.egret.datapath.tunnel;

import dev.egret.datapath.config.DatapathConfig;
import dev.egret.datapath.config.TunnelProtocol;
import dev.egret.datapath.monitor.DropReason;
import dev.egret.datapath.packet.Eth;
import dev.egret.datapath.packet.Geneve;
import dev.egret.datapath.packet.Ipv4;
import dev.egret.datapath.packet.Skb;
import dev.egret.datapath.packet.Udp;
import dev.egret.datapath.packet.Vxlan;
import dev.egret.datapath.program.Verdict;

/**
 * The kernel side of Cilium's tunnel device ({@code cilium_vxlan} / {@code cilium_geneve}, created
 * with collect-metadata and the configured UDP port): what happens after a program sets the tunnel
 * key and redirects to {@code ENCAP_IFINDEX} ({@link #encap}), and when a tunnel packet arrives for
 * the node ({@link #decap}). The simulator calls these when it moves a packet through the device;
 * they are not part of any BPF program.
 *
 * <p>Outer headers of {@link #encap} ({@code vxlan_xmit_one} / {@code geneve_xmit_skb}):
 *
 * <ul>
 *   <li>IPv4: source chosen by the caller (the kernel's route lookup towards the remote), TTL from
 *       the tunnel key (IPDEFTTL 64), TOS 0 plus the inner ECN bits, no DF, <b>id 0</b> — the
 *       kernel picks a hashed per-destination ident for non-DF packets; 0 keeps runs reproducible
 *       and matches what Cilium's own XDP encapsulation writes;
 *   <li>UDP: destination 8472 (VXLAN) or 6081 (Geneve), checksum 0 (BPF_F_ZERO_CSUM_TX), source
 *       port {@code udp_flow_src_port}: a hash of the inner flow mapped into the ephemeral range
 *       (32768–60999 by default);
 *   <li>VXLAN: flags 0x08 (I), VNI = the key's tunnel id (the source identity); Geneve: no options,
 *       protocol ETH_P_TEB, the same VNI.
 * </ul>
 */
public final class TunnelDevice {
  private final TunnelProtocol protocol;
  private final int srcPortMin;
  private final int srcPortMax;
  private final long hashSeed;

  public TunnelDevice(DatapathConfig cfg) {
    this.protocol = cfg.tunnelProtocol();
    this.srcPortMin = cfg.tunnelSourcePortMin();
    this.srcPortMax = cfg.tunnelSourcePortMax();
    this.hashSeed = cfg.tunnelHashSeed();
  }

  public TunnelProtocol protocol() {
    return protocol;
  }

  /** The outer UDP source port the device would use for the inner frame now in {@code skb}. */
  public int sourcePort(Skb skb) {
    int h = OuterHeaders.innerFlowHash(skb.data(), skb.off(), skb.len(), hashSeed);
    return OuterHeaders.udpFlowSrcPort(h, srcPortMin, srcPortMax);
  }

  /**
   * Encapsulates the frame according to the skb's tunnel key (set by {@code ctx_set_tunnel_key}):
   * prepends outer Ethernet ({@code srcMac} → {@code dstMac}), IPv4 ({@code outerSrc} → the key's
   * remote), UDP and VXLAN/Geneve; clears the tunnel key. The mark is kept, as the kernel keeps
   * {@code skb->mark} through the tunnel transmit.
   *
   * @return {@link Verdict#OK}, or DROP_NO_TUNNEL_KEY if no key was set
   */
  public int encap(Skb skb, int outerSrc, long srcMac, long dstMac) {
    if (!skb.hasTunnelKey()) {
      return Verdict.drop(DropReason.DROP_NO_TUNNEL_KEY);
    }
    int innerTos = 0;
    if (skb.len() >= Eth.HLEN + Ipv4.MIN_HLEN && Eth.proto(skb.data(), skb.off()) == Eth.ETH_P_IP) {
      innerTos = Ipv4.tos(skb.data(), skb.off() + Eth.HLEN);
    }
    int ecn = innerTos & 3;
    int tos = ecn == 3 ? 2 : ecn; // INET_ECN_encapsulate: CE becomes ECT(0)
    int srcPort = sourcePort(skb);
    int remote = skb.tunnelRemoteIpv4();
    int vni = skb.tunnelId();
    int ttl = skb.tunnelTtl() == 0 ? Ipv4.DEFAULT_TTL : skb.tunnelTtl();
    OuterHeaders.prepend(
        skb, protocol, srcMac, dstMac, tos, 0, ttl, outerSrc, remote, srcPort, vni);
    skb.clearTunnelKey();
    return Verdict.OK;
  }

  /**
   * Whether the frame is an IPv4 UDP packet to this device's port (what the node's UDP socket for
   * the tunnel would receive).
   */
  public boolean isTunnelPacket(Skb skb) {
    byte[] b = skb.data();
    int off = skb.off();
    int len = skb.len();
    if (len < Eth.HLEN + Ipv4.MIN_HLEN || Eth.proto(b, off) != Eth.ETH_P_IP) {
      return false;
    }
    int l3 = off + Eth.HLEN;
    if (!Ipv4.valid(b, l3, len - Eth.HLEN) || Ipv4.protocol(b, l3) != Ipv4.IPPROTO_UDP) {
      return false;
    }
    int l4 = l3 + Ipv4.hdrLen(b, l3);
    return l4 + Udp.HLEN <= off + len && Udp.dport(b, l4) == protocol.port();
  }

  /**
   * {@code vxlan_rcv} / {@code geneve_rx}: validates the outer headers, strips them (moving the
   * start offset; nothing is copied) and leaves the key {@code bpf_skb_get_tunnel_key} reads:
   * remote = outer source, local = outer destination, tunnel id = VNI, TTL = outer TTL.
   *
   * @return {@link Verdict#OK} or DROP_INVALID (not a well-formed tunnel packet for this device)
   */
  public int decap(Skb skb) {
    if (!isTunnelPacket(skb)) {
      return Verdict.drop(DropReason.DROP_INVALID);
    }
    byte[] b = skb.data();
    int off = skb.off();
    int end = off + skb.len();
    int l3 = off + Eth.HLEN;
    int l4 = l3 + Ipv4.hdrLen(b, l3);
    int th = l4 + Udp.HLEN;
    int vni;
    int thLen;
    if (th + Vxlan.HLEN > end) {
      return Verdict.drop(DropReason.DROP_INVALID);
    }
    if (protocol == TunnelProtocol.VXLAN) {
      if ((Vxlan.flags(b, th) & Vxlan.FLAG_I) == 0) {
        return Verdict.drop(DropReason.DROP_INVALID);
      }
      vni = Vxlan.vni(b, th);
      thLen = Vxlan.HLEN;
    } else {
      if (Geneve.version(b, th) != 0 || Geneve.protocol(b, th) != Eth.ETH_P_TEB) {
        return Verdict.drop(DropReason.DROP_INVALID);
      }
      vni = Geneve.vni(b, th);
      thLen = Geneve.hdrLen(b, th);
    }
    int inner = th + thLen;
    if (inner + Eth.HLEN > end) {
      return Verdict.drop(DropReason.DROP_INVALID);
    }
    int remote = Ipv4.saddr(b, l3);
    int local = Ipv4.daddr(b, l3);
    int ttl = Ipv4.ttl(b, l3);
    skb.pull(inner - off);
    skb.setReceivedTunnelKey(remote, local, vni, ttl);
    return Verdict.OK;
  }
}
