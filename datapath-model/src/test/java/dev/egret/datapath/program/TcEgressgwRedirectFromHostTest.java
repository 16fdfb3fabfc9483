package dev.egret.datapath.program;

import static dev.egret.datapath.program.EgressGwFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.datapath.Datapath;
import dev.egret.datapath.config.DatapathConfig;
import dev.egret.datapath.ct.Conntrack;
import dev.egret.datapath.ct.Tuple4;
import dev.egret.datapath.egress.EgressPolicyMap4;
import dev.egret.datapath.identity.Identities;
import dev.egret.datapath.maps.MapFullException;
import dev.egret.datapath.monitor.DropReason;
import dev.egret.datapath.monitor.Metrics;
import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.node.FibResult;
import dev.egret.datapath.packet.Ipv4;
import dev.egret.datapath.packet.Skb;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * bpf/tests/tc_egressgw_redirect_from_host.c (v1.16, reference §7.2): bpf_host {@code
 * cil_to_netdev}, the second egress gateway hook of 1.16. Each case: ipcache 0.0.0.0/0 →
 * WORLD_IPV4_ID (the test build enables IPv4 and IPv6), a CT entry pre-created for the connection
 * as CT_EGRESS with the tuple reversed (so the lookup gives ESTABLISHED), allow-all policy.
 */
class TcEgressgwRedirectFromHostTest {
  private static final int NATIVE_IFINDEX = 1;
  private static final int ENCAP_IFINDEX = 42;
  private static final Cidr4 EXT_24 = Cidr4.parse("110.0.11.0/24");
  private static final Cidr4 EXT_32 = Cidr4.parse("110.0.11.1/32");

  private Datapath dp;
  private BasicNodeContextForTests ctx;
  private EgressPolicyMap4 map;

  @BeforeEach
  void setUp() {
    dp = new Datapath(DatapathConfig.builder().dualStack(true).build());
    ctx = new BasicNodeContextForTests(1);
    ctx.setEncapIfindex(ENCAP_IFINDEX);
    ctx.addHostIp(CLIENT_NODE_IP);
    ctx.ipcache(Cidr4.ALL, Identities.WORLD_IPV4_ID, 0);
    map = ctx.egressPolicyMap();
  }

  /** {@code ct_create4(get_ct_map4(&tuple), NULL, &tuple, ctx, CT_EGRESS, ...)}, tuple reversed. */
  private void precreateCt(int testId) {
    Tuple4 t =
        new Tuple4()
            .set(
                CLIENT_IP,
                EXTERNAL_SVC_IP,
                EXTERNAL_SVC_PORT,
                clientPort(testId),
                6,
                Tuple4.TUPLE_F_OUT);
    Conntrack ct = dp.conntrack();
    assertEquals(0, ct.create4(ct.tcpMap(), null, t, Conntrack.CT_EGRESS, 0, 74, 0));
  }

  private int run(Skb skb) {
    skb.setIfindex(NATIVE_IFINDEX);
    return BpfHost.toNetdev(dp, ctx, skb);
  }

  @Test
  void redirect() throws MapFullException {
    precreateCt(REDIRECT);
    map.update(CLIENT_IP, EXT_24, 0, GATEWAY_NODE_IP);
    Skb skb = egressPacket(REDIRECT);
    int v = run(skb);
    assertEquals(Verdict.redirect(ENCAP_IFINDEX), v, Verdict.toString(v));
    assertEquals(GATEWAY_NODE_IP, skb.tunnelRemoteIpv4());
  }

  @Test
  void skipExcludedCidrRedirect() throws MapFullException {
    precreateCt(REDIRECT_EXCL_CIDR);
    map.update(CLIENT_IP, EXT_24, 0, GATEWAY_NODE_IP);
    map.update(CLIENT_IP, EXT_32, 0, EgressPolicyMap4.EGRESS_GATEWAY_EXCLUDED_CIDR);
    Skb skb = egressPacket(REDIRECT_EXCL_CIDR);
    int v = run(skb);
    assertEquals(Verdict.OK, v, Verdict.toString(v));
    assertFalse(skb.hasTunnelKey());
  }

  @Test
  void skipNoGatewayRedirect() throws MapFullException {
    precreateCt(REDIRECT_SKIP_NO_GATEWAY);
    map.update(CLIENT_IP, EXT_32, 0, EgressPolicyMap4.EGRESS_GATEWAY_NO_GATEWAY);
    int v = run(egressPacket(REDIRECT_SKIP_NO_GATEWAY));
    assertEquals(Verdict.drop(DropReason.DROP_NO_EGRESS_GATEWAY), v, Verdict.toString(v));
    assertEquals(1, dp.metrics().packets(194, Metrics.METRIC_EGRESS));
  }

  @Test
  void withoutCtEntryTheHookDoesNothing() throws MapFullException {
    // implied rule (reference §7.2): CT_NEW means a reply or host traffic, so no redirect
    ctx.addRoute(Cidr4.ALL, NATIVE_IFINDEX, 0, 0, FibResult.SUCCESS);
    map.update(CLIENT_IP, EXT_24, 0, GATEWAY_NODE_IP);
    Skb skb = egressPacket(REDIRECT);
    int v = run(skb);
    assertEquals(Verdict.OK, v, Verdict.toString(v));
    assertFalse(skb.hasTunnelKey());
    // the packet then meets handle_nat_fwd, whose egress gateway check (1.16) neither checks that
    // this node is the gateway nor that the egress IP is set: it is SNATed to 0.0.0.0 (§1.4)
    assertEquals(0, Ipv4.saddr(skb.data(), skb.off() + 14));
  }

  @Test
  void egwDoneMarkSkipsTheHook() throws MapFullException {
    precreateCt(REDIRECT);
    map.update(CLIENT_IP, EXT_32, 0, EgressPolicyMap4.EGRESS_GATEWAY_NO_GATEWAY);
    Skb skb = egressPacket(REDIRECT);
    Marks.setEgwDone(skb);
    int v = run(skb);
    assertTrue(Verdict.isOk(v), Verdict.toString(v));
  }
}
