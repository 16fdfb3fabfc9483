package dev.egret.gui.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.datapath.net.Ip4;
import dev.egret.gui.Examples;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RecorderTest {
  private static final long S = 1_000_000_000L;
  private static Recording r001;
  private static Recording r006;

  @BeforeAll
  static void record() {
    r001 = Recorder.record(Examples.load(Examples.RESCHEDULE));
    r006 = Recorder.record(Examples.load(Examples.GATEWAY_FAILURE));
  }

  private static List<String> podsOn(TopologyFrame f, String node) {
    return f.node(node).pods().stream().map(PodState::key).toList();
  }

  @Test
  void podsMoveWithTheReschedule() {
    assertEquals(
        List.of("default/my-app", "default/other-app"),
        podsOn(r001.frameAt(4 * S), "k8s-worker-1"));
    assertEquals(List.of(), podsOn(r001.frameAt(4 * S), "k8s-worker-3"));
    assertEquals(List.of("default/other-app"), podsOn(r001.frameAt(5 * S), "k8s-worker-1"));
    assertEquals(List.of("default/my-app"), podsOn(r001.frameAt(5 * S), "k8s-worker-3"));
  }

  @Test
  void gatewayCarriesItsEgressIpAndPolicy() {
    NodeState gw = r001.frameAt(2 * S).node("k8s-worker-2");
    assertTrue(gw.isGateway());
    assertEquals(List.of(Ip4.parse("172.18.0.3")), gw.egressIps());
    assertEquals(List.of("egress-sample"), gw.policies());
    assertFalse(r001.frameAt(2 * S).node("k8s-worker-1").isGateway());
    assertEquals(List.of("k8s-worker-2"), r001.gatewaysEver());
  }

  @Test
  void gatewayStopsBeingOneWhenItsLabelGoes() {
    assertTrue(r006.frameAt(14 * S).node("gw").isGateway());
    assertFalse(r006.frameAt(16 * S).node("gw").isGateway());
  }

  @Test
  void nodeDownAndUpAreFramed() {
    assertTrue(r006.frameAt(4 * S).node("gw").up());
    assertFalse(r006.frameAt(5 * S).node("gw").up());
    assertFalse(r006.frameAt(11 * S).node("gw").up());
    assertTrue(r006.frameAt(12 * S).node("gw").up());
  }

  @Test
  void tunnelCarriesTrafficOnlyWhileItFlows() {
    long during = r001.hops().get(0).time() + 1;
    assertEquals(Set.of(new Tunnel("k8s-worker-1", "k8s-worker-2")), r001.tunnelsAt(during, 0));
    assertEquals(Set.of(), r001.tunnelsAt(S, S / 2));
    long later = 8 * S + 10_000; // the first tunnelled SYN, 50 µs on the wire
    assertEquals(Set.of(new Tunnel("k8s-worker-2", "k8s-worker-3")), r001.tunnelsAt(later, 0));
  }

  @Test
  void hopsAreDecodedWithTheirTunnel() {
    HopEvent first = r001.hops().get(0);
    assertEquals("k8s-worker-1", first.from());
    assertEquals("k8s-worker-2", first.to());
    assertTrue(first.frame().tunnel());
    assertEquals(Ip4.parse("172.18.0.5"), first.frame().outerSrc());
    assertEquals(Ip4.parse("198.51.100.10"), first.frame().dst());
    Connection c = r001.connection(first.tag());
    assertNotNull(c);
    assertEquals("default/my-app", c.pod());
    assertEquals(80, c.serverPort());
    // Leaving the gateway, the frame carries the egress IP: SNATed.
    HopEvent out =
        r001.hopsOf(first.tag()).stream()
            .filter(h -> h.from().equals("k8s-worker-2") && h.to().equals("router"))
            .findFirst()
            .orElseThrow();
    assertTrue(c.isTranslated(out.frame()));
    assertEquals(Ip4.parse("172.18.0.3"), c.podSideAddress(out.frame()));
    assertFalse(c.isTranslated(first.frame()));
  }

  @Test
  void dropsAndLossesAreRecordedWhereTheyHappen() {
    List<DropEvent> drops = r006.drops();
    assertTrue(drops.stream().anyMatch(d -> d.lost() && d.where().equals("gw")));
    DropEvent drop = drops.stream().filter(d -> !d.lost()).findFirst().orElseThrow();
    assertEquals("worker", drop.where());
    assertEquals("NO_EGRESS_GATEWAY", drop.reason());
    assertEquals(17 * S, drop.time());
    assertEquals(
        List.of(drop), r006.dropsIn(17 * S - 1, 17 * S).stream().filter(d -> !d.lost()).toList());
  }

  @Test
  void stepsGoFromEventToEvent() {
    long first = r001.nextEventAfter(0);
    assertEquals(2 * S, first, "the first actions are at 2s");
    long second = r001.nextEventAfter(first);
    assertTrue(second > first);
    assertEquals(first, r001.previousEventBefore(second));
  }

  @Test
  void snatSamplesFollowTheGateway() {
    List<SnatSample> gw = r001.snat().get("k8s-worker-2");
    assertNotNull(gw);
    SnatSample last = gw.get(gw.size() - 1);
    assertEquals(2, last.allocations(), "two connections through the gateway");
    assertEquals(0, last.failed());
  }

  @Test
  void sameScenarioSameRecording() {
    Recording again = Recorder.record(Examples.load(Examples.RESCHEDULE));
    assertEquals(r001.frames(), again.frames());
    assertEquals(r001.hops().size(), again.hops().size());
    assertEquals(r001.flows().size(), again.flows().size());
  }
}
