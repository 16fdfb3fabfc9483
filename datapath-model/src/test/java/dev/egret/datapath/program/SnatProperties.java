package dev.egret.datapath.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.datapath.Datapath;
import dev.egret.datapath.config.DatapathConfig;
import dev.egret.datapath.ct.CtMap4;
import dev.egret.datapath.ct.Tuple4;
import dev.egret.datapath.identity.Identities;
import dev.egret.datapath.maps.MapFullException;
import dev.egret.datapath.nat.NatMap4;
import dev.egret.datapath.nat.PortClamp;
import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.net.Ip4;
import dev.egret.datapath.node.BasicNodeContext;
import dev.egret.datapath.node.FibResult;
import dev.egret.datapath.packet.FrameBuilder;
import dev.egret.datapath.packet.Icmp4;
import dev.egret.datapath.packet.Ipv4;
import dev.egret.datapath.packet.L4Checksum;
import dev.egret.datapath.packet.Skb;
import dev.egret.datapath.packet.Tcp;
import dev.egret.datapath.packet.Udp;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * SNAT invariants on a gateway, through its real programs (to-netdev for the way out, from-netdev
 * for replies): uniqueness of live mappings, exact reverse translation, exhaustion as verdict 167,
 * CT and NAT removed together, valid checksums, and the 1.16 clamp's parity.
 */
class SnatProperties {
  static final int ETH0 = 2;
  static final int VXLAN = 3;
  static final int G = Ip4.parse("172.18.0.3");
  static final int S = Ip4.parse("172.18.0.5");
  static final int E = Ip4.parse("172.18.0.3");
  static final int PODS = 12;
  static final int[] EXTERNALS = {
    Ip4.parse("93.184.216.34"), Ip4.parse("1.1.1.1"), Ip4.parse("8.8.8.8")
  };
  static final int[] DPORTS = {53, 80, 443};

  /** A connection a pod on another node opens through the gateway. */
  record Conn(int pod, int sport, int ext, int dport, int proto) {
    int podIp() {
      return Ip4.parse("10.0.1.0") + 1 + pod;
    }

    int extIp() {
      return EXTERNALS[ext];
    }

    int dstPort() {
      return DPORTS[dport];
    }
  }

  @Provide
  Arbitrary<Conn> conns() {
    return Combinators.combine(
            Arbitraries.integers().between(0, PODS - 1),
            Arbitraries.integers().between(1, 65535),
            Arbitraries.integers().between(0, EXTERNALS.length - 1),
            Arbitraries.integers().between(0, DPORTS.length - 1),
            Arbitraries.of(Ipv4.IPPROTO_TCP, Ipv4.IPPROTO_UDP, Ipv4.IPPROTO_ICMP))
        .as(Conn::new);
  }

  static final class Gateway {
    final Datapath dp;
    final BasicNodeContext ctx;

    Gateway(DatapathConfig cfg, long seed) {
      dp = new Datapath(cfg);
      ctx = new BasicNodeContext(seed);
      ctx.setEncapIfindex(VXLAN).setMasqueradeIp(ETH0, G).addHostIp(G);
      ctx.addRoute(Cidr4.ALL, ETH0, 1, 2, FibResult.SUCCESS);
      ctx.ipcache(Cidr4.ALL, Identities.WORLD_ID, 0);
      try {
        for (int p = 0; p < PODS; p++) {
          int ip = Ip4.parse("10.0.1.0") + 1 + p;
          ctx.ipcache(Cidr4.host(ip), 1000 + p, S);
          ctx.egressPolicyMap().update(ip, Cidr4.ALL, E, G);
        }
      } catch (MapFullException e) {
        throw new AssertionError(e);
      }
    }

    /** The packet as it arrives from from-overlay (EGW-done), through to-netdev. */
    int out(Skb skb) {
      skb.setIfindex(ETH0);
      Marks.setEgwDone(skb);
      return BpfHost.toNetdev(dp, ctx, skb);
    }

    int in(Skb skb) {
      skb.resetMetadata();
      skb.setIfindex(ETH0);
      return BpfHost.fromNetdev(dp, ctx, skb);
    }
  }

  static Skb request(Conn c, int seq) {
    FrameBuilder fb =
        new FrameBuilder().ipv4(c.podIp(), c.extIp()).payload(new byte[] {(byte) seq, 7});
    switch (c.proto()) {
      case Ipv4.IPPROTO_TCP:
        return fb.writeTcp(
            new Skb(128), c.sport(), c.dstPort(), seq, 0, seq == 0 ? Tcp.SYN : Tcp.ACK, 512);
      case Ipv4.IPPROTO_UDP:
        return fb.writeUdp(new Skb(128), c.sport(), c.dstPort());
      default:
        return fb.writeIcmpEcho(new Skb(128), Icmp4.ICMP_ECHO, c.sport(), seq);
    }
  }

  /** The reply to a translated request: addresses and ports swapped. */
  static Skb replyTo(Skb translated, int proto) {
    byte[] b = translated.data();
    int l3 = translated.off() + 14;
    int l4 = l3 + 20;
    FrameBuilder fb =
        new FrameBuilder().ipv4(Ipv4.daddr(b, l3), Ipv4.saddr(b, l3)).payload(new byte[] {9});
    switch (proto) {
      case Ipv4.IPPROTO_TCP:
        return fb.writeTcp(new Skb(128), Tcp.dport(b, l4), Tcp.sport(b, l4), 5, 1, Tcp.ACK, 512);
      case Ipv4.IPPROTO_UDP:
        return fb.writeUdp(new Skb(128), Udp.dport(b, l4), Udp.sport(b, l4));
      default:
        return fb.writeIcmpEcho(new Skb(128), Icmp4.ICMP_ECHOREPLY, Icmp4.id(b, l4), 1);
    }
  }

  static void assertChecksums(Skb skb) {
    int l3 = skb.off() + 14;
    assertTrue(Ipv4.checksumValid(skb.data(), l3), "IP checksum");
    assertTrue(L4Checksum.valid(skb.data(), l3), "L4 checksum");
  }

  @Property(tries = 200)
  void mappingsAreUniqueRepliesRestoreTheOriginalAndChecksumsHold(
      @ForAll @Size(max = 60) List<@From("conns") Conn> conns, @ForAll long seed) {
    Gateway g = new Gateway(DatapathConfig.defaults(), seed);
    for (Conn c : conns) {
      Skb skb = request(c, 0);
      int v = g.out(skb);
      assertEquals(Verdict.OK, v, Verdict.toString(v));
      byte[] b = skb.data();
      int l3 = skb.off() + 14;
      assertEquals(E, Ipv4.saddr(b, l3), "translated to the egress IP");
      assertEquals(c.extIp(), Ipv4.daddr(b, l3));
      assertChecksums(skb);

      Skb reply = replyTo(skb, c.proto());
      v = g.in(reply);
      assertEquals(Verdict.redirect(VXLAN), v, Verdict.toString(v));
      byte[] r = reply.data();
      int rl4 = l3 + 20;
      assertEquals(c.extIp(), Ipv4.saddr(r, l3));
      assertEquals(c.podIp(), Ipv4.daddr(r, l3), "reverse NAT restores the pod address");
      switch (c.proto()) {
        case Ipv4.IPPROTO_TCP:
          assertEquals(c.dstPort(), Tcp.sport(r, rl4));
          assertEquals(c.sport(), Tcp.dport(r, rl4), "and the pod port");
          break;
        case Ipv4.IPPROTO_UDP:
          assertEquals(c.dstPort(), Udp.sport(r, rl4));
          assertEquals(c.sport(), Udp.dport(r, rl4));
          break;
        default:
          assertEquals(c.sport(), Icmp4.id(r, rl4), "and the echo id");
      }
      assertChecksums(reply);
    }
    // no two live mappings share (egress IP, port, peer IP, peer port, protocol)
    NatMap4 nat = g.dp.natMap();
    Set<String> seen = new HashSet<>();
    Tuple4 k = new Tuple4();
    int out = 0;
    for (int id : nat.ids()) {
      k.fromKey(nat.key0(id), nat.key1(id));
      if (k.flags != Tuple4.TUPLE_F_OUT) {
        continue;
      }
      out++;
      String key =
          nat.addr(id) + ":" + nat.port(id) + ">" + k.daddr + ":" + k.dport + "/" + k.nexthdr;
      assertTrue(seen.add(key), "duplicate mapping " + key);
    }
    assertEquals(out * 2, nat.size(), "every SNAT entry has its RevSNAT partner");
  }

  @Property(tries = 150)
  void exhaustionIsVerdict167AndNothingLeavesUntranslated(
      @ForAll @IntRange(min = 1, max = 24) int rangeSpan,
      @ForAll @IntRange(min = 1, max = 60) int connections,
      @ForAll long seed) {
    int min = 32768;
    int max = min + rangeSpan;
    Gateway g = new Gateway(DatapathConfig.builder().snatPortRange(min, max).build(), seed);
    int ok = 0;
    for (int i = 0; i < connections; i++) {
      // distinct sources, one collision domain: the same external ip:port and protocol
      Conn c = new Conn(i % PODS, 20000 + i, 0, 2, Ipv4.IPPROTO_TCP);
      Skb skb = request(c, 0);
      int v = g.out(skb);
      int l3 = skb.off() + 14;
      if (Verdict.isOk(v)) {
        ok++;
        assertEquals(E, Ipv4.saddr(skb.data(), l3), "a packet leaving is translated");
        int port = Tcp.sport(skb.data(), l3 + 20);
        assertTrue(port >= min && port <= max, "port in range: " + port);
      } else {
        assertEquals(-167, v, Verdict.toString(v));
      }
    }
    assertTrue(ok <= rangeSpan + 1, ok + " mappings in a range of " + (rangeSpan + 1));
    assertEquals(connections - ok, g.dp.metrics().drops(167));
    assertEquals(connections - ok, g.dp.snat().stats().exhausted());
  }

  @Property(tries = 100)
  void gcRemovesCtEntriesAndTheirNatPairsTogether(
      @ForAll @Size(min = 1, max = 30) List<@From("conns") Conn> conns,
      @ForAll @Size(min = 30, max = 30) List<@IntRange(min = 0, max = 120) Integer> gapsSec,
      @ForAll @IntRange(min = 0, max = 9000) int gcAfterSec,
      @ForAll boolean ack) {
    Gateway g = new Gateway(DatapathConfig.defaults(), 1);
    long sec = 1_000_000_000L;
    g.ctx.setNowNanos(1000 * sec);
    for (int i = 0; i < conns.size(); i++) {
      g.ctx.advanceNanos(gapsSec.get(i) * sec);
      Conn c = conns.get(i);
      assertEquals(Verdict.OK, g.out(request(c, 0)));
      if (ack) {
        assertEquals(Verdict.OK, g.out(request(c, 1)));
      }
    }
    g.ctx.advanceNanos(gcAfterSec * sec);
    g.dp.ctGc().run(g.dp.conntrack(), g.dp.snat(), g.ctx.nowNanos(), false);
    NatMap4 nat = g.dp.natMap();
    Tuple4 k = new Tuple4();
    Tuple4 ctKey = new Tuple4();
    for (int id : nat.ids()) {
      k.fromKey(nat.key0(id), nat.key1(id));
      if (k.flags == Tuple4.TUPLE_F_OUT) {
        // the gateway's CT entry for this SNAT entry is alive, and so is the RevSNAT partner
        ctKey.set(k.saddr, k.daddr, k.dport, k.sport, k.nexthdr, Tuple4.TUPLE_F_OUT);
        CtMap4 ct = g.dp.conntrack().mapFor(k.nexthdr);
        assertTrue(ct.find(ctKey) >= 0, "SNAT entry without CT entry: " + k);
        Tuple4 r = new Tuple4().set(nat.addr(id), k.daddr, nat.port(id), k.dport, k.nexthdr, 1);
        assertTrue(nat.find(r) >= 0, "SNAT entry without its RevSNAT partner");
      }
    }
    // and every gateway CT entry (OUT) still has its SNAT entry
    for (CtMap4 ct : new CtMap4[] {g.dp.conntrack().tcpMap(), g.dp.conntrack().anyMap()}) {
      for (int id : ct.ids()) {
        k.fromKey(ct.key0(id), ct.key1(id));
        if (k.flags != Tuple4.TUPLE_F_OUT) {
          continue;
        }
        Tuple4 o = new Tuple4().set(k.saddr, k.daddr, k.dport, k.sport, k.nexthdr, 0);
        assertTrue(nat.find(o) >= 0, "CT entry without SNAT entry: " + k);
      }
    }
  }

  @Property
  void the116ClampsSequentialProbesKeepTheParity(
      @ForAll @IntRange(min = 32768, max = 65532) int port) {
    int next = PortClamp.OPEN_MODULO.clamp(32768, 65535, port + 1);
    assertEquals(port + 2, next);
    assertEquals(port & 1, next & 1);
  }

  @Property
  void the116ClampNeverReturns65535FromADraw(@ForAll @IntRange(min = 0, max = 65535) int draw) {
    int p = PortClamp.OPEN_MODULO.clamp(32768, 65535, draw);
    assertTrue(p >= 32768 && p <= 65534, "" + p);
    int q = PortClamp.CLOSED_MULTIPLY_SHIFT.clamp(32768, 65535, draw);
    assertTrue(q >= 32768 && q <= 65535, "" + q);
  }
}
