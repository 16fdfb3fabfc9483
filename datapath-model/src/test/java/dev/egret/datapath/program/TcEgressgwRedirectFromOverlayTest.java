package dev.egret.datapath.program;

import static dev.egret.datapath.program.EgressGwFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.datapath.Datapath;
import dev.egret.datapath.config.DatapathConfig;
import dev.egret.datapath.egress.EgressPolicyMap4;
import dev.egret.datapath.maps.MapFullException;
import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.node.FibResult;
import dev.egret.datapath.packet.Ipv4;
import dev.egret.datapath.packet.L4Checksum;
import dev.egret.datapath.packet.Skb;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * bpf/tests/tc_egressgw_redirect_from_overlay.c (v1.16, reference §7.4): bpf_overlay {@code
 * cil_from_overlay} on the gateway. Mocks: tunnel key remote 10.0.10.1 with tunnel id 0xfffff; the
 * FIB answers ifindex 44; there is no ipcache.
 */
class TcEgressgwRedirectFromOverlayTest {
  private static final int ENCAP_IFINDEX = 42;
  private static final int EGRESS_IFINDEX = 44;
  private static final Cidr4 EXT_24 = Cidr4.parse("110.0.11.0/24");
  private static final Cidr4 EXT_32 = Cidr4.parse("110.0.11.1/32");

  private Datapath dp;
  private BasicNodeContextForTests ctx;
  private EgressPolicyMap4 map;

  @BeforeEach
  void setUp() {
    dp = new Datapath(DatapathConfig.builder().dualStack(true).build());
    ctx = new BasicNodeContextForTests(3);
    ctx.setEncapIfindex(ENCAP_IFINDEX);
    ctx.addHostIp(GATEWAY_NODE_IP);
    ctx.fibMock =
        (src, dst) -> {
          ctx.fibOut.ifindex = EGRESS_IFINDEX;
          return FibResult.SUCCESS;
        };
    map = ctx.egressPolicyMap();
  }

  private int run(Skb skb) {
    skb.setIfindex(ENCAP_IFINDEX);
    skb.setReceivedTunnelKey(CLIENT_NODE_IP, GATEWAY_NODE_IP, 0xfffff, 64);
    return BpfOverlay.fromOverlay(dp, ctx, skb);
  }

  @Test
  void redirectFromOverlay() throws MapFullException {
    map.update(CLIENT_IP, EXT_24, 0, GATEWAY_NODE_IP);
    Skb skb = egressPacket(REDIRECT);
    int v = run(skb);
    assertEquals(Verdict.redirect(EGRESS_IFINDEX), v, Verdict.toString(v));
    int l3 = skb.off() + 14;
    assertEquals(63, Ipv4.ttl(skb.data(), l3)); // ipv4_l3: TTL - 1
    assertTrue(Ipv4.checksumValid(skb.data(), l3));
    assertTrue(L4Checksum.valid(skb.data(), l3));
    assertTrue(Marks.egwDone(skb)); // MARK_MAGIC_EGW_DONE
    assertEquals(CLIENT_IP, Ipv4.saddr(skb.data(), l3)); // no SNAT here
  }

  @Test
  void skipExcludedCidrRedirectFromOverlay() throws MapFullException {
    map.update(CLIENT_IP, EXT_24, 0, GATEWAY_NODE_IP);
    map.update(CLIENT_IP, EXT_32, 0, EgressPolicyMap4.EGRESS_GATEWAY_EXCLUDED_CIDR);
    Skb skb = egressPacket(REDIRECT_EXCL_CIDR);
    int v = run(skb);
    assertEquals(Verdict.OK, v, Verdict.toString(v));
    assertFalse(Marks.egwDone(skb));
    assertEquals(64, Ipv4.ttl(skb.data(), skb.off() + 14));
  }

  @Test
  void skipNoGatewayRedirectFromOverlay() throws MapFullException {
    map.update(CLIENT_IP, EXT_32, 0, EgressPolicyMap4.EGRESS_GATEWAY_NO_GATEWAY);
    Skb skb = egressPacket(REDIRECT_SKIP_NO_GATEWAY);
    int v = run(skb);
    assertEquals(Verdict.OK, v, Verdict.toString(v)); // not a drop at the gateway
    assertEquals(0, dp.metrics().drops(194));
  }

  @Test
  void aFailedFibLookupDropsWithTheFibCodeAsExtErr() throws MapFullException {
    map.update(CLIENT_IP, EXT_24, 0, GATEWAY_NODE_IP);
    ctx.fibMock = (src, dst) -> FibResult.UNREACHABLE;
    int[] ext = {-1};
    dp.monitor().addListener(e -> ext[0] = e.extError());
    int v = run(egressPacket(REDIRECT));
    assertEquals(-169, v, Verdict.toString(v)); // DROP_NO_FIB
    assertEquals(FibResult.UNREACHABLE, ext[0]);
  }

  @Test
  void hostIdentityFromATunnelIsInvalid() {
    Skb skb = egressPacket(REDIRECT);
    skb.setIfindex(ENCAP_IFINDEX);
    skb.setReceivedTunnelKey(CLIENT_NODE_IP, GATEWAY_NODE_IP, 1, 64);
    int v = BpfOverlay.fromOverlay(dp, ctx, skb);
    assertEquals(-171, v, Verdict.toString(v)); // DROP_INVALID_IDENTITY
  }

  @Test
  void ttlOneIsDroppedAtTheGateway() throws MapFullException {
    map.update(CLIENT_IP, EXT_24, 0, GATEWAY_NODE_IP);
    Skb skb =
        new dev.egret.datapath.packet.FrameBuilder()
            .macs(CLIENT_MAC, EXT_SVC_MAC)
            .ipv4(CLIENT_IP, EXTERNAL_SVC_IP)
            .ttl(1)
            .writeUdp(new Skb(64), 5000, 53);
    int v = run(skb);
    assertEquals(-196, v, Verdict.toString(v)); // DROP_TTL_EXCEEDED
  }
}
