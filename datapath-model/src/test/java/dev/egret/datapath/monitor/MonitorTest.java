package dev.egret.datapath.monitor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.datapath.packet.FrameBuilder;
import dev.egret.datapath.packet.Skb;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MonitorTest {
  final Skb skb = new FrameBuilder().writeUdp(new Skb(64), 1, 2);

  @Test
  void aggregationLevels() {
    TraceObservationPoint to = TraceObservationPoint.TRACE_TO_OVERLAY;
    TraceObservationPoint from = TraceObservationPoint.TRACE_FROM_LXC;
    assertTrue(MonitorAggregation.NONE.emits(from, 0));
    assertTrue(MonitorAggregation.NONE.emits(to, 0));
    assertFalse(MonitorAggregation.LOWEST.emits(from, 128), "FROM_* suppressed from level 1");
    assertTrue(MonitorAggregation.LOW.emits(to, 0), "TO_* without CT report below medium");
    assertFalse(MonitorAggregation.MEDIUM.emits(to, 0), "medium needs a CT report request");
    assertTrue(MonitorAggregation.MEDIUM.emits(to, MonitorEvent.TRACE_PAYLOAD_LEN));
    assertFalse(MonitorAggregation.MAXIMUM.emits(from, MonitorEvent.TRACE_PAYLOAD_LEN));
    assertSame(MonitorAggregation.MEDIUM, MonitorAggregation.parse("Medium"));
    assertEquals(3, MonitorAggregation.MEDIUM.level());
    assertThrows(IllegalArgumentException.class, () -> MonitorAggregation.parse("high"));
  }

  @Test
  void traceEventsCarryWhatHubbleNeeds() {
    Monitor m = new Monitor(MonitorAggregation.NONE);
    List<String> got = new ArrayList<>();
    List<byte[]> frames = new ArrayList<>();
    m.addListener(
        e -> {
          got.add(e.toString());
          frames.add(e.copyFrame());
          assertEquals(MonitorEvent.TYPE_TRACE, e.type());
          assertEquals(123L, e.nodeTimeNanos());
          assertSame(ProgramId.TO_NETDEV, e.program());
          assertEquals(0x0a000117, e.origIp4());
          assertEquals(TraceReason.NEW, e.traceReason());
          assertEquals(2, e.ifindex());
          assertEquals(7, e.sourceEndpointId());
          assertNull(e.dropReason());
        });
    m.trace(
        123,
        ProgramId.TO_NETDEV,
        skb,
        TraceObservationPoint.TRACE_TO_NETWORK,
        0,
        0,
        0x0a000117,
        2,
        TraceReason.NEW,
        128,
        7);
    assertEquals(1, got.size());
    assertTrue(
        got.get(0).contains("TO_NETWORK") && got.get(0).contains("orig=10.0.1.23"), got.get(0));
    assertArrayEquals(skb.toByteArray(), frames.get(0));
    assertEquals(1, m.tracesEmitted());
  }

  @Test
  void dropsAreNeverAggregatedAndListenersDetach() {
    Monitor m = new Monitor(MonitorAggregation.MAXIMUM);
    List<MonitorEvent> got = new ArrayList<>();
    MonitorListener l =
        e -> {
          assertTrue(e.isDrop());
          assertEquals(DropReason.DROP_NO_EGRESS_GATEWAY, e.dropReason());
          assertEquals(Metrics.METRIC_EGRESS, e.direction());
          assertNull(e.observationPoint());
          got.add(e);
        };
    m.addListener(l);
    m.drop(
        1,
        ProgramId.FROM_CONTAINER,
        skb,
        51234,
        2,
        DropReason.DROP_NO_EGRESS_GATEWAY,
        0,
        Metrics.METRIC_EGRESS,
        11,
        12);
    m.trace(
        1,
        ProgramId.FROM_CONTAINER,
        skb,
        TraceObservationPoint.TRACE_FROM_LXC,
        1,
        2,
        0,
        0,
        5,
        128,
        0);
    assertEquals(1, got.size());
    assertSame(got.get(0), got.get(0), "the event is a reused flyweight");
    assertTrue(m.removeListener(l));
    assertFalse(m.removeListener(l));
    assertFalse(m.hasListeners());
    m.drop(1, ProgramId.FROM_CONTAINER, skb, 1, 2, DropReason.DROP_INVALID, 0, 2, 0, 0);
    assertEquals(1, got.size());
    assertEquals(2, m.dropsEmitted());
  }

  @Test
  void hubbleMappings() {
    assertEquals("TO_ENDPOINT", TraceObservationPoint.TRACE_TO_LXC.hubbleName());
    assertEquals(101, TraceObservationPoint.TRACE_TO_LXC.hubbleNumber());
    assertEquals("to-overlay", TraceObservationPoint.TRACE_TO_OVERLAY.monitorName());
    assertEquals(11, TraceObservationPoint.TRACE_TO_NETWORK.value());
    assertEquals(1, TraceReason.hubbleNumber(TraceReason.NEW));
    assertEquals("NEW", TraceReason.hubbleName(TraceReason.NEW));
    assertEquals(3, TraceReason.hubbleNumber(TraceReason.REPLY));
    assertEquals(0, TraceReason.hubbleNumber(TraceReason.UNKNOWN));
    assertEquals("TRACE_REASON_UNKNOWN", TraceReason.hubbleName(TraceReason.UNKNOWN));
    assertEquals(8, TraceReason.hubbleNumber(TraceReason.ENCRYPT_OVERLAY));
    assertEquals(Boolean.TRUE, TraceReason.isReply(TraceReason.REPLY));
    assertEquals(Boolean.FALSE, TraceReason.isReply(TraceReason.NEW));
    assertNull(TraceReason.isReply(TraceReason.UNKNOWN));
    assertEquals("NO_EGRESS_GATEWAY", DropReason.of(-194).hubbleName());
    assertEquals("No egress gateway found", DropReason.of(194).text());
    assertEquals("NO_MAPPING_FOR_NAT_MASQUERADE", DropReason.of(167).hubbleName());
    assertEquals("DROP_NO_EGRESS_IP", DropReason.of(204).hubbleName());
    assertEquals(-169, DropReason.DROP_NO_FIB.bpfValue());
    assertSame(DropReason.UNKNOWN, DropReason.of(250));
  }

  @Test
  void metricsCountByReasonAndDirection() {
    Metrics m = new Metrics();
    assertEquals(0, m.packets(194, Metrics.METRIC_EGRESS));
    m.update(194, Metrics.METRIC_EGRESS, 74);
    m.update(194, Metrics.METRIC_EGRESS, 60);
    m.update(167, Metrics.METRIC_EGRESS, 60);
    m.update(194, Metrics.METRIC_INGRESS, 60);
    assertEquals(2, m.packets(194, Metrics.METRIC_EGRESS));
    assertEquals(134, m.bytes(194, Metrics.METRIC_EGRESS));
    assertEquals(3, m.drops(194));
    assertEquals(3, m.snapshot().size());
    assertEquals(167, m.snapshot().get(0).reason());
  }
}
