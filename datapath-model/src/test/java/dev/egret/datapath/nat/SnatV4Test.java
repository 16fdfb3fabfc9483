package dev.egret.datapath.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.datapath.Datapath;
import dev.egret.datapath.config.CiliumVersion;
import dev.egret.datapath.config.DatapathConfig;
import dev.egret.datapath.ct.Tuple4;
import dev.egret.datapath.monitor.TraceCtx;
import dev.egret.datapath.net.Ip4;
import dev.egret.datapath.node.BasicNodeContext;
import dev.egret.datapath.packet.Eth;
import dev.egret.datapath.packet.FrameBuilder;
import dev.egret.datapath.packet.Icmp4;
import dev.egret.datapath.packet.Ipv4;
import dev.egret.datapath.packet.L4Checksum;
import dev.egret.datapath.packet.Skb;
import dev.egret.datapath.packet.Tcp;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import org.junit.jupiter.api.Test;

/** {@code snat_v4_new_mapping} port choice and the NAT facts of reference §3 and §7.6. */
class SnatV4Test {
  static final int P = Ip4.parse("10.0.1.23");
  static final int X = Ip4.parse("93.184.216.34");
  static final int E = Ip4.parse("172.18.0.3");

  final Deque<Integer> draws = new ArrayDeque<>();
  int drawsTaken;
  BasicNodeContext ctx = new BasicNodeContext(1).setPrandom(this::draw);
  Datapath dp = new Datapath(DatapathConfig.defaults());

  int draw() {
    drawsTaken++;
    return draws.isEmpty() ? 0 : draws.poll();
  }

  SnatV4 snat() {
    return dp.snat();
  }

  NatTarget target(int min, int max) {
    NatTarget t = new NatTarget().reset(min, max);
    t.addr = E;
    t.egressGateway = true;
    t.needsCt = true;
    return t;
  }

  Tuple4 otuple(int sport) {
    return new Tuple4().set(X, P, 443, sport, 6, Tuple4.TUPLE_F_OUT);
  }

  /** Reserves port {@code port} of the collision domain (E, X:443, TCP) for another client. */
  void occupy(int port) {
    dp.natMap()
        .put(
            new Tuple4().set(E, X, port, 443, 6, Tuple4.TUPLE_F_IN),
            0,
            true,
            Ip4.parse("10.9.9.9"),
            port);
  }

  /** The u16 draw that the 1.16 clamp turns into {@code port} (32768..65534). */
  static int drawFor(int port) {
    return port - 32768;
  }

  @Test
  void anInRangeOriginalPortIsKeptWithoutADraw() {
    assertEquals(0, snat().newMapping(ctx, otuple(40000), target(32768, 65535), true));
    assertEquals(40000, snat().statePort());
    assertEquals(E, snat().stateAddr());
    assertEquals(0, drawsTaken);
    assertEquals(0, snat().lastRetries());
    // the SNAT and RevSNAT entries
    NatEntry o = dp.natMap().get(otuple(40000));
    assertEquals(E, o.addr());
    assertEquals(40000, o.port());
    assertTrue(o.needsCt());
    NatEntry r = dp.natMap().get(new Tuple4().set(E, X, 40000, 443, 6, Tuple4.TUPLE_F_IN));
    assertEquals(P, r.addr());
    assertEquals(40000, r.port());
    assertEquals(o.created(), r.created());
  }

  @Test
  void anOutOfRangePortGetsOneRandomPickFromTheU16Draw() {
    draws.add(0x12345678); // (u16) 0x5678 = 22136; 22136 % 32767 + 32768 = 54904
    assertEquals(0, snat().newMapping(ctx, otuple(111), target(32768, 65535), true));
    assertEquals(54904, snat().statePort());
    assertEquals(1, drawsTaken);
  }

  @Test
  void afterTheKeptPortOneRandomThenStepsOfTwoKeepingParity() {
    occupy(40001); // the kept port
    occupy(50000); // the random pick
    occupy(50002);
    occupy(50004);
    draws.add(drawFor(50000));
    assertEquals(0, snat().newMapping(ctx, otuple(40001), target(32768, 65535), true));
    assertEquals(50006, snat().statePort(), "50000, then clamp(50001) = 50002, 50004, 50006");
    assertEquals(4, snat().lastRetries());
    assertEquals(1, drawsTaken, "only one random draw");
    assertEquals(1, snat().stats().retries(4));
  }

  @Test
  void theWrapAtTheTopOfTheRange() {
    PortClamp c = PortClamp.OPEN_MODULO;
    assertEquals(32768, c.clamp(32768, 65535, 65533 + 1));
    assertEquals(32769, c.clamp(32768, 65535, 65534 + 1));
    assertEquals(32768, c.clamp(32768, 65535, (65535 + 1) & 0xffff));
    assertEquals(65534, c.clamp(32768, 65535, 65533), "random picks top out at 65534");
    // and in a probe sequence: random pick 65532, then 65534, then 32769 ...
    occupy(40000);
    occupy(65532);
    occupy(65534);
    draws.add(drawFor(65532));
    assertEquals(0, snat().newMapping(ctx, otuple(40000), target(32768, 65535), true));
    assertEquals(32769, snat().statePort());
  }

  @Test
  void theClosedClampOf117() {
    PortClamp c = CiliumVersion.V1_17.portClamp();
    assertEquals(PortClamp.CLOSED_MULTIPLY_SHIFT, c);
    assertEquals(32768, c.clamp(32768, 65535, 0));
    assertEquals(65535, c.clamp(32768, 65535, 65535), "65535 is reachable");
    assertEquals(49152, c.clamp(32768, 65535, 32768));
    // the sequential probe p -> 32768 + (p + 1) / 2 climbs towards 65535, then wraps
    assertEquals(32768 + 40001 / 2, c.clamp(32768, 65535, 40000 + 1));
    assertEquals(32768, c.clamp(32768, 65535, (65535 + 1) & 0xffff));
    // the intermediate closed modulo of 9b6c0bddb6: steps of one
    assertEquals(40001, PortClamp.CLOSED_MODULO.clamp(32768, 65535, 40001));
    assertEquals(32768, PortClamp.CLOSED_MODULO.clamp(32768, 65535, 65536 & 0xffff));
    assertEquals(65535, PortClamp.CLOSED_MODULO.clamp(32768, 65535, 65535));
  }

  @Test
  void exhaustionAfter128TriesIsDropNatNoMapping() {
    for (int port = 32768; port <= 65535; port++) {
      occupy(port);
    }
    int signals0 = (int) dp.signals().natFillUpCount();
    int ret = snat().newMapping(ctx, otuple(40000), target(32768, 65535), true);
    assertEquals(-167, ret);
    assertEquals(SnatV4.SNAT_COLLISION_RETRIES, snat().lastRetries());
    assertEquals(1, snat().stats().exhausted());
    assertEquals(1, snat().stats().retries(128));
    assertEquals(signals0 + 1, dp.signals().natFillUpCount(), "retries 128 > 64");
    assertEquals(null, dp.natMap().get(otuple(40000)), "nothing half-created");
  }

  @Test
  void fillUpSignalOnlyAboveSixtyFourRetries() {
    // kept port 40001 and random pick 50000 taken, then 50002, 50004, ...: success after n
    for (int n : new int[] {64, 65}) {
      dp = new Datapath(DatapathConfig.defaults());
      draws.clear();
      occupy(40001);
      for (int k = 0; k < n - 1; k++) {
        occupy(50000 + 2 * k);
      }
      draws.add(drawFor(50000));
      assertEquals(0, snat().newMapping(ctx, otuple(40001), target(32768, 65535), true));
      assertEquals(n, snat().lastRetries());
      assertEquals(n > SnatV4.SNAT_SIGNAL_THRES ? 1 : 0, dp.signals().natFillUpCount(), "n=" + n);
    }
  }

  @Test
  void aTinyRangeAlwaysPicksTheMinimumIn116() {
    // bpf_nat_tests.c nat4_icmp_error_*: range [MIN_NAT, MIN_NAT + 1], modulus 1
    for (int d : new int[] {0, 1, 0xffff, 0x1234}) {
      dp = new Datapath(DatapathConfig.defaults());
      draws.clear();
      draws.add(d);
      assertEquals(0, snat().newMapping(ctx, otuple(3030), target(32768, 32769), false));
      assertEquals(32768, snat().statePort());
    }
  }

  @Test
  void fragNeededReverseTranslationRestoresTheEmbeddedHeader() {
    int ep = Ip4.parse("10.0.0.2");
    int ext = Ip4.parse("10.0.0.3");
    int natIp = Ip4.parse("10.0.0.1");
    NatTarget t = new NatTarget().reset(32768, 32769);
    t.addr = natIp;
    Tuple4 o = new Tuple4().set(ext, ep, 80, 3030, 6, Tuple4.TUPLE_F_OUT);
    assertEquals(0, snat().newMapping(ctx, o, t, false));
    assertEquals(32768, snat().statePort());
    // the packet as it left: natIp:32768 -> ext:80, a full TCP header (as the BPF test builds it)
    Skb sent =
        new FrameBuilder()
            .ipv4(natIp, ext)
            .fragOff(Ipv4.IP_DF)
            .payload(new byte[8])
            .writeTcp(new Skb(128), 32768, 80, 1, 0, Tcp.ACK, 512);
    byte[] embedded = Arrays.copyOfRange(sent.data(), sent.off() + 14, sent.off() + 14 + 40);
    // a router answers frag-needed to the NAT address
    int router = Ip4.parse("10.0.0.254");
    Skb err =
        new FrameBuilder()
            .ipv4(router, natIp)
            .payload(embedded)
            .writeIcmpEcho(new Skb(256), 0, 0, 0);
    int l3 = err.off() + Eth.HLEN;
    int l4 = l3 + 20;
    Icmp4.writeError(err.data(), l4, Icmp4.ICMP_DEST_UNREACH, Icmp4.ICMP_FRAG_NEEDED, 1400);
    L4Checksum.update(err.data(), l3);
    int ret = snat().revNat(ctx, err, l3, new NatTarget().reset(32768, 32769), new TraceCtx());
    assertEquals(0, ret);
    byte[] b = err.data();
    assertEquals(ep, Ipv4.daddr(b, l3), "outer destination back to the endpoint");
    assertTrue(Ipv4.checksumValid(b, l3));
    int inner = l4 + Icmp4.HLEN;
    assertEquals(ep, Ipv4.saddr(b, inner), "embedded source restored");
    assertEquals(ext, Ipv4.daddr(b, inner));
    assertTrue(Ipv4.checksumValid(b, inner));
    assertEquals(3030, Tcp.sport(b, inner + 20), "embedded ports 3030/80 restored");
    assertEquals(80, Tcp.dport(b, inner + 20));
    // as in Cilium up to 1.18 (cilium/cilium#40827): the outer ICMP checksum is not fixed up
    assertFalse(L4Checksum.valid(b, l3));
  }

  @Test
  void fragNeededWithOnlyEightBytesOfTcpDropsWithCsumL4In116() {
    // a mapping whose port differs from the original: P:40000 -> E:50000
    NatTarget t = target(32768, 65535);
    occupy(40000);
    draws.add(drawFor(50000));
    assertEquals(0, snat().newMapping(ctx, otuple(40000), t, false));
    assertEquals(50000, snat().statePort());
    // a frag-needed embedding only the IP header and 8 bytes of TCP (RFC 792 minimum)
    Skb sent = new FrameBuilder().ipv4(E, X).writeTcp(new Skb(128), 50000, 443, 1, 0, Tcp.ACK, 9);
    byte[] embedded = Arrays.copyOfRange(sent.data(), sent.off() + 14, sent.off() + 14 + 28);
    Skb err = new FrameBuilder().ipv4(X, E).payload(embedded).writeIcmpEcho(new Skb(256), 0, 0, 0);
    int l3 = err.off() + 14;
    Icmp4.writeError(err.data(), l3 + 20, Icmp4.ICMP_DEST_UNREACH, Icmp4.ICMP_FRAG_NEEDED, 1400);
    L4Checksum.update(err.data(), l3);
    int ret = snat().revNat(ctx, err, l3, t, new TraceCtx());
    assertEquals(-154, ret, "cilium/cilium#33844: the inner TCP checksum is beyond the packet");
  }

  @Test
  void icmpEchoIdIsThePort() {
    Skb echo =
        new FrameBuilder()
            .ipv4(P, X)
            .payload(new byte[16])
            .writeIcmpEcho(new Skb(128), Icmp4.ICMP_ECHO, 40000, 1);
    int l3 = echo.off() + 14;
    Tuple4 tuple = new Tuple4();
    assertEquals(0, snat().nat(ctx, echo, l3, tuple, target(32768, 65535), new TraceCtx()));
    assertEquals(E, Ipv4.saddr(echo.data(), l3));
    assertEquals(40000, Icmp4.id(echo.data(), l3 + 20), "in range: kept");
    assertTrue(L4Checksum.valid(echo.data(), l3));
    assertNotNull(dp.natMap().get(new Tuple4().set(X, P, 0, 40000, 1, 0)));
    // the echo reply comes back to E with id 40000
    Skb reply =
        new FrameBuilder()
            .ipv4(X, E)
            .payload(new byte[16])
            .writeIcmpEcho(new Skb(128), Icmp4.ICMP_ECHOREPLY, 40000, 1);
    assertEquals(0, snat().revNat(ctx, reply, l3, target(32768, 65535), new TraceCtx()));
    assertEquals(P, Ipv4.daddr(reply.data(), l3));
    assertTrue(L4Checksum.valid(reply.data(), l3) && Ipv4.checksumValid(reply.data(), l3));
    // an id below the range is clamped in 1.16
    Skb low = new FrameBuilder().ipv4(P, X).writeIcmpEcho(new Skb(128), Icmp4.ICMP_ECHO, 7, 1);
    draws.add(drawFor(33000));
    assertEquals(0, snat().nat(ctx, low, l3, tuple, target(32768, 65535), new TraceCtx()));
    assertEquals(33000, Icmp4.id(low.data(), l3 + 20));
    assertTrue(L4Checksum.valid(low.data(), l3));
  }

  @Test
  void puntsAndUnsupportedIcmp() {
    TraceCtx tc = new TraceCtx();
    Tuple4 tuple = new Tuple4();
    Skb echoReply =
        new FrameBuilder().ipv4(P, X).writeIcmpEcho(new Skb(128), Icmp4.ICMP_ECHOREPLY, 5, 1);
    assertEquals(
        SnatV4.NAT_PUNT_TO_STACK,
        snat().nat(ctx, echoReply, echoReply.off() + 14, tuple, target(32768, 65535), tc));
    Skb other = new FrameBuilder().ipv4(P, X).writeIcmpEcho(new Skb(128), 13, 5, 1); // timestamp
    assertEquals(-168, snat().nat(ctx, other, other.off() + 14, tuple, target(32768, 65535), tc));
    Skb gre = new FrameBuilder().ipv4(P, X).writeUdp(new Skb(128), 1, 2);
    gre.data()[gre.off() + 14 + Ipv4.PROTOCOL] = 47;
    Ipv4.updateChecksum(gre.data(), gre.off() + 14);
    assertEquals(
        SnatV4.NAT_PUNT_TO_STACK,
        snat().nat(ctx, gre, gre.off() + 14, tuple, target(32768, 65535), tc));
    // masquerade (not EGW) of a non-endpoint source below NAT_MIN_EGRESS is skipped
    NatTarget masq = new NatTarget().reset(32768, 65535);
    masq.addr = E;
    Skb low = new FrameBuilder().ipv4(P, X).writeUdp(new Skb(128), 53, 53);
    assertEquals(SnatV4.NAT_PUNT_TO_STACK, snat().nat(ctx, low, low.off() + 14, tuple, masq, tc));
    // a reply port outside [min, max] is punted on the way in
    Skb in = new FrameBuilder().ipv4(X, E).writeUdp(new Skb(128), 53, 1000);
    assertEquals(SnatV4.NAT_PUNT_TO_STACK, snat().revNat(ctx, in, in.off() + 14, masq, tc));
    Skb miss = new FrameBuilder().ipv4(X, E).writeUdp(new Skb(128), 53, 40000);
    assertEquals(-167, snat().revNat(ctx, miss, miss.off() + 14, masq, tc));
  }

  @Test
  void v116ReusesAStaleEntryWhile117ReplacesIt() {
    NatTarget old = target(32768, 65535);
    old.addr = Ip4.parse("3.3.4.4");
    Skb pkt = new FrameBuilder().ipv4(P, X).writeTcp(new Skb(128), 40000, 443, 1, 0, Tcp.ACK, 9);
    int l3 = pkt.off() + 14;
    assertEquals(0, snat().nat(ctx, pkt, l3, new Tuple4(), old, new TraceCtx()));
    // the egress IP changes to E
    Skb again = new FrameBuilder().ipv4(P, X).writeTcp(new Skb(128), 40000, 443, 2, 0, Tcp.ACK, 9);
    assertEquals(0, snat().nat(ctx, again, l3, new Tuple4(), target(32768, 65535), new TraceCtx()));
    assertEquals(Ip4.parse("3.3.4.4"), Ipv4.saddr(again.data(), l3), "1.16 keeps the old source");

    dp = new Datapath(DatapathConfig.builder().version(CiliumVersion.V1_17).build());
    Skb p1 = new FrameBuilder().ipv4(P, X).writeTcp(new Skb(128), 40000, 443, 1, 0, Tcp.ACK, 9);
    assertEquals(0, snat().nat(ctx, p1, l3, new Tuple4(), old, new TraceCtx()));
    Skb p2 = new FrameBuilder().ipv4(P, X).writeTcp(new Skb(128), 40000, 443, 2, 0, Tcp.ACK, 9);
    assertEquals(0, snat().nat(ctx, p2, l3, new Tuple4(), target(32768, 65535), new TraceCtx()));
    assertEquals(E, Ipv4.saddr(p2.data(), l3), "1.17 recreates the entry with the new egress IP");
    assertEquals(2, dp.natMap().size(), "the stale pair is gone");
  }
}
