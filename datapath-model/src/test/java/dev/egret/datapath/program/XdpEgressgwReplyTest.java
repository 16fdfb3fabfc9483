package dev.egret.datapath.program;

import static dev.egret.datapath.program.EgressGwFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.datapath.Datapath;
import dev.egret.datapath.config.DatapathConfig;
import dev.egret.datapath.ct.Tuple4;
import dev.egret.datapath.maps.MapFullException;
import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.node.FibResult;
import dev.egret.datapath.packet.Eth;
import dev.egret.datapath.packet.Ipv4;
import dev.egret.datapath.packet.Skb;
import dev.egret.datapath.packet.Tcp;
import dev.egret.datapath.packet.Udp;
import dev.egret.datapath.packet.Vxlan;
import org.junit.jupiter.api.Test;

/**
 * bpf/tests/xdp_egressgw_reply.c (v1.16, reference §7.5): bpf_xdp {@code cil_xdp_entry} on the
 * gateway with nodeport acceleration. VXLAN, ENCAP_IFINDEX 42, IPV4_DIRECT_ROUTING 10.0.10.1 (equal
 * to CLIENT_NODE_IP in this test), DIRECT_ROUTING_IFINDEX 25, MASQ_PORT 32769. The FIB for
 * 10.0.10.1 answers ifindex 25 with the gateway MAC as source and the client MAC as destination;
 * any other destination fails.
 */
class XdpEgressgwReplyTest {
  private static final int DIRECT_ROUTING_IFINDEX = 25;
  private static final int MASQ_PORT = 32768 + 1;

  @Test
  void egressgwReply() throws MapFullException {
    Datapath dp =
        new Datapath(DatapathConfig.builder().dualStack(true).snatPortRange(32768, 43835).build());
    BasicNodeContextForTests ctx = new BasicNodeContextForTests(5);
    ctx.setEncapIfindex(42);
    ctx.setDirectRoutingIp(CLIENT_NODE_IP);
    ctx.fibMock =
        (src, dst) -> {
          if (dst != CLIENT_NODE_IP) {
            return FibResult.BLACKHOLE;
          }
          ctx.fibOut.ifindex = DIRECT_ROUTING_IFINDEX;
          ctx.fibOut.smac = GATEWAY_MAC;
          ctx.fibOut.dmac = CLIENT_MAC;
          return FibResult.SUCCESS;
        };
    ctx.egressPolicyMap().update(CLIENT_IP, Cidr4.parse("110.0.11.0/24"), 0, GATEWAY_NODE_IP);
    int port = clientPort(XDP_REPLY);
    dp.natMap()
        .put(
            new Tuple4()
                .set(EXTERNAL_SVC_IP, CLIENT_IP, EXTERNAL_SVC_PORT, port, 6, Tuple4.TUPLE_F_OUT),
            0,
            false,
            EGRESS_IP,
            MASQ_PORT);
    dp.natMap()
        .put(
            new Tuple4()
                .set(
                    EGRESS_IP, EXTERNAL_SVC_IP, MASQ_PORT, EXTERNAL_SVC_PORT, 6, Tuple4.TUPLE_F_IN),
            0,
            false,
            CLIENT_IP,
            port);
    ctx.ipcache(Cidr4.host(CLIENT_IP), 0, CLIENT_NODE_IP);

    Skb skb = replyPacket(EGRESS_IP, MASQ_PORT);
    skb.setIfindex(DIRECT_ROUTING_IFINDEX);
    int v = BpfXdp.xdpEntry(dp, ctx, skb);
    assertEquals(Verdict.redirect(DIRECT_ROUTING_IFINDEX), v, Verdict.toString(v));

    byte[] b = skb.data();
    int off = skb.off();
    assertEquals(GATEWAY_MAC, Eth.src(b, off));
    assertEquals(CLIENT_MAC, Eth.dst(b, off));
    assertEquals(Eth.ETH_P_IP, Eth.proto(b, off));
    int l3 = off + Eth.HLEN;
    assertEquals(Ipv4.IPPROTO_UDP, Ipv4.protocol(b, l3));
    assertEquals(CLIENT_NODE_IP, Ipv4.saddr(b, l3));
    assertEquals(CLIENT_NODE_IP, Ipv4.daddr(b, l3));
    assertEquals(0x527e, Ipv4.check(b, l3));
    int udp = l3 + 20;
    assertEquals(8472, Udp.dport(b, udp));
    assertEquals(0, Udp.check(b, udp));
    int vx = udp + Udp.HLEN;
    assertEquals(Vxlan.FLAG_I, Vxlan.flags(b, vx));
    assertEquals(6, Vxlan.vni(b, vx)); // LOCAL_NODE_ID
    int inner = vx + Vxlan.HLEN;
    assertEquals(Eth.ETH_P_IP, Eth.proto(b, inner));
    int il3 = inner + Eth.HLEN;
    assertEquals(Ipv4.IPPROTO_TCP, Ipv4.protocol(b, il3));
    assertEquals(EXTERNAL_SVC_IP, Ipv4.saddr(b, il3));
    assertEquals(CLIENT_IP, Ipv4.daddr(b, il3));
    assertEquals(0x4212, Ipv4.check(b, il3));
    int il4 = il3 + 20;
    assertEquals(EXTERNAL_SVC_PORT, Tcp.sport(b, il4));
    assertEquals(port, Tcp.dport(b, il4));
    assertTrue(dev.egret.datapath.packet.L4Checksum.valid(b, il3));
  }
}
