package dev.egret.scenarios.traffic;

import static dev.egret.scenarios.traffic.LinuxTcp.TCP_MSS_DEFAULT;
import static dev.egret.scenarios.traffic.LinuxTcp.TCP_RCV_WINDOW;

import dev.egret.datapath.packet.Csum;
import dev.egret.datapath.packet.Eth;
import dev.egret.datapath.packet.FrameBuilder;
import dev.egret.datapath.packet.Icmp4;
import dev.egret.datapath.packet.Ipv4;
import dev.egret.datapath.packet.L4Checksum;
import dev.egret.datapath.packet.Skb;
import dev.egret.datapath.packet.Tcp;
import dev.egret.scenarios.model.Protocol;
import dev.egret.sim.Rng;

/**
 * The TCP layer of one host: the connection table keyed by 4-tuple, the listeners, ephemeral ports
 * and ISNs, demultiplexing of incoming segments, RSTs for segments that match nothing ({@code
 * tcp_v4_send_reset}), and writing segments into frames.
 */
final class TcpLayer {
  /** TCP option kinds (RFC 9293 §3.2). */
  private static final int OPT_EOL = 0;

  private static final int OPT_NOP = 1;
  private static final int OPT_MSS = 2;
  private static final int OPT_MSS_LEN = 4;

  /** The TCP header length with the MSS option: 24 bytes, data offset 6 words. */
  private static final int DOFF_WITH_MSS = 0x60;

  /**
   * {@code net.ipv4.route.min_pmtu} (512 + 20 + 20): a frag-needed never lowers the path MTU below
   * this.
   */
  static final int IP_RT_MIN_PMTU = 552;

  /** What an ICMP error must quote of a TCP header: ports and sequence number. */
  private static final int QUOTED_TCP_BYTES = 8;

  private final HostStack host;
  private final EphemeralPorts ports;
  private final Rng isnRng;
  private final LongMap<TcpConnection> conns = new LongMap<>();
  private final LongMap<TcpServerApp> listeners = new LongMap<>();
  private final byte[] mssOption = new byte[OPT_MSS_LEN];

  TcpLayer(HostStack host, Rng portRng, Rng isnRng) {
    this.host = host;
    this.ports = new EphemeralPorts(portRng);
    this.isnRng = isnRng;
  }

  HostStack host() {
    return host;
  }

  static long key(int localPort, int remoteIp, int remotePort) {
    return ((remoteIp & 0xffffffffL) << 32) | ((long) remotePort << 16) | localPort;
  }

  void listen(int port, TcpServerApp app) {
    listeners.put(port, app);
  }

  int connectionCount() {
    return conns.size();
  }

  TcpConnection lookup(int localPort, int remoteIp, int remotePort) {
    return conns.get(key(localPort, remoteIp, remotePort));
  }

  /** Opens a connection in SYN_SENT without sending its SYN (see {@link TcpConnection#start()}). */
  TcpConnection connect(int dstIp, int dstPort, long tag, TcpHandler handler) {
    int port =
        ports.pickForConnect(
            p -> listeners.containsKey(p) || conns.containsKey(key(p, dstIp, dstPort)));
    if (port == EphemeralPorts.NONE) {
      return null;
    }
    long k = key(port, dstIp, dstPort);
    // secure_tcp_seq() is a keyed hash plus a clock; egret draws the ISN from the host's stream.
    int iss = isnRng.nextInt();
    TcpConnection c =
        TcpConnection.open(this, k, port, dstIp, dstPort, handler, iss, host.randomIpId(), tag);
    conns.put(k, c);
    return c;
  }

  void remove(TcpConnection c) {
    if (conns.get(c.key) == c) {
      conns.remove(c.key);
    }
  }

  /** Demultiplexes one checksummed segment ({@code tcp_v4_rcv}). */
  void receive(byte[] b, int l4, int l4len, int saddr, long tag) {
    if (l4len < Tcp.MIN_HLEN) {
      host.counters().malformed++;
      return;
    }
    int hl = Tcp.hdrLen(b, l4);
    if (hl < Tcp.MIN_HLEN || hl > l4len) {
      host.counters().malformed++;
      return;
    }
    int sport = Tcp.sport(b, l4);
    int dport = Tcp.dport(b, l4);
    int seq = (int) Tcp.seq(b, l4);
    int ack = (Csum.get16(b, l4 + Tcp.ACK_SEQ) << 16) | Csum.get16(b, l4 + Tcp.ACK_SEQ + 2);
    int flags = Tcp.flags(b, l4);
    int window = Tcp.window(b, l4);
    int payOff = l4 + hl;
    int payLen = l4len - hl;
    boolean syn = (flags & Tcp.SYN) != 0;
    boolean bareSyn = syn && (flags & (Tcp.ACK | Tcp.RST)) == 0;
    int peerMss = syn ? parseMss(b, l4 + Tcp.MIN_HLEN, hl - Tcp.MIN_HLEN) : TCP_MSS_DEFAULT;
    long k = key(dport, saddr, sport);
    TcpConnection c = conns.get(k);
    if (c != null && bareSyn && c.state() == TcpState.TIME_WAIT) {
      // tcp_timewait_state_process, TCP_TW_SYN: a new SYN ends TIME_WAIT and reaches the
      // listener.
      c.recycleFromTimeWait();
      conns.remove(k);
      c = null;
    }
    if (c != null) {
      c.segment(flags, seq, ack, window, b, payOff, payLen, peerMss, tag);
      return;
    }
    if ((flags & Tcp.RST) != 0) {
      return; // never answer a RST
    }
    if (bareSyn) {
      TcpServerApp app = listeners.get(dport);
      host.serverObserver()
          .firstPacket(
              new ServerSighting(
                  tag,
                  Protocol.TCP,
                  host.ip(),
                  dport,
                  saddr,
                  sport,
                  host.sim().now(),
                  app != null));
      if (app != null) {
        TcpConnection nc =
            TcpConnection.accept(
                this,
                k,
                dport,
                saddr,
                sport,
                app,
                isnRng.nextInt(),
                host.randomIpId(),
                tag,
                seq,
                peerMss);
        conns.put(k, nc);
        return;
      }
    }
    sendResetFor(saddr, sport, dport, seq, ack, flags, payLen, tag);
  }

  /**
   * An ICMP destination unreachable quoting one of our segments ({@code tcp_v4_err}), ignored
   * unless its quoted sequence number is in flight. Fragmentation needed is path MTU discovery (RFC
   * 1191, {@code tcp_v4_mtu_reduced}): the MSS shrinks to the next-hop MTU − 40 (the MTU no lower
   * than {@link #IP_RT_MIN_PMTU}) and what is outstanding is sent again at the new size. Any other
   * code ends a connection in SYN_SENT at once (the connect fails: "No route to host", "Connection
   * refused"); established connections treat it as a soft error and keep going.
   */
  void icmpError(byte[] b, int ip, int len, int type, int code, int nextHopMtu) {
    int hl = Ipv4.hdrLen(b, ip);
    // RFC 792: the quote holds at least the first 8 bytes of TCP: ports and sequence number
    if (type != Icmp4.ICMP_DEST_UNREACH
        || code > Icmp4.NR_ICMP_UNREACH
        || len < hl + QUOTED_TCP_BYTES
        || Ipv4.saddr(b, ip) != host.ip()) {
      return;
    }
    int t = ip + hl;
    TcpConnection c = conns.get(key(Tcp.sport(b, t), Ipv4.daddr(b, ip), Tcp.dport(b, t)));
    if (c == null) {
      return;
    }
    int seq = (int) Tcp.seq(b, t);
    if (code == Icmp4.ICMP_FRAG_NEEDED) {
      c.pathMtuReduced(seq, Math.max(nextHopMtu, IP_RT_MIN_PMTU));
    } else {
      c.icmpUnreachable(seq);
    }
  }

  /** The MSS option of a SYN, or the RFC 9293 default without one ({@code tcp_parse_options}). */
  static int parseMss(byte[] b, int off, int len) {
    int i = off;
    int end = off + len;
    while (i < end) {
      int kind = b[i] & 0xff;
      if (kind == OPT_EOL) {
        break;
      }
      if (kind == OPT_NOP) {
        i++;
        continue;
      }
      if (i + 1 >= end) {
        break;
      }
      int optLen = b[i + 1] & 0xff;
      if (optLen < 2 || i + optLen > end) {
        break;
      }
      if (kind == OPT_MSS && optLen == OPT_MSS_LEN) {
        int mss = Csum.get16(b, i + 2);
        return mss == 0 ? TCP_MSS_DEFAULT : mss;
      }
      i += optLen;
    }
    return TCP_MSS_DEFAULT;
  }

  /**
   * Answers a segment that has no connection with a RST, as RFC 9293 §3.10.7.1 and {@code
   * tcp_v4_send_reset} do: with ACK set, {@code <SEQ=SEG.ACK><CTL=RST>}; otherwise {@code
   * <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>}. DF set, IP id 0, the tag copied.
   */
  void sendResetFor(
      int remoteIp,
      int remotePort,
      int localPort,
      int seq,
      int ack,
      int flags,
      int payLen,
      long tag) {
    int rSeq;
    int rAck;
    int rFlags;
    if ((flags & Tcp.ACK) != 0) {
      rSeq = ack;
      rAck = 0;
      rFlags = Tcp.RST;
    } else {
      rSeq = 0;
      rAck = seq + payLen + ((flags & Tcp.SYN) != 0 ? 1 : 0) + ((flags & Tcp.FIN) != 0 ? 1 : 0);
      rFlags = Tcp.RST | Tcp.ACK;
    }
    FrameBuilder fb = host.builder(remoteIp).fragOff(Ipv4.IP_DF);
    Skb skb = host.newFrame();
    fb.writeTcp(skb, localPort, remotePort, rSeq & 0xffffffffL, rAck & 0xffffffffL, rFlags, 0);
    host.counters().tcpResetsSent++;
    host.transmit(skb, tag);
  }

  /** Writes and sends one segment of {@code c} without options. */
  void emit(
      TcpConnection c,
      int flags,
      int seq,
      int ack,
      byte[] payload,
      int payOff,
      int payLen,
      int ipId) {
    FrameBuilder fb = host.builder(c.remoteIp()).id(ipId).fragOff(Ipv4.IP_DF);
    if (payLen > 0) {
      fb.payload(payload, payOff, payLen);
    }
    Skb skb = host.newFrame();
    fb.writeTcp(
        skb,
        c.localPort(),
        c.remotePort(),
        seq & 0xffffffffL,
        (flags & Tcp.ACK) != 0 ? ack & 0xffffffffL : 0,
        flags,
        TCP_RCV_WINDOW);
    host.transmit(skb, c.tag());
  }

  /** Writes and sends a SYN or SYN-ACK carrying the MSS option (MTU − 40). */
  void emitHandshake(TcpConnection c, int flags, int seq, int ack, int ipId) {
    mssOption[0] = OPT_MSS;
    mssOption[1] = OPT_MSS_LEN;
    Csum.put16(mssOption, 2, host.mss());
    FrameBuilder fb =
        host.builder(c.remoteIp()).id(ipId).fragOff(Ipv4.IP_DF).payload(mssOption, 0, OPT_MSS_LEN);
    Skb skb = host.newFrame();
    fb.writeTcp(
        skb,
        c.localPort(),
        c.remotePort(),
        seq & 0xffffffffL,
        (flags & Tcp.ACK) != 0 ? ack & 0xffffffffL : 0,
        flags,
        TCP_RCV_WINDOW);
    // The option bytes were written as payload; make them header (doff 6) and re-checksum.
    byte[] b = skb.data();
    int l3 = skb.off() + Eth.HLEN;
    b[l3 + Ipv4.MIN_HLEN + Tcp.DOFF] = (byte) DOFF_WITH_MSS;
    L4Checksum.update(b, l3);
    host.transmit(skb, c.tag());
  }
}
