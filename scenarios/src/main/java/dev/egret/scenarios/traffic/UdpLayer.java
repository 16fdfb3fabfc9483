package dev.egret.scenarios.traffic;

import dev.egret.datapath.packet.Csum;
import dev.egret.datapath.packet.Eth;
import dev.egret.datapath.packet.FrameBuilder;
import dev.egret.datapath.packet.Icmp4;
import dev.egret.datapath.packet.Ipv4;
import dev.egret.datapath.packet.Skb;
import dev.egret.datapath.packet.Udp;
import dev.egret.scenarios.model.Protocol;
import dev.egret.sim.Rng;

/**
 * The UDP layer of one host: sockets by local port, ephemeral ports, demultiplexing, ICMP port
 * unreachable for datagrams nobody is bound to ({@code __udp4_lib_rcv} → {@code icmp_send}), and
 * the server-side sightings of new flows.
 */
final class UdpLayer {
  /** The largest UDP payload: 65535 − 20 (IPv4) − 8 (UDP). */
  static final int MAX_UDP_PAYLOAD = 65535 - Ipv4.MIN_HLEN - Udp.HLEN;

  /** {@code ICMP_PORT_UNREACH}: the code of destination unreachable for a closed UDP port. */
  static final int ICMP_PORT_UNREACH = 3;

  /**
   * {@code icmp_send} quotes as much of the offending packet as fits a 576-byte answer (RFC 1812
   * §4.3.2.3): 576 − 20 (IP) − 8 (ICMP) bytes.
   */
  static final int ICMP_ERROR_QUOTE_MAX = 576 - Ipv4.MIN_HLEN - Icmp4.HLEN;

  /** {@code IPTOS_PREC_INTERNETCONTROL}: the TOS {@code icmp_send} gives its errors. */
  static final int TOS_INTERNETCONTROL = 0xc0;

  private final HostStack host;
  private final EphemeralPorts ports;
  private final LongMap<UdpSocket> bound = new LongMap<>();
  private final LongMap<ServerSighting> seen = new LongMap<>();

  UdpLayer(HostStack host, Rng portRng) {
    this.host = host;
    this.ports = new EphemeralPorts(portRng);
  }

  UdpSocket bindServer(int port, UdpHandler handler) {
    if (bound.containsKey(port)) {
      throw new IllegalStateException("UDP port " + port + " of " + host + " is already bound");
    }
    UdpSocket s = new UdpSocket(this, port, 0, 0, false, handler, 0, 0);
    bound.put(port, s);
    return s;
  }

  UdpSocket connect(int dstIp, int dstPort, long tag, UdpHandler handler) {
    int port = ports.pickForBind(bound::containsKey);
    if (port == EphemeralPorts.NONE) {
      return null;
    }
    UdpSocket s = new UdpSocket(this, port, dstIp, dstPort, true, handler, tag, host.randomIpId());
    bound.put(port, s);
    return s;
  }

  void unbind(UdpSocket s) {
    if (bound.get(s.localPort()) == s) {
      bound.remove(s.localPort());
    }
  }

  /**
   * Sends one datagram. One that fits the MTU leaves whole with DF set; a larger one is fragmented
   * here, as Linux's {@code __ip_append_data} does for a socket in {@code IP_PMTUDISC_WANT}: DF
   * clear, every fragment but the last carrying {@code (MTU − 20) & ~7} bytes of the IP payload
   * (the UDP header in the first), all with one IP id. {@code connectedId} is the connected
   * socket's next id, or -1 for an unconnected socket, which sends id 0 with DF and a random id
   * without ({@code ip_select_ident_segs}). False beyond {@link #MAX_UDP_PAYLOAD} (EMSGSIZE).
   */
  boolean send(
      int localPort,
      int dstIp,
      int dstPort,
      byte[] b,
      int off,
      int len,
      int connectedId,
      long tag) {
    if (len > MAX_UDP_PAYLOAD) {
      return false;
    }
    boolean whole = len <= host.maxDatagram();
    int id = connectedId >= 0 ? connectedId : whole ? 0 : host.randomIpId();
    FrameBuilder fb =
        host.builder(dstIp).id(id).fragOff(whole ? Ipv4.IP_DF : 0).payload(b, off, len);
    if (whole) {
      Skb skb = host.newFrame();
      fb.writeUdp(skb, localPort, dstPort);
      host.transmit(skb, tag);
      return true;
    }
    byte[] datagram = host.scratch(fb.udpLength());
    fb.writeUdp(datagram, 0, localPort, dstPort);
    int headers = Eth.HLEN + Ipv4.MIN_HLEN;
    int ipPayload = Udp.HLEN + len;
    int chunkMax = (host.mtu() - Ipv4.MIN_HLEN) & ~(Ipv4Reassembly.BLOCK - 1);
    for (int at = 0; at < ipPayload; at += chunkMax) {
      int chunk = Math.min(chunkMax, ipPayload - at);
      Skb skb = host.newFrame();
      byte[] f = skb.prepare(headers + chunk);
      int p = skb.off();
      System.arraycopy(datagram, 0, f, p, headers);
      System.arraycopy(datagram, headers + at, f, p + headers, chunk);
      int l3 = p + Eth.HLEN;
      Ipv4.setTotLen(f, l3, Ipv4.MIN_HLEN + chunk);
      boolean more = at + chunk < ipPayload;
      Csum.put16(f, l3 + Ipv4.FRAG_OFF, (more ? Ipv4.IP_MF : 0) | at / Ipv4Reassembly.BLOCK);
      Ipv4.updateChecksum(f, l3);
      host.transmit(skb, tag);
    }
    return true;
  }

  /** Demultiplexes one checksummed datagram. */
  void receive(byte[] b, int l3, int l4, int l4len, int saddr, long tag) {
    if (l4len < Udp.HLEN) {
      host.counters().malformed++;
      return;
    }
    int ulen = Udp.len(b, l4);
    if (ulen < Udp.HLEN || ulen > l4len) {
      host.counters().malformed++;
      return;
    }
    int sport = Udp.sport(b, l4);
    int dport = Udp.dport(b, l4);
    UdpSocket s = bound.get(dport);
    if (s != null && s.isConnected() && (s.remoteIp() != saddr || s.remotePort() != sport)) {
      s = null; // a connected socket only matches its peer
    }
    if (s == null || !s.isConnected()) {
      sighting(saddr, sport, dport, tag, s != null);
    }
    if (s == null) {
      sendPortUnreachable(b, l3, saddr, tag);
      return;
    }
    s.handler.datagram(s, saddr, sport, b, l4 + Udp.HLEN, ulen - Udp.HLEN, tag);
  }

  private void sighting(int saddr, int sport, int dport, long tag, boolean listening) {
    long k = ((saddr & 0xffffffffL) << 32) | ((long) sport << 16) | dport;
    ServerSighting prev = seen.get(k);
    if (prev != null && prev.tag() == tag) {
      return;
    }
    ServerSighting s =
        new ServerSighting(
            tag, Protocol.UDP, host.ip(), dport, saddr, sport, host.sim().now(), listening);
    seen.put(k, s);
    host.serverObserver().firstPacket(s);
  }

  /**
   * ICMP destination unreachable, port unreachable, quoting the offending packet (at most {@link
   * #ICMP_ERROR_QUOTE_MAX} bytes of it). No rate limit ({@code icmp_ratelimit} is not modelled).
   */
  private void sendPortUnreachable(byte[] b, int l3, int saddr, long tag) {
    int quote = Math.min(Ipv4.totLen(b, l3), ICMP_ERROR_QUOTE_MAX);
    FrameBuilder fb =
        host.builder(saddr).tos(TOS_INTERNETCONTROL).id(host.randomIpId()).payload(b, l3, quote);
    Skb skb = host.newFrame();
    byte[] out = skb.prepare(fb.icmpLength());
    fb.writeIcmpError(out, skb.off(), Icmp4.ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0);
    host.counters().portUnreachableSent++;
    host.transmit(skb, tag);
  }

  /**
   * An ICMP error quoting one of our datagrams: tell the connected socket it came from ({@code
   * __udp4_lib_err}). {@code ip} is the offset of the quoted IP header, {@code len} the bytes
   * quoted.
   */
  void icmpError(byte[] b, int ip, int len, int type, int code) {
    int hl = Ipv4.hdrLen(b, ip);
    if (len < hl + Udp.HLEN) {
      return;
    }
    int u = ip + hl;
    UdpSocket s = bound.get(Udp.sport(b, u));
    if (s != null
        && s.isConnected()
        && s.remoteIp() == Ipv4.daddr(b, ip)
        && s.remotePort() == Udp.dport(b, u)) {
      s.handler.unreachable(s, type, code);
    }
  }
}
