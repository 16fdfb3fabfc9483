package dev.egret.bench.datapath;

import dev.egret.datapath.Datapath;
import dev.egret.datapath.config.DatapathConfig;
import dev.egret.datapath.identity.Identities;
import dev.egret.datapath.maps.MapFullException;
import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.net.Ip4;
import dev.egret.datapath.node.BasicNodeContext;
import dev.egret.datapath.node.FibResult;
import dev.egret.datapath.packet.FrameBuilder;
import dev.egret.datapath.packet.Mac;
import dev.egret.datapath.packet.Skb;
import dev.egret.datapath.packet.Tcp;
import dev.egret.datapath.program.BpfHost;
import dev.egret.datapath.program.BpfLxc;
import dev.egret.datapath.program.BpfOverlay;
import dev.egret.datapath.program.Verdict;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Established-flow packets through the whole egress gateway path of two nodes (reference §1.9), one
 * op = one packet:
 *
 * <ul>
 *   <li>{@code forward}: S from-container (CT, EGW lookup, tunnel key) → S tunnel device encap → S
 *       to-netdev (outer) → G from-netdev (outer) → G tunnel device decap → G from-overlay (EGW
 *       match, TTL, FIB redirect) → G to-netdev (gateway CT, SNAT, checksums);
 *   <li>{@code reply}: G from-netdev (RevSNAT, gateway CT, reply redirect, tunnel key) → G encap →
 *       G to-netdev (outer) → S from-netdev (outer) → S decap → S from-overlay → local delivery and
 *       the pod's ingress policy program (CT reply).
 * </ul>
 *
 * Each op first copies a 77-byte template frame into a reused packet (System.arraycopy, as a NIC
 * would DMA it), so the measured path is steady state: no allocation is expected ({@code -prof gc}:
 * gc.alloc.rate.norm ≈ 0 B/op). The node clock advances 10 µs per packet; no monitor listener is
 * attached (aggregation none).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DatapathPacketBenchmark {
  static final int ETH0 = 2;
  static final int VXLAN = 3;
  static final int LXC = 11;
  static final int POD_ID = 51234;
  static final int S_IP = Ip4.parse("172.18.0.5");
  static final int G_IP = Ip4.parse("172.18.0.3");
  static final int POD = Ip4.parse("10.0.1.23");
  static final int EXT = Ip4.parse("172.18.0.100");
  static final long S_MAC = Mac.parse("02:42:ac:12:00:05");
  static final long G_MAC = Mac.parse("02:42:ac:12:00:03");
  static final long EXT_MAC = Mac.parse("02:42:ac:12:00:64");
  static final long POD_MAC = Mac.parse("0a:58:0a:00:01:17");
  static final long LXC_MAC = Mac.parse("fe:54:00:00:01:17");

  Datapath s;
  Datapath g;
  BasicNodeContext sCtx;
  BasicNodeContext gCtx;
  Skb skb;
  byte[] forwardFrame;
  byte[] replyFrame;

  @Setup
  public void setUp() throws MapFullException {
    DatapathConfig cfg = DatapathConfig.defaults();
    s = new Datapath(cfg);
    g = new Datapath(cfg);
    sCtx = node(S_IP, S_MAC, 1);
    gCtx = node(G_IP, G_MAC, 2);
    sCtx.addEndpoint(POD, POD_ID, 1234, LXC, POD_MAC, LXC_MAC);
    sCtx.ipcache(Cidr4.host(POD), POD_ID, 0);
    gCtx.ipcache(Cidr4.host(POD), POD_ID, S_IP);
    sCtx.egressPolicyMap().update(POD, Cidr4.host(EXT), 0, G_IP);
    gCtx.egressPolicyMap().update(POD, Cidr4.host(EXT), G_IP, G_IP);
    skb = new Skb(256);
    FrameBuilder fb = new FrameBuilder().payload(new byte[] {1, 2, 3});
    // establish the connection: SYN, SYN-ACK, then the steady frames are ACKs
    forwardFrame =
        fb.macs(POD_MAC, LXC_MAC)
            .ipv4(POD, EXT)
            .writeTcp(new Skb(128), 40112, 80, 1, 0, Tcp.SYN, 64240)
            .toByteArray();
    check(forward(), "SYN");
    int natPort = 40112;
    replyFrame =
        fb.macs(EXT_MAC, G_MAC)
            .ipv4(EXT, G_IP)
            .writeTcp(new Skb(128), 80, natPort, 1, 2, Tcp.SYN | Tcp.ACK, 64240)
            .toByteArray();
    check(reply(), "SYN-ACK");
    forwardFrame =
        fb.macs(POD_MAC, LXC_MAC)
            .ipv4(POD, EXT)
            .writeTcp(new Skb(128), 40112, 80, 2, 2, Tcp.ACK, 64240)
            .toByteArray();
    replyFrame =
        fb.macs(EXT_MAC, G_MAC)
            .ipv4(EXT, G_IP)
            .writeTcp(new Skb(128), 80, natPort, 2, 2, Tcp.ACK, 64240)
            .toByteArray();
    check(forward(), "ACK");
    check(reply(), "reply ACK");
  }

  static void check(int v, String what) {
    if (Verdict.isDrop(v)) {
      throw new IllegalStateException(what + ": " + Verdict.toString(v));
    }
  }

  static BasicNodeContext node(int ip, long mac, long seed) {
    BasicNodeContext c = new BasicNodeContext(seed);
    c.setEncapIfindex(VXLAN).setMasqueradeIp(ETH0, ip).setDirectRoutingIp(ip).addHostIp(ip);
    c.ipcache(Cidr4.ALL, Identities.WORLD_ID, 0);
    c.ipcache(Cidr4.host(S_IP), ip == S_IP ? Identities.HOST_ID : Identities.REMOTE_NODE_ID, 0);
    c.ipcache(Cidr4.host(G_IP), ip == G_IP ? Identities.HOST_ID : Identities.REMOTE_NODE_ID, 0);
    long peer = ip == S_IP ? G_MAC : S_MAC;
    c.addRoute(Cidr4.parse("172.18.0.0/16"), ETH0, mac, EXT_MAC, FibResult.SUCCESS);
    c.addRoute(Cidr4.host(ip == S_IP ? G_IP : S_IP), ETH0, mac, peer, FibResult.SUCCESS);
    return c;
  }

  /** One packet from the pod to the external; returns the last program's verdict. */
  @Benchmark
  public int forward() {
    sCtx.advanceNanos(10_000);
    gCtx.advanceNanos(10_000);
    Skb p = skb.load(forwardFrame, 0, forwardFrame.length);
    p.setIfindex(LXC);
    int v = BpfLxc.fromContainer(s, sCtx, p, 0);
    s.tunnelDevice().encap(p, S_IP, S_MAC, G_MAC);
    p.setIfindex(ETH0);
    v |= BpfHost.toNetdev(s, sCtx, p);
    p.resetMetadata();
    p.setIfindex(ETH0);
    v |= BpfHost.fromNetdev(g, gCtx, p);
    g.tunnelDevice().decap(p);
    p.setIfindex(VXLAN);
    v |= BpfOverlay.fromOverlay(g, gCtx, p);
    p.setIfindex(ETH0);
    v |= BpfHost.toNetdev(g, gCtx, p);
    return v;
  }

  /** One reply packet from the external to the pod. */
  @Benchmark
  public int reply() {
    sCtx.advanceNanos(10_000);
    gCtx.advanceNanos(10_000);
    Skb p = skb.load(replyFrame, 0, replyFrame.length);
    p.setIfindex(ETH0);
    int v = BpfHost.fromNetdev(g, gCtx, p);
    g.tunnelDevice().encap(p, G_IP, G_MAC, S_MAC);
    p.setIfindex(ETH0);
    v |= BpfHost.toNetdev(g, gCtx, p);
    p.resetMetadata();
    p.setIfindex(ETH0);
    v |= BpfHost.fromNetdev(s, sCtx, p);
    s.tunnelDevice().decap(p);
    p.setIfindex(VXLAN);
    v |= BpfOverlay.fromOverlay(s, sCtx, p);
    return v;
  }
}
