package dev.egret.datapath.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.datapath.config.DatapathConfig;
import dev.egret.datapath.maps.MapFullException;
import dev.egret.datapath.packet.FrameBuilder;
import dev.egret.datapath.packet.Skb;
import dev.egret.datapath.packet.Tcp;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The established-flow packet path allocates nothing, with and without a monitor listener (the JMH
 * benchmark measures the same with {@code -prof gc}; this keeps it from regressing).
 */
class SteadyStateAllocationTest extends TwoNodes {
  long events;

  @Test
  void establishedPacketsAllocateNothing() throws MapFullException {
    setUp(DatapathConfig.defaults(), false);
    // the tests above attach listeners that allocate; start from clean monitors
    s = new dev.egret.datapath.Datapath(DatapathConfig.defaults());
    g = new dev.egret.datapath.Datapath(DatapathConfig.defaults());
    java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Assumptions.assumeTrue(
        mx instanceof com.sun.management.ThreadMXBean,
        "needs com.sun.management.ThreadMXBean to count allocated bytes");
    com.sun.management.ThreadMXBean tmx = (com.sun.management.ThreadMXBean) mx;
    FrameBuilder fb = new FrameBuilder().payload(new byte[] {1, 2, 3});
    byte[] syn =
        fb.macs(POD_MAC, LXC_MAC)
            .ipv4(POD, EXT)
            .writeTcp(new Skb(128), 40112, 80, 1, 0, Tcp.SYN, 9)
            .toByteArray();
    byte[] fwd =
        fb.macs(POD_MAC, LXC_MAC)
            .ipv4(POD, EXT)
            .writeTcp(new Skb(128), 40112, 80, 2, 2, Tcp.ACK, 9)
            .toByteArray();
    byte[] rep =
        fb.macs(EXT_MAC, G_MAC)
            .ipv4(EXT, G_IP)
            .writeTcp(new Skb(128), 80, 40112, 2, 2, Tcp.ACK, 9)
            .toByteArray();
    Skb skb = new Skb(256);
    podSends(skb.load(syn, 0, syn.length));
    for (int round = 0; round < 2; round++) {
      if (round == 1) {
        s.monitor().addListener(e -> events++);
        g.monitor().addListener(e -> events++);
      }
      for (int i = 0; i < 20_000; i++) {
        step(skb, fwd, rep);
      }
      long before = tmx.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < 20_000; i++) {
        step(skb, fwd, rep);
      }
      long allocated = tmx.getCurrentThreadAllocatedBytes() - before;
      assertTrue(
          allocated < 4096, "round " + round + ": " + allocated + " bytes for 40,000 packets");
    }
    assertTrue(events > 0);
    assertEquals(2, g.natMap().size());
  }

  @Test
  void anIdleNodeCostsAFewKilobytes() {
    java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Assumptions.assumeTrue(mx instanceof com.sun.management.ThreadMXBean);
    com.sun.management.ThreadMXBean tmx = (com.sun.management.ThreadMXBean) mx;
    DatapathConfig cfg = DatapathConfig.defaults();
    new dev.egret.datapath.Datapath(cfg); // class loading and initialisation out of the way
    long before = tmx.getCurrentThreadAllocatedBytes();
    dev.egret.datapath.Datapath[] nodes = new dev.egret.datapath.Datapath[100];
    for (int i = 0; i < nodes.length; i++) {
      nodes[i] = new dev.egret.datapath.Datapath(cfg);
    }
    long perNode = (tmx.getCurrentThreadAllocatedBytes() - before) / nodes.length;
    // maps of 524,288 / 262,144 / 524,288 max entries, none of it allocated until used
    assertTrue(perNode < 4096, perNode + " bytes per idle node");
  }

  void step(Skb skb, byte[] fwd, byte[] rep) {
    sCtx.advanceNanos(10_000);
    gCtx.advanceNanos(10_000);
    skb.load(fwd, 0, fwd.length);
    skb.setIfindex(LXC);
    BpfLxc.fromContainer(s, sCtx, skb, 0);
    s.tunnelDevice().encap(skb, S_IP, S_MAC, G_MAC);
    skb.resetMetadata();
    g.tunnelDevice().decap(skb);
    skb.setIfindex(VXLAN);
    BpfOverlay.fromOverlay(g, gCtx, skb);
    skb.setIfindex(ETH0);
    BpfHost.toNetdev(g, gCtx, skb);
    skb.load(rep, 0, rep.length);
    skb.setIfindex(ETH0);
    BpfHost.fromNetdev(g, gCtx, skb);
    g.tunnelDevice().encap(skb, G_IP, G_MAC, S_MAC);
    skb.resetMetadata();
    s.tunnelDevice().decap(skb);
    skb.setIfindex(VXLAN);
    BpfOverlay.fromOverlay(s, sCtx, skb);
  }
}
