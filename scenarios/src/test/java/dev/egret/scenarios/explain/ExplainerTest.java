package dev.egret.scenarios.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.datapath.net.Ip4;
import dev.egret.scenarios.load.ScenarioLoader;
import dev.egret.scenarios.model.Protocol;
import dev.egret.scenarios.model.Scenario;
import dev.egret.sim.Durations;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ExplainerTest {
  static Scenario load(String name) {
    Path dir =
        Files.isDirectory(Path.of("examples"))
            ? Path.of("examples")
            : Path.of("scenarios/examples");
    return ScenarioLoader.load(dir.resolve(name)).scenario();
  }

  @Test
  void explainsTheGatewayPathAndItsReply() {
    Explanation e =
        Explainer.explain(
            load("001-reschedule-keeps-egress-ip.yaml"),
            new ExplainRequest("default/my-app", Ip4.parse("198.51.100.10"), 80, Protocol.TCP, 0));
    String text = ExplanationText.render(e);
    assertEquals("FORWARDED", e.verdict());
    assertEquals("k8s-worker-2", e.gateway());
    assertTrue(e.replied());
    assertTrue(e.seenSource().startsWith("172.18.0.3:"), e.seenSource());
    // the map entry and its provenance, from the control plane's records
    assertTrue(
        text.contains("hits 10.0.0.2 → 198.51.100.0/24 : egress IP 0.0.0.0, gateway 172.18.0.3"),
        text);
    assertTrue(text.contains("policy egress-sample: selectors[0]"), text);
    assertTrue(text.contains("gateway: k8s-worker-2, the first by name"), text);
    // the tunnel with the pod's identity as VNI, and the reply with VNI 6
    assertTrue(text.contains("VXLAN 172.18.0.5 → 172.18.0.3 VNI 256"), text);
    assertTrue(text.contains("VXLAN 172.18.0.3 → 172.18.0.5 VNI 6"), text);
    // the SNAT choice at the gateway
    assertTrue(text.contains("egress gateway SNAT to the egress IP: 10.0.0.2:"), text);
    assertTrue(text.contains("snat_v4_new_mapping kept it"), text);
    // ends with the delivery to the pod
    Step last = e.steps().get(e.steps().size() - 1);
    assertTrue(last.reply());
    assertEquals("k8s-worker-1", last.where());
    assertTrue(last.what().startsWith("to-endpoint"), last.what());
  }

  @Test
  void explainsANoGatewayDrop() {
    Explanation e =
        Explainer.explain(
            load("006-gateway-failure.yaml"),
            new ExplainRequest(
                "default/app",
                Ip4.parse("203.0.113.80"),
                443,
                Protocol.TCP,
                Durations.seconds(16)));
    assertEquals("DROPPED", e.verdict());
    assertEquals("NO_EGRESS_GATEWAY", e.dropReason());
    assertNull(e.seenSource());
    String text = ExplanationText.render(e);
    assertTrue(text.contains("gateway 0.0.0.0 (Not Found)"), text);
    assertTrue(text.contains("no node matches egressGateway.nodeSelector"), text);
  }

  @Test
  void explainsAnExcludedCidrAndTheMasquerade() {
    Explanation e =
        Explainer.explain(
            load("003-policy-catalogue.yaml"),
            new ExplainRequest("production/web", Ip4.parse("172.16.5.5"), 8080, Protocol.TCP, 0));
    String text = ExplanationText.render(e);
    assertEquals("FORWARDED", e.verdict());
    assertEquals("worker-1", e.gateway());
    assertTrue(text.contains("spec.excludedCIDRs[1] = 172.16.0.0/12"), text);
    assertTrue(text.contains("BPF masquerade"), text);
  }

  @Test
  void aPodThatDoesNotRunGivesNoProbe() {
    Explanation e =
        Explainer.explain(
            load("001-reschedule-keeps-egress-ip.yaml"),
            new ExplainRequest("default/nope", Ip4.parse("198.51.100.10"), 80, Protocol.TCP, 0));
    assertNull(e.podIp());
    assertFalse(e.notes().isEmpty());
  }
}
