package dev.egret.datapath.program;

import static dev.egret.datapath.program.EgressGwFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.datapath.Datapath;
import dev.egret.datapath.config.DatapathConfig;
import dev.egret.datapath.ct.Tuple4;
import dev.egret.datapath.egress.EgressPolicyMap4;
import dev.egret.datapath.maps.MapFullException;
import dev.egret.datapath.monitor.DropReason;
import dev.egret.datapath.monitor.Metrics;
import dev.egret.datapath.monitor.MonitorEvent;
import dev.egret.datapath.monitor.TraceObservationPoint;
import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.packet.Ipv4;
import dev.egret.datapath.packet.Skb;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * bpf/tests/tc_egressgw_redirect.c (v1.16, reference §7.1): bpf_lxc {@code cil_from_container} with
 * ENCAP_IFINDEX 0, allow-all policy and no ipcache entries (destination identity world).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TcEgressgwRedirectTest {
  private static final int LXC_IFINDEX = 11;
  private static final Cidr4 EXT_24 = Cidr4.parse("110.0.11.0/24");
  private static final Cidr4 EXT_32 = Cidr4.parse("110.0.11.1/32");

  private Datapath dp;
  private BasicNodeContextForTests ctx;
  private int ep;
  private EgressPolicyMap4 map;
  private final List<String> events = new ArrayList<>();

  @BeforeEach
  void setUp() {
    dp = new Datapath(DatapathConfig.defaults());
    ctx = new BasicNodeContextForTests(1);
    ctx.setEncapIfindex(0);
    ctx.addHostIp(CLIENT_NODE_IP);
    ep = ctx.addEndpoint(CLIENT_IP, CLIENT_IDENTITY, 77, LXC_IFINDEX, CLIENT_MAC, 0);
    map = ctx.egressPolicyMap();
    dp.monitor().addListener(e -> events.add(e.toString()));
  }

  private int run(Skb skb) {
    skb.setIfindex(LXC_IFINDEX);
    return BpfLxc.fromContainer(dp, ctx, skb, ep);
  }

  @Test
  @Order(1)
  void redirect() throws MapFullException {
    map.update(CLIENT_IP, EXT_24, 0, GATEWAY_NODE_IP);
    List<MonitorEvent> seen = new ArrayList<>();
    dp.monitor()
        .addListener(
            e -> {
              if (e.observationPoint() == TraceObservationPoint.TRACE_TO_OVERLAY) {
                assertEquals(CLIENT_IDENTITY, e.srcIdentity());
                assertEquals(2, e.dstIdentity()); // world
                assertEquals(0, e.ifindex()); // ENCAP_IFINDEX
                seen.add(e);
              }
            });
    Skb skb = egressPacket(REDIRECT);
    int v = run(skb);
    assertEquals(Verdict.redirect(0), v, Verdict.toString(v)); // TC_ACT_REDIRECT to ENCAP_IFINDEX
    assertTrue(skb.hasTunnelKey());
    assertEquals(GATEWAY_NODE_IP, skb.tunnelRemoteIpv4());
    assertEquals(CLIENT_IDENTITY, skb.tunnelId()); // the VNI is the pod's identity
    assertEquals(64, skb.tunnelTtl());
    assertEquals(64, Ipv4.ttl(skb.data(), skb.off() + 14)); // not decremented on this hop
    assertEquals(1, seen.size());
  }

  @Test
  @Order(2)
  void skipExcludedCidrRedirect() throws MapFullException {
    map.update(CLIENT_IP, EXT_24, 0, GATEWAY_NODE_IP);
    map.update(CLIENT_IP, EXT_32, 0, EgressPolicyMap4.EGRESS_GATEWAY_EXCLUDED_CIDR);
    Skb skb = egressPacket(REDIRECT_EXCL_CIDR);
    int v = run(skb);
    assertEquals(Verdict.OK, v, Verdict.toString(v)); // TC_ACT_OK: the normal path
    assertFalse(skb.hasTunnelKey());
    assertEquals(Marks.MARK_MAGIC_IDENTITY, Marks.magic(skb.mark()));
    assertEquals(CLIENT_IDENTITY, Marks.identity(skb.mark()));
  }

  @Test
  @Order(3)
  void skipNoGatewayRedirect() throws MapFullException {
    map.update(CLIENT_IP, EXT_32, 0, EgressPolicyMap4.EGRESS_GATEWAY_NO_GATEWAY);
    List<MonitorEvent> drops = new ArrayList<>();
    dp.monitor()
        .addListener(
            e -> {
              if (e.isDrop()) {
                assertEquals(DropReason.DROP_NO_EGRESS_GATEWAY, e.dropReason());
                assertEquals("NO_EGRESS_GATEWAY", e.dropReason().hubbleName());
                assertEquals(CLIENT_IDENTITY, e.srcIdentity());
                assertEquals(2, e.dstIdentity());
                assertEquals(Metrics.METRIC_EGRESS, e.direction());
                drops.add(e);
              }
            });
    Skb skb = egressPacket(REDIRECT_SKIP_NO_GATEWAY);
    int v = run(skb);
    assertEquals(Verdict.drop(DropReason.DROP_NO_EGRESS_GATEWAY), v); // CTX_ACT_DROP
    assertEquals(-194, v);
    assertEquals(1, dp.metrics().packets(194, Metrics.METRIC_EGRESS));
    assertEquals(1, drops.size());
    // the CT entry is created before the egress gateway decision (reference §1.1 step 4)
    Tuple4 key =
        new Tuple4()
            .set(
                CLIENT_IP,
                EXTERNAL_SVC_IP,
                EXTERNAL_SVC_PORT,
                clientPort(REDIRECT_SKIP_NO_GATEWAY),
                6,
                Tuple4.TUPLE_F_OUT);
    assertNotNull(dp.conntrack().tcpMap().get(key));
  }
}
