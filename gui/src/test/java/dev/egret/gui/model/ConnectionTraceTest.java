package dev.egret.gui.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.datapath.net.Ip4;
import dev.egret.gui.Examples;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionTraceTest {
  private static final long S = 1_000_000_000L;

  @Test
  void traceOfATunnelledConnectionThroughTheGateway() {
    Recording r = Recorder.record(Examples.load(Examples.RESCHEDULE));
    long tag = r.hops().get(0).tag();
    List<TraceStep> steps = ConnectionTrace.of(r, tag);
    TraceStep first = steps.get(0);
    assertEquals("k8s-worker-1", first.where());
    assertEquals("from-endpoint", first.what());
    assertTrue(first.detail().startsWith("10.0.0.2:"), first.detail());
    assertEquals("to-overlay", steps.get(1).what());
    TraceStep wire =
        steps.stream().filter(s -> s.kind() == TraceStep.Kind.WIRE).findFirst().orElseThrow();
    assertTrue(wire.detail().startsWith("k8s-worker-1/eth0 → k8s-worker-2"), wire.detail());
    assertTrue(wire.detail().contains("in tunnel 172.18.0.5 → 172.18.0.3"), wire.detail());
    assertTrue(
        steps.stream()
            .anyMatch(
                s ->
                    s.where().equals("k8s-worker-2")
                        && s.what().equals("to-network")
                        && s.detail().contains("172.18.0.3:")
                        && s.detail().contains("SNAT: source was 10.0.0.2")));
    for (int i = 1; i < steps.size(); i++) {
      assertTrue(steps.get(i - 1).time() <= steps.get(i).time(), "in time order");
    }
  }

  @Test
  void traceEndsWithTheDrop() {
    Recording r = Recorder.record(Examples.load(Examples.GATEWAY_FAILURE));
    DropEvent d = r.drops().stream().filter(x -> !x.lost()).findFirst().orElseThrow();
    List<TraceStep> steps = ConnectionTrace.of(r, d.tag());
    assertTrue(
        steps.stream()
            .anyMatch(
                s -> s.kind() == TraceStep.Kind.DROP && s.what().equals("DROP NO_EGRESS_GATEWAY")),
        steps.toString());
    DropEvent lost = r.drops().stream().filter(DropEvent::lost).findFirst().orElseThrow();
    assertTrue(
        ConnectionTrace.of(r, lost.tag()).stream()
            .anyMatch(
                s -> s.kind() == TraceStep.Kind.LOST && s.detail().equals("node gw is down")));
  }

  @Test
  void explainRequestIsTheConnectionsFirstPacket() {
    Recording r = Recorder.record(Examples.load(Examples.RESCHEDULE));
    Connection c = r.connection(r.hops().get(0).tag());
    var req = c.explainRequest();
    assertEquals("default/my-app", req.pod());
    assertEquals(Ip4.parse("198.51.100.10"), req.dstIp());
    assertEquals(80, req.dstPort());
    assertEquals(dev.egret.scenarios.model.Protocol.TCP, req.protocol());
    assertEquals(2 * S, req.at());
  }
}
