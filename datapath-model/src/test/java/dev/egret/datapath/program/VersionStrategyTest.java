package dev.egret.datapath.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.datapath.Datapath;
import dev.egret.datapath.config.CiliumVersion;
import dev.egret.datapath.config.DatapathConfig;
import dev.egret.datapath.egress.EgressPolicyMap4;
import dev.egret.datapath.identity.Identities;
import dev.egret.datapath.maps.MapFullException;
import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.net.Ip4;
import dev.egret.datapath.node.BasicNodeContext;
import dev.egret.datapath.node.FibResult;
import dev.egret.datapath.packet.FrameBuilder;
import dev.egret.datapath.packet.Ipv4;
import dev.egret.datapath.packet.Skb;
import dev.egret.datapath.packet.Tcp;
import org.junit.jupiter.api.Test;

/** The version strategies: 1.10's legacy datapath, 1.16 (default), 1.17+. */
class VersionStrategyTest {
  static final int ETH0 = 2;
  static final int VXLAN = 3;
  static final int LXC = 11;

  @Test
  void parsing() {
    assertSame(CiliumVersion.V1_16, CiliumVersion.parse("1.16"));
    assertSame(CiliumVersion.V1_16, CiliumVersion.parse("1.16.3"));
    assertSame(CiliumVersion.V1_18, CiliumVersion.parse("v1.18"));
    assertSame(CiliumVersion.V1_10, CiliumVersion.parse("1.10.5"));
    assertSame(CiliumVersion.V1_16, DatapathConfig.defaults().version());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CiliumVersion.parse("1.15"));
    assertTrue(e.getMessage().contains("1.10, 1.16, 1.17 or 1.18"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> CiliumVersion.parse("1.160"));
  }

  /**
   * The k8s-guide lab of seeds/004 (Cilium 1.10, CiliumEgressNATPolicy): pod 10.0.0.31 on worker2
   * (172.18.0.6), map entry 10.0.0.31 → 172.18.0.0/16 : egress 172.18.0.3 / tunnel endpoint
   * 172.18.0.3; the echo server 172.18.0.100 sees 172.18.0.3.
   */
  @Test
  void legacy110TunnelsToTheEndpointAndTheGatewayMasqueradesToTheEgressIp()
      throws MapFullException {
    DatapathConfig cfg = DatapathConfig.builder().version(CiliumVersion.V1_10).build();
    int pod = Ip4.parse("10.0.0.31");
    int worker = Ip4.parse("172.18.0.6");
    int gw = Ip4.parse("172.18.0.3");
    int echo = Ip4.parse("172.18.0.100");
    Datapath s = new Datapath(cfg);
    Datapath g = new Datapath(cfg);
    BasicNodeContext sCtx = node(worker, 1);
    BasicNodeContext gCtx = node(gw, 2);
    sCtx.addEndpoint(pod, 5000, 31, LXC, 1, 2);
    sCtx.ipcache(Cidr4.host(pod), 5000, 0);
    gCtx.ipcache(Cidr4.host(pod), 5000, worker);
    for (BasicNodeContext c : new BasicNodeContext[] {sCtx, gCtx}) {
      EgressPolicyMap4 legacy = EgressPolicyMap4.legacy110(16384);
      legacy.update(pod, Cidr4.parse("172.18.0.0/16"), gw, gw);
      c.setEgressPolicyMap(legacy);
    }
    Skb syn =
        new FrameBuilder().ipv4(pod, echo).writeTcp(new Skb(256), 45000, 80, 1, 0, Tcp.SYN, 100);
    syn.setIfindex(LXC);
    int v = BpfLxc.fromContainer(s, sCtx, syn, 0);
    assertEquals(Verdict.redirect(VXLAN), v, Verdict.toString(v));
    assertEquals(gw, syn.tunnelRemoteIpv4());
    assertEquals(Verdict.OK, s.tunnelDevice().encap(syn, worker, 1, 2));
    syn.resetMetadata();
    assertEquals(Verdict.OK, g.tunnelDevice().decap(syn));
    syn.setIfindex(VXLAN);
    v = BpfOverlay.fromOverlay(g, gCtx, syn);
    assertEquals(Verdict.OK, v, "1.10 from-overlay has no egress step: to the stack");
    assertFalse(Marks.egwDone(syn));
    syn.setIfindex(ETH0);
    v = BpfHost.toNetdev(g, gCtx, syn);
    assertEquals(Verdict.OK, v, Verdict.toString(v));
    int l3 = syn.off() + 14;
    assertEquals(gw, Ipv4.saddr(syn.data(), l3), "what the echo server sees");
    int port = Tcp.sport(syn.data(), l3 + 20);
    assertEquals(45000, port);
    // the reply goes back through the tunnel to the worker
    Skb reply =
        new FrameBuilder()
            .ipv4(echo, gw)
            .writeTcp(new Skb(256), 80, port, 1, 2, Tcp.SYN | Tcp.ACK, 100);
    reply.setIfindex(ETH0);
    v = BpfHost.fromNetdev(g, gCtx, reply);
    assertEquals(Verdict.redirect(VXLAN), v, Verdict.toString(v));
    assertEquals(worker, reply.tunnelRemoteIpv4());
    assertEquals(pod, Ipv4.daddr(reply.data(), reply.off() + 14));
  }

  @Test
  void legacy110HasNoSpecialGatewayValues() throws MapFullException {
    DatapathConfig cfg = DatapathConfig.builder().version(CiliumVersion.V1_10).build();
    int pod = Ip4.parse("10.0.0.31");
    Datapath s = new Datapath(cfg);
    BasicNodeContext ctx = node(Ip4.parse("172.18.0.6"), 1);
    ctx.addEndpoint(pod, 5000, 31, LXC, 1, 2);
    EgressPolicyMap4 legacy = EgressPolicyMap4.legacy110(16);
    legacy.update(pod, Cidr4.parse("172.18.0.0/16"), 0, 0);
    ctx.setEgressPolicyMap(legacy);
    Skb syn = new FrameBuilder().ipv4(pod, Ip4.parse("172.18.0.100")).writeUdp(new Skb(128), 1, 2);
    syn.setIfindex(LXC);
    int v = BpfLxc.fromContainer(s, ctx, syn, 0);
    assertEquals(
        Verdict.redirect(VXLAN), v, "tunnel endpoint 0.0.0.0 is tunnelled to, not dropped");
    assertEquals(0, syn.tunnelRemoteIpv4());
  }

  @Test
  void v117SteersInToNetdevOnlyAndDropsAMissingEgressIpAtTheGateway() throws MapFullException {
    DatapathConfig cfg = DatapathConfig.builder().version(CiliumVersion.V1_17).build();
    int pod = Ip4.parse("10.0.1.23");
    int ext = Ip4.parse("93.184.216.34");
    int s = Ip4.parse("172.18.0.5");
    int gw = Ip4.parse("172.18.0.3");
    Datapath dp = new Datapath(cfg);
    BasicNodeContext ctx = node(s, 1);
    ctx.addEndpoint(pod, 5000, 23, LXC, 1, 2);
    ctx.ipcache(Cidr4.host(pod), 5000, 0);
    ctx.egressPolicyMap().update(pod, Cidr4.host(ext), 0, gw);
    Skb syn =
        new FrameBuilder().ipv4(pod, ext).writeTcp(new Skb(256), 40000, 443, 1, 0, Tcp.SYN, 9);
    syn.setIfindex(LXC);
    assertEquals(Verdict.OK, BpfLxc.fromContainer(dp, ctx, syn, 0), "no egress step in bpf_lxc");
    syn.setIfindex(ETH0);
    int v = BpfHost.toNetdev(dp, ctx, syn);
    assertEquals(Verdict.redirect(VXLAN), v, Verdict.toString(v));
    assertEquals(gw, syn.tunnelRemoteIpv4());

    // the gateway has the entry but no egress IP: 204 in from-overlay (1.17+), SNAT to 0 in 1.16
    for (CiliumVersion ver : new CiliumVersion[] {CiliumVersion.V1_17, CiliumVersion.V1_16}) {
      Datapath g = new Datapath(DatapathConfig.builder().version(ver).build());
      BasicNodeContext gCtx = node(gw, 2);
      gCtx.egressPolicyMap().update(pod, Cidr4.host(ext), 0, gw);
      Skb p =
          new FrameBuilder().ipv4(pod, ext).writeTcp(new Skb(256), 40000, 443, 1, 0, Tcp.SYN, 9);
      p.setIfindex(VXLAN);
      p.setReceivedTunnelKey(s, gw, 5000, 64);
      v = BpfOverlay.fromOverlay(g, gCtx, p);
      if (ver == CiliumVersion.V1_17) {
        assertEquals(-204, v, Verdict.toString(v));
      } else {
        assertEquals(Verdict.redirect(ETH0), v, Verdict.toString(v));
        p.setIfindex(ETH0);
        assertEquals(Verdict.OK, BpfHost.toNetdev(g, gCtx, p));
        assertEquals(0, Ipv4.saddr(p.data(), p.off() + 14), "1.16 SNATs to 0.0.0.0");
      }
    }
  }

  static BasicNodeContext node(int ip, long seed) {
    BasicNodeContext c = new BasicNodeContext(seed);
    c.setEncapIfindex(VXLAN).setMasqueradeIp(ETH0, ip).addHostIp(ip).setDirectRoutingIp(ip);
    c.ipcache(Cidr4.ALL, Identities.WORLD_ID, 0);
    c.addRoute(Cidr4.ALL, ETH0, 1, 2, FibResult.SUCCESS);
    return c;
  }
}
