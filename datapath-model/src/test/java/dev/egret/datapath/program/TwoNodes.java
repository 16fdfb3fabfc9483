package dev.egret.datapath.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.datapath.Datapath;
import dev.egret.datapath.config.DatapathConfig;
import dev.egret.datapath.identity.Identities;
import dev.egret.datapath.maps.MapFullException;
import dev.egret.datapath.monitor.TraceReason;
import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.net.Ip4;
import dev.egret.datapath.node.BasicNodeContext;
import dev.egret.datapath.node.FibResult;
import dev.egret.datapath.packet.FrameBuilder;
import dev.egret.datapath.packet.Mac;
import dev.egret.datapath.packet.Skb;
import java.util.ArrayList;
import java.util.List;

/**
 * The packet walk of reference §1.9 end to end, through every program and the tunnel device on two
 * nodes: S (the pod's node) and G (the gateway), and the reply back to the pod.
 */
abstract class TwoNodes {
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

  final List<String> sTraces = new ArrayList<>();
  final List<String> gTraces = new ArrayList<>();

  Datapath s;
  Datapath g;
  BasicNodeContext sCtx;
  BasicNodeContext gCtx;

  void setUp(DatapathConfig cfg, boolean podOnGateway) throws MapFullException {
    s = new Datapath(cfg);
    g = new Datapath(cfg);
    sCtx = node(S_IP, S_MAC, 11);
    gCtx = node(G_IP, G_MAC, 22);
    BasicNodeContext podNode = podOnGateway ? gCtx : sCtx;
    podNode.addEndpoint(POD, POD_ID, 1234, LXC, POD_MAC, LXC_MAC);
    int podNodeIp = podOnGateway ? G_IP : S_IP;
    for (BasicNodeContext c : List.of(sCtx, gCtx)) {
      c.ipcache(Cidr4.host(POD), POD_ID, c == podNode ? 0 : podNodeIp);
    }
    sCtx.egressPolicyMap().update(POD, Cidr4.host(EXT), 0, G_IP);
    gCtx.egressPolicyMap().update(POD, Cidr4.host(EXT), G_IP, G_IP);
    s.monitor().addListener(e -> sTraces.add(describe(e)));
    g.monitor().addListener(e -> gTraces.add(describe(e)));
  }

  static String describe(dev.egret.datapath.monitor.MonitorEvent e) {
    if (e.isDrop()) {
      return "DROP " + e.dropReason().hubbleName();
    }
    return e.observationPoint().hubbleName()
        + " "
        + TraceReason.hubbleName(e.traceReason())
        + " "
        + e.srcIdentity()
        + "->"
        + e.dstIdentity()
        + (e.origIp4() != 0 ? " orig=" + Ip4.format(e.origIp4()) : "");
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

  /** Runs the lxc program; if it tunnels, runs the device, to-netdev and the wire to G. */
  Skb podSends(Skb skb) {
    skb.setIfindex(LXC);
    int v = BpfLxc.fromContainer(s, sCtx, skb, 0);
    assertEquals(Verdict.redirect(VXLAN), v, Verdict.toString(v) + " " + sTraces);
    assertEquals(Verdict.OK, s.tunnelDevice().encap(skb, S_IP, S_MAC, G_MAC));
    skb.setIfindex(ETH0);
    assertEquals(Verdict.OK, BpfHost.toNetdev(s, sCtx, skb)); // overlay-marked: no NAT
    // the wire: a fresh skb on G
    skb.resetMetadata();
    skb.setIfindex(ETH0);
    assertEquals(Verdict.OK, BpfHost.fromNetdev(g, gCtx, skb)); // to the stack → vxlan socket
    assertTrue(g.tunnelDevice().isTunnelPacket(skb));
    assertEquals(Verdict.OK, g.tunnelDevice().decap(skb));
    skb.setIfindex(VXLAN);
    v = BpfOverlay.fromOverlay(g, gCtx, skb);
    assertEquals(Verdict.redirect(ETH0), v, Verdict.toString(v) + " " + gTraces);
    skb.setIfindex(ETH0);
    v = BpfHost.toNetdev(g, gCtx, skb);
    assertEquals(Verdict.OK, v, Verdict.toString(v) + " " + gTraces);
    return skb;
  }

  /** The external answers; G reverse-SNATs and tunnels; S delivers to the pod. */
  Skb externalReplies(Skb skb) {
    skb.resetMetadata();
    skb.setIfindex(ETH0);
    int v = BpfHost.fromNetdev(g, gCtx, skb);
    assertEquals(Verdict.redirect(VXLAN), v, Verdict.toString(v) + " " + gTraces);
    assertEquals(S_IP, skb.tunnelRemoteIpv4());
    assertEquals(6, skb.tunnelId());
    assertEquals(Verdict.OK, g.tunnelDevice().encap(skb, G_IP, G_MAC, S_MAC));
    skb.setIfindex(ETH0);
    assertEquals(Verdict.OK, BpfHost.toNetdev(g, gCtx, skb));
    skb.resetMetadata();
    skb.setIfindex(ETH0);
    assertEquals(Verdict.OK, BpfHost.fromNetdev(s, sCtx, skb));
    assertEquals(Verdict.OK, s.tunnelDevice().decap(skb));
    skb.setIfindex(VXLAN);
    v = BpfOverlay.fromOverlay(s, sCtx, skb);
    assertEquals(Verdict.redirect(LXC), v, Verdict.toString(v) + " " + sTraces);
    return skb;
  }

  static Skb tcp(int src, int dst, int sport, int dport, int flags, long srcMac, long dstMac) {
    return new FrameBuilder()
        .macs(srcMac, dstMac)
        .ipv4(src, dst)
        .payload(new byte[] {1, 2, 3})
        .writeTcp(new Skb(256), sport, dport, 1000, 0, flags, 64240);
  }
}
