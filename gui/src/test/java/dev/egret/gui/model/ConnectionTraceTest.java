package dev.egret.gui.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.datapath.net.Ip4;
import dev.egret.gui.Examples;
import dev.egret.scenarios.model.Scenario;
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
  void explanationNamesPolicyGatewayAndEgressIp() {
    Scenario s = Examples.load(Examples.RESCHEDULE);
    int pod = Ip4.parse("10.0.0.2");
    int echo = Ip4.parse("198.51.100.10");
    List<String> lines =
        ExplanationText.lines(StateProbe.explain(s, 2 * S, "k8s-worker-1", pod, echo), pod, echo);
    String text = String.join("\n", lines);
    assertTrue(text.contains("entry for 10.0.0.2 → 198.51.100.10"), text);
    assertTrue(text.contains("policy egress-sample"), text);
    assertTrue(text.contains("spec.destinationCIDRs[1] = 198.51.100.0/24"), text);
    assertTrue(text.contains("gateway k8s-worker-2 172.18.0.3 (InternalIP)"), text);
    assertTrue(text.contains("egress IP 172.18.0.3 on k8s-worker-2 via eth0"), text);
    int other = Ip4.parse("10.0.0.3");
    String none =
        String.join(
            "\n",
            ExplanationText.lines(
                StateProbe.explain(s, 2 * S, "k8s-worker-1", other, echo), other, echo));
    assertTrue(none.contains("no entry matches 10.0.0.3 → 198.51.100.10"), none);
  }

  @Test
  void notFoundGatewayIsExplained() {
    Scenario s = Examples.load(Examples.GATEWAY_FAILURE);
    int pod = Ip4.parse("10.0.1.2");
    int api = Ip4.parse("203.0.113.80");
    String text =
        String.join(
            "\n",
            ExplanationText.lines(StateProbe.explain(s, 17 * S, "worker", pod, api), pod, api));
    assertTrue(text.contains("0.0.0.0 (Not Found: drop NO_EGRESS_GATEWAY)"), text);
    assertTrue(text.contains("no node matches the gateway's nodeSelector"), text);
  }
}
