package dev.egret.scenarios.traffic;

import static dev.egret.scenarios.traffic.LinuxTcp.IP_DEFAULT_TTL;
import static dev.egret.scenarios.traffic.LinuxTcp.TCP_IP_HEADERS;
import static dev.egret.scenarios.traffic.LinuxTcp.UDP_IP_HEADERS;

import dev.egret.datapath.net.Ip4;
import dev.egret.datapath.packet.Eth;
import dev.egret.datapath.packet.FrameBuilder;
import dev.egret.datapath.packet.Ipv4;
import dev.egret.datapath.packet.L4Checksum;
import dev.egret.datapath.packet.Skb;
import dev.egret.sim.Rng;
import dev.egret.sim.Simulation;
import dev.egret.topology.fabric.SkbPool;

/**
 * One simulated host, a pod or an external server: its IPv4 address, MAC, next-hop MAC and MTU, and
 * its TCP, UDP and ICMP layers, over raw Ethernet frames.
 *
 * <p><b>Frames in.</b> The fabric calls {@link #receive(Skb)} with every frame for the host. The
 * stack takes ownership: it processes the frame synchronously (answers go out through the {@link
 * FrameSink} before {@code receive} returns) and then hands it to {@link SkbPool#release}, so the
 * fabric must not touch it afterwards. Frames not for this host (destination MAC other than ours or
 * broadcast, destination IP not ours), with a wrong IPv4 or TCP/UDP/ICMP checksum, malformed, or of
 * an unsupported protocol are dropped silently and counted in {@link #counters()}. IPv4 fragments
 * are reassembled ({@link Ipv4Reassembly}) before the L4 checksum is checked.
 *
 * <p><b>Frames out.</b> Every frame is taken from the shared {@link SkbPool}, written with correct
 * checksums (source MAC ours, destination MAC the next hop, TTL 64), tagged with its connection or
 * flow id ({@link Skb#tag()}) and given to {@link FrameSink#transmit}, which takes ownership.
 * Answers carry the tag of the frame they answer.
 *
 * <p><b>Services.</b> Every host answers ICMP echo requests ({@code net.ipv4.icmp_echo_ignore_all}
 * 0). TCP listeners ({@link #listenTcp}) and UDP sockets ({@link #bindUdp}) are bound per port; a
 * SYN to a port without listener is answered with RST, a UDP datagram to an unbound port with ICMP
 * port unreachable. The first packet of each incoming connection or flow is reported to the {@link
 * ServerObserver}.
 *
 * <p><b>Randomness.</b> Ephemeral ports, ISNs, IP ids and echo ids come from streams named {@code
 * config.name() + "/..."} of the simulation, so a host's choices depend only on the seed, its name
 * and its own history.
 *
 * <p>Not thread-safe and not re-entrant: the fabric must deliver frames in simulation events, never
 * from inside {@link FrameSink#transmit}.
 */
public final class HostStack {
  /** The broadcast MAC, accepted besides the host's own. */
  public static final long BROADCAST_MAC = 0xffff_ffff_ffffL;

  private static final byte[] NO_PAYLOAD = new byte[0];

  private final Simulation sim;
  private final HostConfig config;
  private final SkbPool pool;
  private final ServerObserver serverObserver;
  private final FrameBuilder fb = new FrameBuilder();
  private final HostCounters counters = new HostCounters();
  private final Rng ipIdRng;
  private final TcpLayer tcp;
  private final UdpLayer udp;
  private final IcmpLayer icmp;
  private final Ipv4Reassembly reassembly = new Ipv4Reassembly(this);
  private byte[] scratch;
  private FrameSink sink;
  private long nextHopMac;

  /**
   * @param sim the simulation whose clock and random streams the host uses
   * @param config addressing and MTU
   * @param sink where frames go
   * @param pool the frame pool, shared by all hosts of the simulation (and the fabric)
   * @param serverObserver told about the first packet of every incoming connection or flow
   */
  public HostStack(
      Simulation sim,
      HostConfig config,
      FrameSink sink,
      SkbPool pool,
      ServerObserver serverObserver) {
    this.sim = sim;
    this.config = config;
    this.sink = sink;
    this.pool = pool;
    this.serverObserver = serverObserver == null ? ServerObserver.NONE : serverObserver;
    this.nextHopMac = config.nextHopMac();
    this.ipIdRng = rng("ip-id");
    this.tcp = new TcpLayer(this, rng("tcp-ports"), rng("tcp-isn"));
    this.udp = new UdpLayer(this, rng("udp-ports"));
    this.icmp = new IcmpLayer(this, rng("icmp-id"));
  }

  // ---------------------------------------------------------------- frames in

  /** Processes one incoming frame and releases it to the pool (see the class comment). */
  public void receive(Skb frame) {
    try {
      process(frame);
    } finally {
      pool.release(frame);
    }
  }

  private void process(Skb frame) {
    counters.framesReceived++;
    byte[] b = frame.data();
    int off = frame.off();
    int len = frame.len();
    if (len < Eth.HLEN) {
      counters.malformed++;
      return;
    }
    long dst = Eth.dst(b, off);
    if (dst != config.mac() && dst != BROADCAST_MAC) {
      counters.notForHost++;
      return;
    }
    if (Eth.proto(b, off) != Eth.ETH_P_IP) {
      counters.unsupported++; // no ARP (the fabric resolves next hops), no IPv6
      return;
    }
    int l3 = off + Eth.HLEN;
    int l3len = len - Eth.HLEN;
    if (!Ipv4.valid(b, l3, l3len)) {
      counters.malformed++;
      return;
    }
    if (!Ipv4.checksumValid(b, l3)) {
      counters.badChecksum++;
      return;
    }
    int hl = Ipv4.hdrLen(b, l3);
    int tot = Ipv4.totLen(b, l3);
    if (tot < hl || tot > l3len) {
      counters.malformed++;
      return;
    }
    if (Ipv4.daddr(b, l3) != config.ip()) {
      counters.notForHost++;
      return;
    }
    if (Ipv4.isFragment(b, l3)) {
      counters.fragments++;
      byte[] whole = reassembly.offer(b, l3);
      if (whole == null) {
        return;
      }
      counters.reassembled++;
      b = whole;
      l3 = 0;
      hl = Ipv4.hdrLen(b, l3);
      tot = Ipv4.totLen(b, l3);
    }
    int proto = Ipv4.protocol(b, l3);
    if (proto != Ipv4.IPPROTO_TCP && proto != Ipv4.IPPROTO_UDP && proto != Ipv4.IPPROTO_ICMP) {
      counters.unsupported++;
      return;
    }
    if (!L4Checksum.valid(b, l3)) {
      counters.badChecksum++;
      return;
    }
    int l4 = l3 + hl;
    int l4len = tot - hl;
    int saddr = Ipv4.saddr(b, l3);
    long tag = frame.tag();
    switch (proto) {
      case Ipv4.IPPROTO_TCP -> tcp.receive(b, l4, l4len, saddr, tag);
      case Ipv4.IPPROTO_UDP -> udp.receive(b, l3, l4, l4len, saddr, tag);
      default -> icmp.receive(b, l3, l4, l4len, saddr, tag);
    }
  }

  // ---------------------------------------------------------------- sockets

  /** Binds a TCP server application to {@code port}. */
  public void listenTcp(int port, TcpServerApp app) {
    tcp.listen(checkPort(port), app);
  }

  /**
   * Opens a TCP connection to {@code dstIp:dstPort} from a fresh ephemeral port: the SYN leaves
   * now. Returns null when no ephemeral port is free for that destination (EADDRNOTAVAIL).
   *
   * @param tag the flow id carried by every frame of the connection (non-zero)
   */
  public TcpConnection connectTcp(int dstIp, int dstPort, long tag, TcpHandler handler) {
    TcpConnection c = tcp.connect(dstIp, checkPort(dstPort), tag, handler);
    if (c != null) {
      c.start();
    }
    return c;
  }

  /** {@link #connectTcp} without sending the SYN yet: the caller calls {@code start()}. */
  TcpConnection connectTcpDeferred(int dstIp, int dstPort, long tag, TcpHandler handler) {
    return tcp.connect(dstIp, checkPort(dstPort), tag, handler);
  }

  /** Binds a UDP server socket to {@code port}; it receives from anyone. */
  public UdpSocket bindUdp(int port, UdpHandler handler) {
    return udp.bindServer(checkPort(port), handler);
  }

  /**
   * A UDP socket connected to {@code dstIp:dstPort} on a fresh ephemeral port; it receives only
   * from that peer. Null when no port is free.
   */
  public UdpSocket connectUdp(int dstIp, int dstPort, long tag, UdpHandler handler) {
    return udp.connect(dstIp, checkPort(dstPort), tag, handler);
  }

  /**
   * Opens an ICMP echo endpoint (a ping socket) with an echo id drawn from the host's stream,
   * unique among the host's open ones. Null when all 65536 ids are in use.
   */
  public EchoSocket openEcho(int dstIp, long tag, EchoHandler handler) {
    return icmp.open(dstIp, tag, handler);
  }

  private static int checkPort(int port) {
    if (port <= 0 || port > 0xffff) {
      throw new IllegalArgumentException("port " + port + " outside 1..65535");
    }
    return port;
  }

  // ---------------------------------------------------------------- accessors

  public String name() {
    return config.name();
  }

  public int ip() {
    return config.ip();
  }

  public long mac() {
    return config.mac();
  }

  public HostConfig config() {
    return config;
  }

  public long nextHopMac() {
    return nextHopMac;
  }

  /** Points the host at another gateway MAC (e.g. after its node changed). */
  public void setNextHopMac(long mac) {
    this.nextHopMac = mac;
  }

  /** Replaces where frames go (the fabric re-wiring the host). */
  public void setSink(FrameSink sink) {
    this.sink = sink;
  }

  public int mtu() {
    return config.mtu();
  }

  /** The MSS this host announces: MTU − 40. */
  public int mss() {
    return config.mtu() - TCP_IP_HEADERS;
  }

  /** The largest UDP payload sent without IP fragmentation: MTU − 28. */
  public int maxDatagram() {
    return config.mtu() - UDP_IP_HEADERS;
  }

  public HostCounters counters() {
    return counters;
  }

  public Simulation sim() {
    return sim;
  }

  public SkbPool pool() {
    return pool;
  }

  /** TCP connections in the host's table (TIME_WAIT included). */
  public int tcpConnections() {
    return tcp.connectionCount();
  }

  /** The TCP connection of a 4-tuple, or null. */
  public TcpConnection tcpConnection(int localPort, int remoteIp, int remotePort) {
    return tcp.lookup(localPort, remoteIp, remotePort);
  }

  @Override
  public String toString() {
    return "host " + config.name() + " " + Ip4.format(config.ip());
  }

  // ---------------------------------------------------------------- for the layers

  TcpLayer tcp() {
    return tcp;
  }

  UdpLayer udp() {
    return udp;
  }

  ServerObserver serverObserver() {
    return serverObserver;
  }

  /** A named random stream of this host. */
  Rng rng(String what) {
    return sim.rng(config.name() + "/" + what);
  }

  /** A random 16-bit IP id (the start of a socket's counter, or an unconnected packet's id). */
  int randomIpId() {
    return ipIdRng.nextInt(0x10000);
  }

  /** IPv4 datagrams waiting for more fragments. */
  public int pendingReassemblies() {
    return reassembly.pending();
  }

  /** A scratch buffer of at least {@code len} bytes (for building a datagram to fragment). */
  byte[] scratch(int len) {
    if (scratch == null || scratch.length < len) {
      scratch = new byte[len];
    }
    return scratch;
  }

  /** A frame to write into. */
  Skb newFrame() {
    return pool.acquire();
  }

  /** The shared builder, reset to this host's defaults and addressed to {@code dstIp}. */
  FrameBuilder builder(int dstIp) {
    return fb.macs(config.mac(), nextHopMac)
        .ipv4(config.ip(), dstIp)
        .tos(0)
        .id(0)
        .fragOff(0)
        .ttl(IP_DEFAULT_TTL)
        .payload(NO_PAYLOAD, 0, 0);
  }

  /** Tags a written frame and hands it to the fabric. */
  void transmit(Skb frame, long tag) {
    frame.setTag(tag);
    counters.framesSent++;
    sink.transmit(frame);
  }
}
