package dev.egret.datapath.program;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.datapath.Datapath;
import dev.egret.datapath.config.CiliumVersion;
import dev.egret.datapath.config.DatapathConfig;
import dev.egret.datapath.identity.Identities;
import dev.egret.datapath.maps.MapFullException;
import dev.egret.datapath.monitor.DropReason;
import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.net.Ip4;
import dev.egret.datapath.node.BasicNodeContext;
import dev.egret.datapath.node.FibResult;
import dev.egret.datapath.packet.Eth;
import dev.egret.datapath.packet.FrameBuilder;
import dev.egret.datapath.packet.Icmp4;
import dev.egret.datapath.packet.Ipv4;
import dev.egret.datapath.packet.Skb;
import dev.egret.datapath.packet.Tcp;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Random, mutated and truncated frames into every program and the tunnel device: each returns a
 * verdict (OK, a redirect, or a drop with a reason Cilium has), never an exception.
 */
class ProgramFuzzProperties {
  static final int POD = Ip4.parse("10.0.1.23");
  static final int NODE = Ip4.parse("172.18.0.3");
  static final CiliumVersion[] VERSIONS = {
    CiliumVersion.V1_10, CiliumVersion.V1_16, CiliumVersion.V1_17, CiliumVersion.V1_18
  };

  static final class Node {
    final Datapath dp;
    final BasicNodeContext ctx;

    Node(CiliumVersion v, long seed) {
      dp = new Datapath(DatapathConfig.builder().version(v).snatPortRange(32768, 32800).build());
      ctx = new BasicNodeContext(seed);
      ctx.setEncapIfindex(3).setMasqueradeIp(2, NODE).addHostIp(NODE).setDirectRoutingIp(NODE);
      ctx.addEndpoint(POD, 51234, 12, 11, 0x0a580a000117L, 0xfe5400000117L);
      ctx.ipcache(Cidr4.ALL, Identities.WORLD_ID, 0);
      ctx.ipcache(Cidr4.parse("10.0.0.0/8"), 51235, Ip4.parse("172.18.0.5"));
      ctx.ipcache(Cidr4.host(POD), 51234, 0);
      ctx.addRoute(Cidr4.ALL, 2, 1, 2, FibResult.SUCCESS);
      ctx.addRoute(Cidr4.parse("100.64.0.0/10"), 4, 1, 2, FibResult.NO_NEIGH);
      ctx.addRoute(Cidr4.parse("192.0.2.0/24"), 4, 1, 2, FibResult.BLACKHOLE);
      try {
        ctx.egressPolicyMap().update(POD, Cidr4.ALL, NODE, NODE);
        ctx.egressPolicyMap().update(POD, Cidr4.parse("1.0.0.0/8"), 0, 0);
        ctx.egressPolicyMap().update(POD, Cidr4.parse("2.0.0.0/8"), 0, Ip4.parse("172.18.0.9"));
        ctx.egressPolicyMap().update(POD, Cidr4.parse("3.0.0.0/8"), 0, 1);
        for (int i = 0; i < 8; i++) {
          int src = Ip4.parse("10.0.0.0") + i;
          ctx.egressPolicyMap().update(src, Cidr4.ALL, 0, NODE);
        }
      } catch (MapFullException e) {
        throw new AssertionError(e);
      }
      ctx.setNowNanos(5_000_000_000L);
    }

    /** Runs a copy of the frame through every entry point; checks every verdict. */
    void runAll(byte[] frame, int len) {
      Skb skb = new Skb(256);
      for (int prog = 0; prog < 7; prog++) {
        skb.load(frame, 0, len);
        int v;
        switch (prog) {
          case 0:
            skb.setIfindex(11);
            v = BpfLxc.fromContainer(dp, ctx, skb, 0);
            break;
          case 1:
            skb.setIfindex(3);
            skb.setReceivedTunnelKey(
                Ip4.parse("172.18.0.5"), NODE, frame.length > 0 ? frame[0] & 0xff : 0, 64);
            v = BpfOverlay.fromOverlay(dp, ctx, skb);
            break;
          case 2:
            skb.setIfindex(2);
            if (len > 0 && (frame[0] & 1) == 1) {
              Marks.setEgwDone(skb);
            }
            v = BpfHost.toNetdev(dp, ctx, skb);
            break;
          case 3:
            skb.setIfindex(2);
            v = BpfHost.fromNetdev(dp, ctx, skb);
            break;
          case 4:
            skb.setIfindex(2);
            v = BpfXdp.xdpEntry(dp, ctx, skb);
            break;
          case 5:
            v = dp.tunnelDevice().decap(skb);
            if (Verdict.isOk(v)) {
              skb.setIfindex(3);
              v = BpfOverlay.fromOverlay(dp, ctx, skb);
            }
            break;
          default:
            skb.setIfindex(11);
            v = BpfLxc.ipv4Policy(dp, ctx, skb, 0, 2, false);
            break;
        }
        check(v);
      }
    }
  }

  static void check(int v) {
    assertTrue(Verdict.isOk(v) || Verdict.isRedirect(v) || Verdict.isDrop(v), "" + v);
    if (Verdict.isDrop(v)) {
      DropReason r = Verdict.dropReason(v);
      assertNotEquals(DropReason.UNKNOWN, r, "unknown drop code " + v);
      assertNotEquals(DropReason.DROP_NAT_NOT_NEEDED, r, "a punt is not a drop verdict");
    }
  }

  @Property(tries = 400)
  void randomBytes(
      @ForAll @Size(max = 160) byte[] frame,
      @ForAll @IntRange(min = 0, max = 3) int version,
      @ForAll long seed) {
    new Node(VERSIONS[version], seed).runAll(frame, frame.length);
  }

  @Property(tries = 600)
  void randomIpv4Headers(
      @ForAll @Size(min = 46, max = 160) byte[] frame,
      @ForAll @IntRange(min = 0, max = 3) int version,
      @ForAll @IntRange(min = 0, max = 6) int proto,
      @ForAll @IntRange(min = 0, max = 5) int addrs,
      @ForAll long seed) {
    // an Ethernet + IPv4 shape with random contents, so the programs get past the first checks
    byte[] f = frame.clone();
    Eth.setProto(f, 0, Eth.ETH_P_IP);
    f[14] = (byte) (0x40 | (5 + (f[14] & 0x3))); // version 4, IHL 5..8
    int[] protos = {1, 6, 17, 47, 132, 58, 6};
    f[14 + Ipv4.PROTOCOL] = (byte) protos[proto];
    int[] srcs = {POD, Ip4.parse("10.0.0.3"), Ip4.parse("93.184.216.34"), NODE, POD, 0};
    int[] dsts = {
      Ip4.parse("1.2.3.4"),
      Ip4.parse("2.1.1.1"),
      Ip4.parse("3.3.3.3"),
      NODE,
      POD,
      Ip4.parse("100.64.0.1")
    };
    Ipv4.setSaddr(f, 14, srcs[addrs]);
    Ipv4.setDaddr(f, 14, dsts[(addrs + proto) % dsts.length]);
    Ipv4.updateChecksum(f, 14);
    Node n = new Node(VERSIONS[version], seed);
    n.runAll(f, f.length);
  }

  @Property(tries = 300)
  void truncatedValidFrames(
      @ForAll @IntRange(min = 0, max = 5) int kind,
      @ForAll @IntRange(min = 0, max = 3) int version,
      @ForAll @IntRange(min = 0, max = 200) int cut,
      @ForAll @IntRange(min = 0, max = 65535) int sport) {
    byte[] full = frame(kind, sport);
    Node n = new Node(VERSIONS[version], sport);
    int len = Math.min(cut, full.length);
    n.runAll(Arrays.copyOf(full, len), len);
    // and the whole frame, then a flood of the same flow (exhaustion in the tiny NAT range)
    n.runAll(full, full.length);
    for (int i = 0; i < 40; i++) {
      byte[] again = frame(kind, (sport + i) & 0xffff);
      n.runAll(again, again.length);
    }
  }

  static byte[] frame(int kind, int sport) {
    FrameBuilder fb = new FrameBuilder().macs(1, 2).payload(new byte[] {1, 2, 3, 4});
    switch (kind) {
      case 0:
        return fb.ipv4(POD, Ip4.parse("93.184.216.34"))
            .writeTcp(new Skb(128), sport, 443, 1, 0, Tcp.SYN, 100)
            .toByteArray();
      case 1:
        return fb.ipv4(POD, Ip4.parse("8.8.8.8")).writeUdp(new Skb(128), sport, 53).toByteArray();
      case 2:
        return fb.ipv4(POD, Ip4.parse("9.9.9.9"))
            .writeIcmpEcho(new Skb(128), Icmp4.ICMP_ECHO, sport, 1)
            .toByteArray();
      case 3:
        {
          byte[] inner =
              new FrameBuilder()
                  .ipv4(NODE, Ip4.parse("9.9.9.9"))
                  .writeTcp(new Skb(64), 32770, 80, 1, 0, Tcp.ACK, 5)
                  .toByteArray();
          Skb e =
              new FrameBuilder()
                  .ipv4(Ip4.parse("9.9.9.9"), NODE)
                  .payload(Arrays.copyOfRange(inner, 14, 14 + 20 + (sport % 21)))
                  .writeIcmpEcho(new Skb(128), 0, 0, 0);
          Icmp4.writeError(e.data(), e.off() + 34, Icmp4.ICMP_DEST_UNREACH, sport % 16, 1400);
          return e.toByteArray();
        }
      case 4:
        return fb.ipv4(Ip4.parse("93.184.216.34"), NODE)
            .writeTcp(new Skb(128), 443, 32768 + (sport % 40), 1, 0, Tcp.ACK, 100)
            .toByteArray();
      default:
        {
          Skb inner =
              new FrameBuilder()
                  .ipv4(POD, Ip4.parse("93.184.216.34"))
                  .writeTcp(new Skb(256), sport, 443, 1, 0, Tcp.ACK, 100);
          inner.setTunnelKey(NODE, sport & 0xffffff, 64);
          new dev.egret.datapath.tunnel.TunnelDevice(DatapathConfig.defaults())
              .encap(inner, Ip4.parse("172.18.0.5"), 1, 2);
          return inner.toByteArray();
        }
    }
  }
}
