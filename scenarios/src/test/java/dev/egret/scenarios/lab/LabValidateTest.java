package dev.egret.scenarios.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.egret.datapath.net.Ip4;
import dev.egret.scenarios.result.ConnectionResult;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code egret lab validate} on the example scenarios: the live outcome (real kernels at the pods
 * and externals, egret's datapath on the nodes' interfaces) equals the simulated one, connection by
 * connection. Needs root and the {@code ip} command; skipped otherwise.
 */
class LabValidateTest {
  @BeforeAll
  static void needsRoot() {
    String why = Lab.unavailable();
    assumeTrue(why == null, "lab tests skipped: " + why);
  }

  @AfterEach
  void nothingLeft() {
    LabTestSupport.assertNoLabLeft();
  }

  @Test
  void scenario001RescheduleKeepsTheEgressIpLiveToo(@TempDir Path out) {
    LabScenario ls = AddressMapTest.load("001-reschedule-keeps-egress-ip.yaml");
    Lab.Validation v = Lab.validate(ls, new LabRun.Options(1, out, true), null);
    assertTrue(v.same(), () -> LabReport.sideBySide(v.rows()));
    assertEquals(3, v.rows().size());
    // Real TCP through SNAT and reverse SNAT: the kernels at both ends completed the HTTP exchange,
    // and the echo-ip server reported the egress IP the gateway's SNAT wrote.
    for (ConnectionResult c : v.live().result().actions().get(0).connections()) {
      assertTrue(c.replyReceived(), "the pod got the HTTP response through reverse SNAT");
      assertEquals("172.18.0.3", c.seenSource());
    }
    String egressLab = Ip4.format(ls.map().toLab(Ip4.parse("172.18.0.3")));
    assertTrue(
        v.live().labConnections().get(0).contains("echo-ip body " + egressLab + ":"),
        v.live().labConnections().get(0));
    // The underlay capture, decoded by tshark: VXLAN on 8472 with the pod's identity as VNI.
    LabTestSupport.checkCapture(out.resolve(LabWorld.UNDERLAY_PCAP), ls, "k8s-worker-2", v);
  }

  @Test
  void scenario004LegacyNatPolicyLive() {
    LabScenario ls = AddressMapTest.load("004-k8s-guide-lab.yaml");
    Lab.Validation v = Lab.validate(ls, LabRun.Options.DEFAULT, null);
    assertTrue(v.same(), () -> LabReport.sideBySide(v.rows()));
    assertEquals(6, v.rows().size());
    assertTrue(v.live().result().passed(), () -> LabReport.run(v.live().result()));
  }

  @Test
  void scenario006GatewayFailureLive() {
    LabScenario ls = AddressMapTest.load("006-gateway-failure.yaml");
    Lab.Validation v = Lab.validate(ls, LabRun.Options.DEFAULT, null);
    assertTrue(v.same(), () -> LabReport.sideBySide(v.rows()));
    var conns = v.live().result().actions();
    assertEquals("LOST", conns.get(2).connections().get(0).verdict(), "the dead gateway");
    ConnectionResult dropped = conns.get(6).connections().get(0);
    assertEquals("DROPPED", dropped.verdict());
    assertEquals("NO_EGRESS_GATEWAY", dropped.dropReason());
    assertFalse(dropped.replyReceived());
    assertNotNull(v.live().result().drops().get("NO_EGRESS_GATEWAY"));
  }
}
