package dev.egret.scenarios.traffic;

import dev.egret.datapath.packet.FrameBuilder;
import dev.egret.datapath.packet.Icmp4;
import dev.egret.datapath.packet.Ipv4;
import dev.egret.datapath.packet.Skb;
import dev.egret.scenarios.model.Protocol;
import dev.egret.sim.Rng;

/**
 * The ICMP layer of one host: answers echo requests ({@code icmp_echo}: type 8 → 0, same id,
 * sequence and payload, the tag copied; the reply leaves without DF and with a random IP id, as the
 * kernel's ICMP socket sends it), delivers echo replies to the {@link EchoSocket} of their id, and
 * hands destination-unreachable errors to the UDP socket or echo socket they quote. Other types are
 * counted as unsupported.
 */
final class IcmpLayer {
  /** The echo id space: 16 bits. */
  private static final int ECHO_IDS = 0x10000;

  private final HostStack host;
  private final Rng idRng;
  private final LongMap<EchoSocket> sockets = new LongMap<>();
  private final LongMap<ServerSighting> seen = new LongMap<>();

  IcmpLayer(HostStack host, Rng idRng) {
    this.host = host;
    this.idRng = idRng;
  }

  EchoSocket open(int dstIp, long tag, EchoHandler handler) {
    if (sockets.size() >= ECHO_IDS) {
      return null;
    }
    int id = idRng.nextInt(ECHO_IDS);
    while (sockets.containsKey(id)) {
      id = (id + 1) % ECHO_IDS;
    }
    EchoSocket s = new EchoSocket(this, id, dstIp, tag, handler);
    sockets.put(id, s);
    return s;
  }

  void close(EchoSocket s) {
    if (sockets.get(s.echoId()) == s) {
      sockets.remove(s.echoId());
    }
  }

  void sendRequest(EchoSocket s, int seq, byte[] payload, int off, int len) {
    FrameBuilder fb = host.builder(s.dstIp()).fragOff(Ipv4.IP_DF).payload(payload, off, len);
    Skb skb = host.newFrame();
    fb.writeIcmpEcho(skb, Icmp4.ICMP_ECHO, s.echoId(), seq & 0xffff);
    host.transmit(skb, s.tag());
  }

  /** Processes one checksummed ICMP message. */
  void receive(byte[] b, int l3, int l4, int l4len, int saddr, long tag) {
    if (l4len < Icmp4.HLEN) {
      host.counters().malformed++;
      return;
    }
    int type = Icmp4.type(b, l4);
    int code = Icmp4.code(b, l4);
    int payOff = l4 + Icmp4.HLEN;
    int payLen = l4len - Icmp4.HLEN;
    if (type == Icmp4.ICMP_ECHO && code == 0) {
      echoRequest(b, l4, payOff, payLen, saddr, tag);
    } else if (type == Icmp4.ICMP_ECHOREPLY && code == 0) {
      EchoSocket s = sockets.get(Icmp4.id(b, l4));
      if (s != null && s.dstIp() == saddr) {
        s.handler.reply(s, Icmp4.seq(b, l4), b, payOff, payLen, tag);
      } else {
        host.counters().unsupported++;
      }
    } else if (type == Icmp4.ICMP_DEST_UNREACH) {
      error(b, payOff, payLen, type, code, Icmp4.id(b, l4) << 16 | Icmp4.seq(b, l4));
    } else {
      host.counters().unsupported++;
    }
  }

  private void echoRequest(byte[] b, int l4, int payOff, int payLen, int saddr, long tag) {
    int id = Icmp4.id(b, l4);
    long k = ((saddr & 0xffffffffL) << 32) | id;
    ServerSighting prev = seen.get(k);
    if (prev == null || prev.tag() != tag) {
      ServerSighting s =
          new ServerSighting(tag, Protocol.ICMP, host.ip(), 0, saddr, id, host.sim().now(), true);
      seen.put(k, s);
      host.serverObserver().firstPacket(s);
    }
    FrameBuilder fb = host.builder(saddr).id(host.randomIpId()).payload(b, payOff, payLen);
    Skb skb = host.newFrame();
    fb.writeIcmpEcho(skb, Icmp4.ICMP_ECHOREPLY, id, Icmp4.seq(b, l4));
    host.counters().echoRepliesSent++;
    host.transmit(skb, tag);
  }

  private void error(byte[] b, int quoted, int quotedLen, int type, int code, int restOfHeader) {
    if (quotedLen < Ipv4.MIN_HLEN || !Ipv4.valid(b, quoted, quotedLen)) {
      host.counters().malformed++;
      return;
    }
    int hl = Ipv4.hdrLen(b, quoted);
    switch (Ipv4.protocol(b, quoted)) {
      case Ipv4.IPPROTO_UDP -> host.udp().icmpError(b, quoted, quotedLen, type, code);
      case Ipv4.IPPROTO_ICMP -> {
        if (quotedLen >= hl + Icmp4.HLEN) {
          EchoSocket s = sockets.get(Icmp4.id(b, quoted + hl));
          if (s != null && s.dstIp() == Ipv4.daddr(b, quoted)) {
            s.handler.unreachable(s, type, code);
          }
        }
      }
      case Ipv4.IPPROTO_TCP ->
          host.tcp().icmpError(b, quoted, quotedLen, type, code, restOfHeader & 0xffff);
      default -> {}
    }
  }
}
