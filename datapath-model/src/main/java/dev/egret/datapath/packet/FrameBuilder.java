package dev.egret.datapath.packet;

/**
 * Builds Ethernet/IPv4 frames with TCP, UDP or ICMPv4 into a caller-provided buffer, with correct
 * IP and L4 checksums. Reusable and allocation-free: set the fields (each setter returns {@code
 * this}), then call one of the {@code write*} methods, which return the frame length.
 *
 * <p>Defaults: MACs zero, TOS 0, id 0, no fragmentation flags, TTL 64, empty payload.
 */
public final class FrameBuilder {
  private long srcMac;
  private long dstMac;
  private int saddr;
  private int daddr;
  private int tos;
  private int id;
  private int fragOff;
  private int ttl = Ipv4.DEFAULT_TTL;
  private byte[] payload = new byte[0];
  private int payloadOff;
  private int payloadLen;

  public FrameBuilder macs(long src, long dst) {
    this.srcMac = src;
    this.dstMac = dst;
    return this;
  }

  public FrameBuilder ipv4(int saddr, int daddr) {
    this.saddr = saddr;
    this.daddr = daddr;
    return this;
  }

  public FrameBuilder tos(int tos) {
    this.tos = tos;
    return this;
  }

  public FrameBuilder id(int id) {
    this.id = id;
    return this;
  }

  /** The whole flags/fragment-offset word, e.g. {@link Ipv4#IP_DF}. */
  public FrameBuilder fragOff(int fragOff) {
    this.fragOff = fragOff;
    return this;
  }

  public FrameBuilder ttl(int ttl) {
    this.ttl = ttl;
    return this;
  }

  /** Uses (without copying) {@code len} bytes of {@code p} from {@code off} as the L4 payload. */
  public FrameBuilder payload(byte[] p, int off, int len) {
    if (off < 0 || len < 0 || off + len > p.length) {
      throw new IllegalArgumentException("payload range outside array");
    }
    this.payload = p;
    this.payloadOff = off;
    this.payloadLen = len;
    return this;
  }

  public FrameBuilder payload(byte[] p) {
    return payload(p, 0, p.length);
  }

  /** The frame length of a TCP frame with the current payload. */
  public int tcpLength() {
    return Eth.HLEN + Ipv4.MIN_HLEN + Tcp.MIN_HLEN + payloadLen;
  }

  /** The frame length of a UDP frame with the current payload. */
  public int udpLength() {
    return Eth.HLEN + Ipv4.MIN_HLEN + Udp.HLEN + payloadLen;
  }

  /** The frame length of an ICMP echo frame with the current payload. */
  public int icmpLength() {
    return Eth.HLEN + Ipv4.MIN_HLEN + Icmp4.HLEN + payloadLen;
  }

  /** Writes Ethernet + IPv4 + TCP (+ payload) at {@code off}; returns the frame length. */
  public int writeTcp(
      byte[] b, int off, int sport, int dport, long seq, long ack, int flags, int window) {
    int n = tcpLength();
    check(b, off, n);
    int l3 = writeL2L3(b, off, Ipv4.IPPROTO_TCP, Tcp.MIN_HLEN + payloadLen);
    int l4 = l3 + Ipv4.MIN_HLEN;
    Tcp.write(b, l4, sport, dport, seq, ack, flags, window);
    System.arraycopy(payload, payloadOff, b, l4 + Tcp.MIN_HLEN, payloadLen);
    L4Checksum.update(b, l3);
    return n;
  }

  /** Writes Ethernet + IPv4 + UDP (+ payload) with a computed UDP checksum. */
  public int writeUdp(byte[] b, int off, int sport, int dport) {
    int n = udpLength();
    check(b, off, n);
    int l3 = writeL2L3(b, off, Ipv4.IPPROTO_UDP, Udp.HLEN + payloadLen);
    int l4 = l3 + Ipv4.MIN_HLEN;
    Udp.write(b, l4, sport, dport, Udp.HLEN + payloadLen);
    System.arraycopy(payload, payloadOff, b, l4 + Udp.HLEN, payloadLen);
    L4Checksum.update(b, l3);
    return n;
  }

  /** Writes Ethernet + IPv4 + ICMP echo request/reply (+ payload). */
  public int writeIcmpEcho(byte[] b, int off, int type, int echoId, int seq) {
    int n = icmpLength();
    check(b, off, n);
    int l3 = writeL2L3(b, off, Ipv4.IPPROTO_ICMP, Icmp4.HLEN + payloadLen);
    int l4 = l3 + Ipv4.MIN_HLEN;
    Icmp4.writeEcho(b, l4, type, echoId, seq);
    System.arraycopy(payload, payloadOff, b, l4 + Icmp4.HLEN, payloadLen);
    L4Checksum.update(b, l3);
    return n;
  }

  /**
   * Writes Ethernet + IPv4 + an ICMP error whose body is the current payload (the embedded IP
   * header and the start of its L4 header, RFC 792/5508).
   *
   * @param restOfHeader the second ICMP word (e.g. the next-hop MTU for frag-needed)
   */
  public int writeIcmpError(byte[] b, int off, int type, int code, int restOfHeader) {
    int n = icmpLength();
    check(b, off, n);
    int l3 = writeL2L3(b, off, Ipv4.IPPROTO_ICMP, Icmp4.HLEN + payloadLen);
    int l4 = l3 + Ipv4.MIN_HLEN;
    Icmp4.writeError(b, l4, type, code, restOfHeader);
    System.arraycopy(payload, payloadOff, b, l4 + Icmp4.HLEN, payloadLen);
    L4Checksum.update(b, l3);
    return n;
  }

  /** Builds a TCP frame into a packet (see {@link Skb#prepare(int)}). */
  public Skb writeTcp(Skb skb, int sport, int dport, long seq, long ack, int flags, int window) {
    byte[] b = skb.prepare(tcpLength());
    writeTcp(b, skb.off(), sport, dport, seq, ack, flags, window);
    return skb;
  }

  /** Builds a UDP frame into a packet. */
  public Skb writeUdp(Skb skb, int sport, int dport) {
    byte[] b = skb.prepare(udpLength());
    writeUdp(b, skb.off(), sport, dport);
    return skb;
  }

  /** Builds an ICMP echo frame into a packet. */
  public Skb writeIcmpEcho(Skb skb, int type, int echoId, int seq) {
    byte[] b = skb.prepare(icmpLength());
    writeIcmpEcho(b, skb.off(), type, echoId, seq);
    return skb;
  }

  private int writeL2L3(byte[] b, int off, int proto, int l4len) {
    Eth.write(b, off, dstMac, srcMac, Eth.ETH_P_IP);
    int l3 = off + Eth.HLEN;
    Ipv4.write(b, l3, tos, Ipv4.MIN_HLEN + l4len, id, fragOff, ttl, proto, saddr, daddr);
    return l3;
  }

  private static void check(byte[] b, int off, int n) {
    if (off < 0 || off + n > b.length) {
      throw new IllegalArgumentException(
          "a " + n + "-byte frame at " + off + " does not fit a " + b.length + "-byte buffer");
    }
  }
}
