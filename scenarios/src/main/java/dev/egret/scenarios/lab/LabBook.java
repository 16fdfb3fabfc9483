package dev.egret.scenarios.lab;

import dev.egret.datapath.packet.Eth;
import dev.egret.datapath.packet.Ipv4;
import dev.egret.datapath.packet.Skb;
import dev.egret.datapath.packet.Udp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The lab's ledger of connections, the live counterpart of the simulator's connection book.
 *
 * <p>A client registers its socket's tuple before the first packet leaves (it binds first, so the
 * kernel's ephemeral port or echo id is known). A node runner tags every frame whose inner tuple is
 * a registered client's with the connection's id ({@code Skb.tag}, which survives the node's
 * programs and encapsulation, never the wire), so the node's drops, losses and the first frame it
 * puts on a native device toward the world are attributed exactly as in the simulator; that first
 * frame's (translated) source is registered too, and the external's sniffer, seeing a frame with
 * that source arrive, records the sighting: what the destination saw. Thread-safe.
 */
final class LabBook {
  /** One connection, UDP flow or ping of a traffic action. */
  static final class Conn {
    final long id;
    final int action;
    final String pod;
    final int podIp;
    final String node;
    final int proto;
    volatile int sport;
    final int dst;
    final int dport;
    volatile String gateway;
    volatile String dropReason;
    volatile String dropNode;
    volatile String lostWhy;
    volatile boolean sighted;
    volatile int seenIp;
    volatile int seenPort;
    volatile long startNanos = -1;
    volatile long answerNanos = -1;
    volatile String echoedSource;
    volatile String error;

    Conn(long id, int action, String pod, int podIp, String node, int proto, int dst, int dport) {
      this.id = id;
      this.action = action;
      this.pod = pod;
      this.podIp = podIp;
      this.node = node;
      this.proto = proto;
      this.dst = dst;
      this.dport = dport;
    }

    boolean replyReceived() {
      return answerNanos >= 0;
    }

    void answered() {
      if (answerNanos < 0) {
        answerNanos = System.nanoTime();
      }
    }
  }

  private final AtomicLong nextId = new AtomicLong(1);
  private final ConcurrentHashMap<Long, Conn> byId = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Long, Conn> byClientTuple = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Long, Conn> bySeenTuple = new ConcurrentHashMap<>();
  private final List<List<Conn>> byAction = new ArrayList<>();
  private final int tunnelPort;

  LabBook(int tunnelPort) {
    this.tunnelPort = tunnelPort;
  }

  /** A new connection of timeline item {@code action}, listed in start order. */
  Conn open(int action, String pod, int podIp, String node, int proto, int dst, int dport) {
    Conn c = new Conn(nextId.getAndIncrement(), action, pod, podIp, node, proto, dst, dport);
    byId.put(c.id, c);
    synchronized (byAction) {
      while (byAction.size() <= action) {
        byAction.add(new ArrayList<>());
      }
      byAction.get(action).add(c);
    }
    return c;
  }

  /** The client bound its socket: frames from (podIp, sport) of this protocol are its. */
  void bound(Conn c, int sport) {
    c.sport = sport;
    byClientTuple.put(key(c.proto, c.podIp, sport), c);
  }

  /** The connections of timeline item {@code action}, in start order. */
  List<Conn> of(int action) {
    synchronized (byAction) {
      return action < byAction.size() ? new ArrayList<>(byAction.get(action)) : List.of();
    }
  }

  static long key(int proto, int ip, int port) {
    return ((long) proto << 48) | ((long) (port & 0xffff) << 32) | (ip & 0xffffffffL);
  }

  // ------------------------------------------------------------------ runner side

  /**
   * The id of the registered connection {@code skb}'s frame belongs to (forward direction), or 0.
   * Looks through one VXLAN/Geneve header for frames from the wire. Allocation-free.
   */
  long tagOf(Skb skb, boolean fromWire) {
    if (byClientTuple.isEmpty()) {
      return 0;
    }
    byte[] b = skb.data();
    int off = skb.off();
    int end = off + skb.len();
    if (end - off < Eth.HLEN + Ipv4.MIN_HLEN || Eth.proto(b, off) != Eth.ETH_P_IP) {
      return 0;
    }
    int l3 = off + Eth.HLEN;
    if (fromWire && Ipv4.protocol(b, l3) == Ipv4.IPPROTO_UDP) {
      int l4 = l3 + Ipv4.hdrLen(b, l3);
      if (l4 + Udp.HLEN <= end && Udp.dport(b, l4) == tunnelPort) {
        int inner = l4 + Udp.HLEN + 8;
        if (inner + Eth.HLEN + Ipv4.MIN_HLEN > end || Eth.proto(b, inner) != Eth.ETH_P_IP) {
          return 0;
        }
        l3 = inner + Eth.HLEN;
      }
    }
    long k = sourceKey(b, l3, end);
    if (k == 0) {
      return 0;
    }
    Conn c = byClientTuple.get(k);
    if (c == null || c.dst != Ipv4.daddr(b, l3)) {
      return 0;
    }
    return c.id;
  }

  /**
   * The (protocol, source, source port or echo id) key of the IPv4 packet at {@code l3}, or 0 for
   * anything but TCP, UDP and ICMP echo requests (and non-first fragments).
   */
  static long sourceKey(byte[] b, int l3, int end) {
    if ((Ipv4.fragOff(b, l3) & Ipv4.IP_OFFSET) != 0) {
      return 0;
    }
    int proto = Ipv4.protocol(b, l3);
    int l4 = l3 + Ipv4.hdrLen(b, l3);
    if (l4 + 8 > end) {
      return 0;
    }
    int port;
    if (proto == Ipv4.IPPROTO_TCP || proto == Ipv4.IPPROTO_UDP) {
      port = ((b[l4] & 0xff) << 8) | (b[l4 + 1] & 0xff);
    } else if (proto == Ipv4.IPPROTO_ICMP && (b[l4] & 0xff) == PingSocket.ECHO_REQUEST) {
      port = ((b[l4 + 4] & 0xff) << 8) | (b[l4 + 5] & 0xff);
    } else {
      return 0;
    }
    return key(proto, Ipv4.saddr(b, l3), port);
  }

  /** Node {@code node} put a frame of connection {@code id} on a native device, not tunnelled. */
  void egress(long id, String node, Skb frame) {
    Conn c = byId.get(id);
    if (c == null) {
      return;
    }
    if (c.gateway == null && !c.sighted) {
      c.gateway = node;
    }
    byte[] b = frame.data();
    int l3 = frame.off() + Eth.HLEN;
    if (frame.len() >= Eth.HLEN + Ipv4.MIN_HLEN) {
      long k = sourceKey(b, l3, frame.off() + frame.len());
      if (k != 0) {
        bySeenTuple.putIfAbsent(k, c);
      }
    }
  }

  /** A datapath program on {@code node} dropped a frame of connection {@code id}. */
  void dropped(long id, String node, String reason) {
    Conn c = byId.get(id);
    if (c != null && c.dropReason == null && !c.sighted) {
      c.dropReason = reason;
      c.dropNode = node;
    }
  }

  /** A frame of connection {@code id} vanished inside a node. */
  void lost(long id, String why) {
    Conn c = byId.get(id);
    if (c != null && c.lostWhy == null && !c.sighted) {
      c.lostWhy = why;
    }
  }

  // ------------------------------------------------------------------ destination side

  /** A frame arrived at an external's interface (its sniffer); records the first sighting. */
  void arrived(byte[] f, int len) {
    if (len < Eth.HLEN + Ipv4.MIN_HLEN || Eth.proto(f, 0) != Eth.ETH_P_IP) {
      return;
    }
    long k = sourceKey(f, Eth.HLEN, len);
    if (k == 0) {
      return;
    }
    Conn c = bySeenTuple.get(k);
    if (c != null && !c.sighted && c.dst == Ipv4.daddr(f, Eth.HLEN)) {
      c.seenIp = Ipv4.saddr(f, Eth.HLEN);
      c.seenPort = (int) ((k >>> 32) & 0xffff);
      c.sighted = true;
    }
  }
}
