package dev.egret.scenarios.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.datapath.monitor.DropReason;
import dev.egret.datapath.monitor.TraceObservationPoint;
import dev.egret.datapath.monitor.TraceReason;
import dev.egret.datapath.net.Ip4;
import dev.egret.datapath.packet.Tcp;
import dev.egret.scenarios.record.EndpointInfo;
import dev.egret.scenarios.record.FlowRecord;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The compact printer, the filter and the drop counter the CLI and the GUI share. */
class FlowHelpersTest {
  private final HubbleCompactPrinter printer = new HubbleCompactPrinter();

  @Test
  void compactLineOfTheSourceNodeTrace() {
    assertEquals(
        "Jan  1 00:00:00.000: default/client-abc:40112 (ID:51234) -> 93.184.216.34:443 (world)"
            + " to-overlay FORWARDED (TCP Flags: SYN)",
        printer.format(Flows.toOverlay()));
  }

  @Test
  void compactLineLikeTheBriefsExample() {
    FlowRecord r = Flows.toOverlay();
    long t = 1_763_753_605_466_000_000L; // 2025-11-21T19:33:25.466Z
    byte[] frame =
        Flows.tcp(Flows.POD_IP, Ip4.parse("198.51.100.10"), 40112, 80, Tcp.SYN, Flows.POD_MAC);
    EndpointInfo myApp =
        new EndpointInfo(1234, 51234, "default", "my-app", List.of("k8s:app=my-app"), null, null);
    FlowRecord f =
        new FlowRecord(
            t,
            r.node(),
            r.type(),
            r.program(),
            r.point(),
            r.traceReason(),
            null,
            0,
            51234,
            2,
            7,
            "cilium_vxlan",
            0,
            1234,
            0,
            frame,
            myApp,
            Flows.WORLD,
            0);
    assertEquals(
        "Nov 21 19:33:25.466: default/my-app:40112 (ID:51234) -> 198.51.100.10:80 (world)"
            + " to-overlay FORWARDED (TCP Flags: SYN)",
        printer.format(f));
  }

  @Test
  void replyFlipsTheArrowAndTheEnds() {
    assertEquals(
        "Jan  1 00:00:01.000: default/client-abc:40112 (ID:51234) <- 93.184.216.34:443 (world)"
            + " to-endpoint FORWARDED (TCP Flags: SYN, ACK)",
        printer.format(Flows.replyToEndpoint()));
  }

  @Test
  void dropHasAnUnknownDirectionAndTheReasonText() {
    assertEquals(
        "Jan  1 00:00:02.000: default/client-abc:40112 (ID:51234) <> 93.184.216.34:443 (world)"
            + " No egress gateway found DROPPED (TCP Flags: SYN)",
        printer.format(Flows.noEgressGateway()));
  }

  @Test
  void snatedTraceShowsThePodAsSource() {
    assertTrue(
        printer
            .format(Flows.gatewayAfterSnat())
            .contains(
                "default/client-abc:40112 (ID:51234) -> 93.184.216.34:443 (world) to-network"),
        printer.format(Flows.gatewayAfterSnat()));
  }

  @Test
  void nonIpFramesShowMacsAndIcmpHasNoPorts() {
    String icmp = printer.format(Flows.traceOf(Flows.icmpEchoRequest()));
    assertTrue(
        icmp.endsWith(
            "default/client-abc (ID:51234) -> 93.184.216.34 (world) to-stack FORWARDED"
                + " (ICMPv4 EchoRequest)"),
        icmp);
    byte[] ethOnly = Arrays.copyOf(Flows.icmpEchoRequest(), 14);
    String eth = printer.format(Flows.traceOf(ethOnly));
    assertTrue(eth.contains(": 0a:58:0a:00:01:17 (ID:51234) -> 0a:58:0a:00:01:01 (world)"), eth);
    assertTrue(eth.endsWith("(Ethernet)"), eth);
  }

  @Test
  void identitiesPrintLikeHubble() {
    assertEquals("(world)", HubbleCompactPrinter.identity(Flows.WORLD));
    assertEquals("(remote-node)", HubbleCompactPrinter.identity(EndpointInfo.reserved(6, "x")));
    assertEquals("(unknown)", HubbleCompactPrinter.identity(null));
    assertEquals("(ID:51234)", HubbleCompactPrinter.identity(Flows.CLIENT_POD));
  }

  @Test
  void stampMilliTruncatesAndPadsTheDay() {
    assertEquals("Jan  1 00:00:00.000", HubbleCompactPrinter.stampMilli(999_999));
    assertEquals(
        "Jan 10 00:00:00.001",
        HubbleCompactPrinter.stampMilli(9L * 86_400_000_000_000L + 1_999_999));
  }

  @Test
  void filterByPodMatchesEitherEndByNamespaceAndPrefix() {
    FlowFilter f = FlowFilter.ALL.withPod("default/client");
    assertTrue(f.test(Flows.toOverlay()));
    assertTrue(f.test(Flows.replyToEndpoint()), "the pod as destination");
    assertFalse(FlowFilter.ALL.withPod("kube-system/client").test(Flows.toOverlay()));
    assertFalse(FlowFilter.ALL.withPod("default/server").test(Flows.toOverlay()));
    assertTrue(FlowFilter.ALL.withPod("default/").test(Flows.toOverlay()));
    assertTrue(FlowFilter.ALL.withPod("client-abc").test(Flows.toOverlay()), "default namespace");
    assertFalse(
        FlowFilter.ALL
            .withPod("default/client")
            .test(Flows.withEnds(Flows.toOverlay(), null, Flows.WORLD)));
  }

  @Test
  void filterByNodeVerdictReasonAndPoint() {
    List<FlowRecord> all =
        List.of(
            Flows.toOverlay(),
            Flows.noEgressGateway(),
            Flows.gatewayAfterSnat(),
            Flows.replyToEndpoint());
    assertEquals(3, count(all, FlowFilter.ALL.withNode("worker-1")));
    assertEquals(1, count(all, FlowFilter.ALL.withNode("default/worker-2")));
    assertEquals(1, count(all, FlowFilter.ALL.withVerdict("dropped")));
    assertEquals(3, count(all, FlowFilter.ALL.withVerdict("FORWARDED")));
    assertEquals(1, count(all, FlowFilter.ALL.withDropReason("NO_EGRESS_GATEWAY")));
    assertEquals(1, count(all, FlowFilter.ALL.withDropReason("194")));
    assertEquals(0, count(all, FlowFilter.ALL.withDropReason("POLICY_DENIED")));
    assertEquals(1, count(all, FlowFilter.ALL.withObservationPoint("to-network")));
    assertEquals(1, count(all, FlowFilter.ALL.withObservationPoint("TO_ENDPOINT")));
    assertEquals(
        1,
        count(
            all,
            FlowFilter.ALL
                .withNode("worker-1")
                .withVerdict("FORWARDED")
                .withPod("default/c")
                .withObservationPoint("TO_OVERLAY")));
    assertEquals(4, count(all, FlowFilter.ALL));
  }

  @Test
  void badFilterValuesAreExplained() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> FlowFilter.ALL.withVerdict("LOST"));
    assertTrue(e.getMessage().contains("FORWARDED or DROPPED"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> FlowFilter.ALL.withDropReason("NOPE"));
    assertThrows(IllegalArgumentException.class, () -> FlowFilter.ALL.withObservationPoint("x"));
    assertThrows(IllegalArgumentException.class, () -> FlowFilter.ALL.withPod("/x"));
    assertThrows(IllegalArgumentException.class, () -> FlowFilter.ALL.withNode(" "));
  }

  @Test
  void dropCounterCountsDropsByHubbleName() {
    List<FlowRecord> all =
        List.of(
            Flows.toOverlay(),
            Flows.noEgressGateway(),
            Flows.noEgressGateway(),
            Flows.dropOn("worker-2", DropReason.DROP_NAT_NO_MAPPING, Flows.CLIENT_POD_REMOTE),
            Flows.gatewayAfterSnat());
    Map<String, Long> expected = new TreeMap<>();
    expected.put("NO_EGRESS_GATEWAY", 2L);
    expected.put("NO_MAPPING_FOR_NAT_MASQUERADE", 1L);
    assertEquals(expected, DropCounter.dropsByReason(all));

    DropCounter c = new DropCounter().include("POLICY_DENIED");
    all.forEach(c);
    assertEquals(0, c.count("POLICY_DENIED"));
    assertEquals(2, c.count("NO_EGRESS_GATEWAY"));
    assertEquals(
        List.of("NO_EGRESS_GATEWAY", "NO_MAPPING_FOR_NAT_MASQUERADE", "POLICY_DENIED"),
        List.copyOf(c.snapshot().keySet()));
  }

  @Test
  void aTraceWithAnUnknownReasonHasNoArrowDirection() {
    FlowRecord r = Flows.toOverlay();
    FlowRecord unknown =
        new FlowRecord(
            r.timeNanos(),
            r.node(),
            r.type(),
            r.program(),
            TraceObservationPoint.TRACE_TO_STACK,
            TraceReason.UNKNOWN,
            null,
            0,
            0,
            0,
            0,
            "",
            0,
            0,
            0,
            r.frame(),
            r.source(),
            r.destination(),
            0);
    assertTrue(printer.format(unknown).contains(" <> "));
  }

  private static long count(List<FlowRecord> records, FlowFilter f) {
    return records.stream().filter(f).count();
  }
}
