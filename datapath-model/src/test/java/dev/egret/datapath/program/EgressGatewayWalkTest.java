package dev.egret.datapath.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.datapath.config.DatapathConfig;
import dev.egret.datapath.maps.MapFullException;
import dev.egret.datapath.monitor.MonitorAggregation;
import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.net.Ip4;
import dev.egret.datapath.node.FibResult;
import dev.egret.datapath.packet.Eth;
import dev.egret.datapath.packet.Ipv4;
import dev.egret.datapath.packet.L4Checksum;
import dev.egret.datapath.packet.Mac;
import dev.egret.datapath.packet.Skb;
import dev.egret.datapath.packet.Tcp;
import dev.egret.datapath.packet.Udp;
import org.junit.jupiter.api.Test;

/**
 * The packet walk of reference §1.9 end to end, through every program and the tunnel device on two
 * nodes: S (the pod's node) and G (the gateway), and the reply back to the pod.
 */
class EgressGatewayWalkTest extends TwoNodes {
  @Test
  void podToExternalThroughTheGatewayAndBack() throws MapFullException {
    setUp(DatapathConfig.defaults(), false);
    Skb syn = tcp(POD, EXT, 40112, 80, Tcp.SYN, POD_MAC, LXC_MAC);
    podSends(syn);
    byte[] b = syn.data();
    int l3 = syn.off() + Eth.HLEN;
    // what the external sees
    assertEquals(G_IP, Ipv4.saddr(b, l3));
    assertEquals(40112, Tcp.sport(b, l3 + 20)); // the pod's port is in range and free: kept
    assertEquals(EXT, Ipv4.daddr(b, l3));
    assertEquals(63, Ipv4.ttl(b, l3)); // decremented once, at the gateway
    assertTrue(Ipv4.checksumValid(b, l3) && L4Checksum.valid(b, l3));
    assertTrue(sTraces.contains("TO_OVERLAY NEW " + POD_ID + "->2"), sTraces.toString());
    assertTrue(gTraces.contains("TO_NETWORK NEW 0->0 orig=" + Ip4.format(POD)), gTraces.toString());

    Skb synAck = tcp(EXT, G_IP, 80, 40112, Tcp.SYN | Tcp.ACK, EXT_MAC, G_MAC);
    externalReplies(synAck);
    b = synAck.data();
    l3 = synAck.off() + Eth.HLEN;
    assertEquals(POD, Ipv4.daddr(b, l3));
    assertEquals(40112, Tcp.dport(b, l3 + 20));
    assertEquals(EXT, Ipv4.saddr(b, l3));
    assertEquals(LXC_MAC, Eth.src(b, synAck.off()));
    assertEquals(POD_MAC, Eth.dst(b, synAck.off()));
    assertEquals(62, Ipv4.ttl(b, l3)); // at the gateway and at local delivery
    assertTrue(Ipv4.checksumValid(b, l3) && L4Checksum.valid(b, l3));
    assertTrue(gTraces.contains("TO_OVERLAY REPLY 6->" + POD_ID), gTraces.toString());
    assertTrue(sTraces.contains("TO_ENDPOINT REPLY 2->" + POD_ID), sTraces.toString());

    // the established flow keeps its mapping
    Skb ack = tcp(POD, EXT, 40112, 80, Tcp.ACK, POD_MAC, LXC_MAC);
    podSends(ack);
    assertEquals(G_IP, Ipv4.saddr(ack.data(), ack.off() + 14));
    assertTrue(sTraces.contains("TO_OVERLAY ESTABLISHED " + POD_ID + "->2"), sTraces.toString());
    assertEquals(2, g.natMap().size());
    assertEquals(0, s.natMap().size());
  }

  @Test
  void aTakenPortGetsARandomOneOnTheGateway() throws MapFullException {
    setUp(DatapathConfig.defaults(), false);
    podSends(tcp(POD, EXT, 40112, 80, Tcp.SYN, POD_MAC, LXC_MAC));
    // a second pod on S uses the same source port towards the same external
    int pod2 = Ip4.parse("10.0.1.24");
    sCtx.addEndpoint(pod2, POD_ID, 1235, 12, POD_MAC, LXC_MAC);
    sCtx.ipcache(Cidr4.host(pod2), POD_ID, 0);
    gCtx.ipcache(Cidr4.host(pod2), POD_ID, S_IP);
    sCtx.egressPolicyMap().update(pod2, Cidr4.host(EXT), 0, G_IP);
    gCtx.egressPolicyMap().update(pod2, Cidr4.host(EXT), G_IP, G_IP);
    Skb syn = tcp(pod2, EXT, 40112, 80, Tcp.SYN, POD_MAC, LXC_MAC);
    syn.setIfindex(12);
    int v = BpfLxc.fromContainer(s, sCtx, syn, 1);
    assertEquals(Verdict.redirect(VXLAN), v);
    s.tunnelDevice().encap(syn, S_IP, S_MAC, G_MAC);
    syn.resetMetadata();
    g.tunnelDevice().decap(syn);
    syn.setIfindex(VXLAN);
    assertEquals(Verdict.redirect(ETH0), BpfOverlay.fromOverlay(g, gCtx, syn));
    syn.setIfindex(ETH0);
    assertEquals(Verdict.OK, BpfHost.toNetdev(g, gCtx, syn));
    int port = Tcp.sport(syn.data(), syn.off() + 34);
    assertNotEquals(40112, port);
    assertTrue(port >= 32768 && port <= 65534, "random pick in [32768, 65534]: " + port);
    assertEquals(1, g.snat().stats().retries(1));
  }

  @Test
  void podOnTheGatewayNodeIsSnatedLocallyWithoutTunnel() throws MapFullException {
    setUp(DatapathConfig.defaults(), true);
    Skb syn = tcp(POD, EXT, 40112, 80, Tcp.SYN, POD_MAC, LXC_MAC);
    syn.setIfindex(LXC);
    int v = BpfLxc.fromContainer(g, gCtx, syn, 0);
    assertEquals(Verdict.OK, v, Verdict.toString(v)); // local gateway: the normal path
    assertFalse(syn.hasTunnelKey());
    syn.setIfindex(ETH0);
    v = BpfHost.toNetdev(g, gCtx, syn);
    assertEquals(Verdict.OK, v, Verdict.toString(v));
    int l3 = syn.off() + 14;
    assertEquals(G_IP, Ipv4.saddr(syn.data(), l3));
    // needs_ct is false: no extra CT entry, the lxc one tracks the connection
    assertEquals(2, g.natMap().size());
    assertFalse(g.natMap().entry(g.natMap().ids()[0]).needsCt());
    Skb reply = tcp(EXT, G_IP, 80, 40112, Tcp.SYN | Tcp.ACK, EXT_MAC, G_MAC);
    reply.setIfindex(ETH0);
    v = BpfHost.fromNetdev(g, gCtx, reply);
    assertEquals(Verdict.redirect(LXC), v, Verdict.toString(v) + " " + gTraces);
    assertEquals(POD, Ipv4.daddr(reply.data(), reply.off() + 14));
  }

  @Test
  void podTrafficNoPolicyCoversIsMasqueradedToTheNodeIp() throws MapFullException {
    setUp(DatapathConfig.defaults(), false);
    int other = Ip4.parse("93.184.216.34");
    sCtx.addRoute(Cidr4.ALL, ETH0, S_MAC, Mac.parse("02:42:ac:12:00:01"), FibResult.SUCCESS);
    Skb syn = tcp(POD, other, 1000, 443, Tcp.SYN, POD_MAC, LXC_MAC);
    syn.setIfindex(LXC);
    assertEquals(Verdict.OK, BpfLxc.fromContainer(s, sCtx, syn, 0)); // to the stack
    syn.setIfindex(ETH0);
    assertEquals(Verdict.OK, BpfHost.toNetdev(s, sCtx, syn));
    int l3 = syn.off() + 14;
    assertEquals(S_IP, Ipv4.saddr(syn.data(), l3));
    int port = Tcp.sport(syn.data(), l3 + 20);
    assertTrue(port >= 32768, "port 1000 is below the range: a random one " + port);
    assertTrue(Ipv4.checksumValid(syn.data(), l3) && L4Checksum.valid(syn.data(), l3));
    Skb reply = tcp(other, S_IP, 443, port, Tcp.SYN | Tcp.ACK, EXT_MAC, S_MAC);
    reply.setIfindex(ETH0);
    assertEquals(Verdict.redirect(LXC), BpfHost.fromNetdev(s, sCtx, reply));
    assertEquals(POD, Ipv4.daddr(reply.data(), reply.off() + 14));
    assertEquals(1000, Tcp.dport(reply.data(), reply.off() + 34));
  }

  @Test
  void mediumAggregationHidesFromTracesAndRepeatedToTraces() throws MapFullException {
    setUp(DatapathConfig.builder().monitorAggregation(MonitorAggregation.MEDIUM).build(), false);
    podSends(tcp(POD, EXT, 40112, 80, Tcp.SYN, POD_MAC, LXC_MAC));
    assertTrue(sTraces.stream().noneMatch(t -> t.startsWith("FROM_")), sTraces.toString());
    assertTrue(gTraces.stream().noneMatch(t -> t.startsWith("FROM_")), gTraces.toString());
    assertTrue(sTraces.contains("TO_OVERLAY NEW " + POD_ID + "->2"), sTraces.toString());
    int before = sTraces.size();
    // same flags, same second: CT asks for no report, so no trace
    podSends(tcp(POD, EXT, 40112, 80, Tcp.SYN, POD_MAC, LXC_MAC));
    assertEquals(before, sTraces.size(), sTraces.toString());
    // a new flag (ACK is not in CT_REPORT_FLAGS, but FIN is)
    podSends(tcp(POD, EXT, 40112, 80, Tcp.ACK | Tcp.FIN, POD_MAC, LXC_MAC));
    assertEquals(before + 1, sTraces.size(), sTraces.toString());
    // 6 s later (> CT_REPORT_INTERVAL) a report is due again
    sCtx.advanceNanos(6_000_000_000L);
    gCtx.advanceNanos(6_000_000_000L);
    podSends(tcp(POD, EXT, 40112, 80, Tcp.ACK, POD_MAC, LXC_MAC));
    assertEquals(before + 2, sTraces.size(), sTraces.toString());
  }

  @Test
  void geneveTunnelUsesPort6081() throws MapFullException {
    setUp(
        DatapathConfig.builder()
            .tunnelProtocol(dev.egret.datapath.config.TunnelProtocol.GENEVE)
            .build(),
        false);
    Skb syn = tcp(POD, EXT, 40112, 80, Tcp.SYN, POD_MAC, LXC_MAC);
    syn.setIfindex(LXC);
    BpfLxc.fromContainer(s, sCtx, syn, 0);
    s.tunnelDevice().encap(syn, S_IP, S_MAC, G_MAC);
    assertEquals(6081, Udp.dport(syn.data(), syn.off() + 34));
    assertEquals(Verdict.OK, g.tunnelDevice().decap(syn));
    assertEquals(POD_ID, syn.tunnelId());
  }
}
