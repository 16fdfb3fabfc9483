package dev.egret.datapath.program;

import static dev.egret.datapath.program.EgressGwFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.datapath.Datapath;
import dev.egret.datapath.config.DatapathConfig;
import dev.egret.datapath.ct.CtEntry;
import dev.egret.datapath.ct.Tuple4;
import dev.egret.datapath.egress.EgressPolicyMap4;
import dev.egret.datapath.identity.Identities;
import dev.egret.datapath.maps.MapFullException;
import dev.egret.datapath.monitor.TraceReason;
import dev.egret.datapath.nat.NatEntry;
import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.node.FibResult;
import dev.egret.datapath.packet.Eth;
import dev.egret.datapath.packet.Ipv4;
import dev.egret.datapath.packet.L4Checksum;
import dev.egret.datapath.packet.Skb;
import dev.egret.datapath.packet.Tcp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * bpf/tests/tc_egressgw_snat.c (v1.16, reference §7.3): bpf_host {@code cil_to_netdev} / {@code
 * cil_from_netdev} on the gateway. The cases run in order and share map state, as in the BPF test
 * file. ENCAP_IFINDEX 42, secondary interface 44; the FIB mock answers ifindex 44 with zero MACs
 * when the FIB source is 2.3.4.5 and otherwise leaves the ifindex as it was ("same device"); the
 * test build's NAT range is [32768, 43835].
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TcEgressgwSnatTest {
  private static final int NATIVE_IFINDEX = 1;
  private static final int ENCAP_IFINDEX = 42;
  private static final int SECONDARY_IFINDEX = 44;
  private static final int NODEPORT_PORT_MAX_NAT_TEST = 43835;
  private static final Cidr4 EXT_24 = Cidr4.parse("110.0.11.0/24");
  private static final Cidr4 EXT_32 = Cidr4.parse("110.0.11.1/32");

  private Datapath dp;
  private BasicNodeContextForTests ctx;
  private EgressPolicyMap4 map;
  private final List<String> traces = new ArrayList<>();

  @BeforeAll
  void setUp() {
    dp =
        new Datapath(
            DatapathConfig.builder()
                .dualStack(true)
                .snatPortRange(32768, NODEPORT_PORT_MAX_NAT_TEST)
                .build());
    ctx = new BasicNodeContextForTests(7);
    ctx.setEncapIfindex(ENCAP_IFINDEX);
    ctx.addHostIp(GATEWAY_NODE_IP);
    ctx.setNowNanos(1_000_000_000_000L);
    ctx.fibMock =
        (src, dst) -> {
          if (src == EGRESS_IP2) {
            ctx.fibOut.ifindex = SECONDARY_IFINDEX;
            ctx.fibOut.smac = 0;
            ctx.fibOut.dmac = 0;
          }
          return FibResult.SUCCESS;
        };
    map = ctx.egressPolicyMap();
    dp.monitor()
        .addListener(
            e -> {
              if (!e.isDrop()) {
                traces.add(
                    e.observationPoint().hubbleName()
                        + "/"
                        + TraceReason.hubbleName(e.traceReason())
                        + "/orig="
                        + e.origIp4());
              }
            });
  }

  private Skb toNetdev(int testId) {
    Skb skb = egressPacket(testId);
    skb.setIfindex(NATIVE_IFINDEX);
    Marks.setEgwDone(skb); // as if it came through from-overlay
    int v = BpfHost.toNetdev(dp, ctx, skb);
    lastVerdict = v;
    return skb;
  }

  private int lastVerdict;

  private static Tuple4 natOriginalKey(int port) {
    return new Tuple4()
        .set(EXTERNAL_SVC_IP, CLIENT_IP, EXTERNAL_SVC_PORT, port, 6, Tuple4.TUPLE_F_OUT);
  }

  private static Tuple4 gatewayCtKey(int port) {
    return new Tuple4()
        .set(CLIENT_IP, EXTERNAL_SVC_IP, EXTERNAL_SVC_PORT, port, 6, Tuple4.TUPLE_F_OUT);
  }

  private void assertSnated(Skb skb, int testId) {
    byte[] b = skb.data();
    int l3 = skb.off() + Eth.HLEN;
    int l4 = l3 + 20;
    assertEquals(Verdict.OK, lastVerdict, Verdict.toString(lastVerdict)); // CTX_ACT_OK
    assertEquals(CLIENT_MAC, Eth.src(b, skb.off()));
    assertEquals(EXT_SVC_MAC, Eth.dst(b, skb.off()));
    assertEquals(EGRESS_IP, Ipv4.saddr(b, l3));
    assertEquals(EXTERNAL_SVC_IP, Ipv4.daddr(b, l3));
    NatEntry nat = dp.natMap().get(natOriginalKey(clientPort(testId)));
    assertNotNull(nat, "the SNAT entry exists");
    assertEquals(EGRESS_IP, nat.addr());
    assertEquals(nat.port(), Tcp.sport(b, l4));
    assertTrue(nat.port() >= 32768 && nat.port() < NODEPORT_PORT_MAX_NAT_TEST, "" + nat.port());
    assertEquals(EXTERNAL_SVC_PORT, Tcp.dport(b, l4));
    assertTrue(nat.needsCt());
    CtEntry ct = dp.conntrack().tcpMap().get(gatewayCtKey(clientPort(testId)));
    assertNotNull(ct, "the gateway's CT entry exists (needs_ct)");
    assertEquals(1, ct.packets());
    assertTrue(Ipv4.checksumValid(b, l3));
    assertTrue(L4Checksum.valid(b, l3));
    assertTrue(Marks.snatDone(skb));
  }

  @Test
  @Order(1)
  void snat1() throws MapFullException {
    map.update(CLIENT_IP, EXT_24, EGRESS_IP, GATEWAY_NODE_IP);
    Skb skb = toNetdev(SNAT1);
    assertSnated(skb, SNAT1);
    assertEquals("TO_NETWORK/NEW/orig=" + CLIENT_IP, traces.get(traces.size() - 1));
  }

  @Test
  @Order(2)
  void snat1Reply() {
    ctx.ipcache(Cidr4.host(CLIENT_IP), 0, CLIENT_NODE_IP);
    int natPort = dp.natMap().get(natOriginalKey(clientPort(SNAT1))).port();
    Skb skb = replyPacket(EGRESS_IP, natPort);
    skb.setIfindex(NATIVE_IFINDEX);
    int v = BpfHost.fromNetdev(dp, ctx, skb);
    assertEquals(Verdict.redirect(ENCAP_IFINDEX), v, Verdict.toString(v)); // CTX_ACT_REDIRECT
    byte[] b = skb.data();
    int l3 = skb.off() + Eth.HLEN;
    int l4 = l3 + 20;
    assertEquals(EXT_SVC_MAC, Eth.src(b, skb.off()));
    assertEquals(CLIENT_MAC, Eth.dst(b, skb.off()));
    assertEquals(EXTERNAL_SVC_IP, Ipv4.saddr(b, l3));
    assertEquals(CLIENT_IP, Ipv4.daddr(b, l3));
    assertEquals(EXTERNAL_SVC_PORT, Tcp.sport(b, l4));
    assertEquals(clientPort(SNAT1), Tcp.dport(b, l4));
    assertEquals(2, dp.conntrack().tcpMap().get(gatewayCtKey(clientPort(SNAT1))).packets());
    // tunnelled back to the pod's node with VNI = LOCAL_NODE_ID (6), TTL decremented
    assertEquals(CLIENT_NODE_IP, skb.tunnelRemoteIpv4());
    assertEquals(Identities.REMOTE_NODE_ID, skb.tunnelId());
    assertEquals(63, Ipv4.ttl(b, l3));
    assertTrue(Ipv4.checksumValid(b, l3));
    assertTrue(L4Checksum.valid(b, l3));
    assertEquals("TO_OVERLAY/REPLY/orig=0", traces.get(traces.size() - 1));
  }

  @Test
  @Order(3)
  void snat2() {
    Skb skb = toNetdev(SNAT2);
    assertSnated(skb, SNAT2);
    assertTrue(map.delete(CLIENT_IP, EXT_24));
  }

  @Test
  @Order(4)
  void skipExcludedCidrSnat() throws MapFullException {
    map.update(CLIENT_IP, EXT_24, 0, GATEWAY_NODE_IP);
    map.update(CLIENT_IP, EXT_32, 0, EgressPolicyMap4.EGRESS_GATEWAY_EXCLUDED_CIDR);
    Skb skb = toNetdev(SNAT_EXCL_CIDR);
    assertEquals(Verdict.OK, lastVerdict, Verdict.toString(lastVerdict));
    byte[] b = skb.data();
    int l3 = skb.off() + Eth.HLEN;
    int l4 = l3 + 20;
    assertEquals(CLIENT_MAC, Eth.src(b, skb.off()));
    assertEquals(EXT_SVC_MAC, Eth.dst(b, skb.off()));
    assertEquals(CLIENT_IP, Ipv4.saddr(b, l3));
    assertEquals(clientPort(SNAT_EXCL_CIDR), Tcp.sport(b, l4));
    assertEquals(EXTERNAL_SVC_IP, Ipv4.daddr(b, l3));
    assertEquals(EXTERNAL_SVC_PORT, Tcp.dport(b, l4));
    assertEquals(0x4112, Ipv4.check(b, l3));
    map.delete(CLIENT_IP, EXT_24);
    map.delete(CLIENT_IP, EXT_32);
  }

  @Test
  @Order(5)
  void fibRedirect() throws MapFullException {
    map.update(CLIENT_IP, EXT_24, EGRESS_IP2, GATEWAY_NODE_IP);
    Skb skb = toNetdev(FIB);
    assertEquals(Verdict.redirect(SECONDARY_IFINDEX), lastVerdict, Verdict.toString(lastVerdict));
    byte[] b = skb.data();
    int l3 = skb.off() + Eth.HLEN;
    assertEquals(ZERO_MAC, Eth.src(b, skb.off()));
    assertEquals(ZERO_MAC, Eth.dst(b, skb.off()));
    assertEquals(CLIENT_IP, Ipv4.saddr(b, l3)); // SNAT happens later, on the other interface
    assertEquals(EXTERNAL_SVC_IP, Ipv4.daddr(b, l3));

    // ... and on interface 44's to-netdev the packet is SNATed to 2.3.4.5
    skb.setIfindex(SECONDARY_IFINDEX);
    int v = BpfHost.toNetdev(dp, ctx, skb);
    assertEquals(Verdict.OK, v, Verdict.toString(v));
    assertEquals(EGRESS_IP2, Ipv4.saddr(b, l3));
    map.delete(CLIENT_IP, EXT_24);
  }

  @Test
  @Order(6)
  void establishedPacketsReuseTheMappingAndReportEstablished() {
    int before = dp.natMap().size();
    int port = dp.natMap().get(natOriginalKey(clientPort(SNAT1))).port();
    try {
      map.update(CLIENT_IP, EXT_24, EGRESS_IP, GATEWAY_NODE_IP);
    } catch (MapFullException e) {
      throw new AssertionError(e);
    }
    Skb skb = toNetdev(SNAT1);
    assertEquals(Verdict.OK, lastVerdict);
    assertEquals(port, Tcp.sport(skb.data(), skb.off() + 34));
    assertEquals(before, dp.natMap().size());
    assertEquals(3, dp.conntrack().tcpMap().get(gatewayCtKey(clientPort(SNAT1))).packets());
    assertEquals("TO_NETWORK/ESTABLISHED/orig=" + CLIENT_IP, traces.get(traces.size() - 1));
  }
}
