package dev.egret.scenarios.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.scenarios.load.LoadResult;
import dev.egret.scenarios.load.ScenarioLoader;
import dev.egret.scenarios.output.ResultJson;
import dev.egret.scenarios.result.ConnectionResult;
import dev.egret.scenarios.result.RunResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each timeline event changes what the traffic after it sees, as Cilium would. */
class TimelineActionsTest {
  @TempDir Path dir;

  private static final String BASE =
      """
      apiVersion: egret.dev/v1alpha1
      kind: Scenario
      metadata: {name: actions}
      spec:
        seed: 11
        nodes:
          - {name: gw-a, internalIP: 172.18.0.2, labels: {egress: gw}}
          - {name: worker, internalIP: 172.18.0.3}
        externals:
          - {name: api, ip: 203.0.113.9, services: [{port: 443, app: echo-ip}]}
        pods:
          - {name: app, namespace: default, labels: {app: web}, node: worker}
        timeline:
      %s
      ---
      apiVersion: cilium.io/v2
      kind: CiliumEgressGatewayPolicy
      metadata: {name: web-egress}
      spec:
        selectors:
          - podSelector: {matchLabels: {app: web}}
        destinationCIDRs: ["203.0.113.0/24"]
        egressGateway:
          nodeSelector: {matchLabels: {egress: gw}}
      """;

  private RunResult run(String timeline) throws IOException {
    Path f = dir.resolve("s.yaml");
    Files.writeString(f, BASE.formatted(timeline.indent(4)));
    LoadResult lr = ScenarioLoader.load(f);
    assertTrue(lr.ok(), lr.problems().all().toString());
    return new ScenarioRun(lr.scenario(), RunOptions.DEFAULT, null).run().result();
  }

  private static ConnectionResult conn(RunResult r, int action) {
    List<ConnectionResult> c = r.actions().get(action).connections();
    assertEquals(1, c.size(), ResultJson.toJson(r));
    return c.get(0);
  }

  private static final String HTTP = "http: {from: default/app, to: api:443, timeout: 3s}";

  @Test
  void deletingThePolicyLetsTrafficLeaveThroughItsOwnNode() throws IOException {
    RunResult r =
        run(
            """
            - {at: 1s, %s}
            - {at: 5s, delete: {kind: CiliumEgressGatewayPolicy, name: web-egress}}
            - {at: 7s, %s}
            """
                .formatted(HTTP, HTTP));
    assertEquals("172.18.0.2", conn(r, 0).seenSource());
    assertEquals("172.18.0.3", conn(r, 2).seenSource());
    assertEquals("worker", conn(r, 2).gateway());
  }

  @Test
  void relabellingThePodTakesItOutOfThePolicy() throws IOException {
    RunResult r =
        run(
            """
            - {at: 1s, %s}
            - {at: 5s, label: {pod: default/app, set: {app: batch}}}
            - {at: 7s, %s}
            """
                .formatted(HTTP, HTTP));
    assertEquals("172.18.0.2", conn(r, 0).seenSource());
    assertEquals("172.18.0.3", conn(r, 2).seenSource());
  }

  @Test
  void aDownLinkLosesTrafficUntilItComesBack() throws IOException {
    RunResult r =
        run(
            """
            - {at: 1s, linkDown: {node: gw-a}}
            - {at: 2s, %s}
            - {at: 6s, linkUp: {node: gw-a}}
            - {at: 7s, %s}
            """
                .formatted(HTTP, HTTP));
    assertEquals("LOST", conn(r, 1).verdict());
    assertEquals("FORWARDED", conn(r, 3).verdict());
    assertEquals("172.18.0.2", conn(r, 3).seenSource());
  }

  @Test
  void aPartitionBetweenTheGatewayAndTheDestinationLosesTraffic() throws IOException {
    RunResult r =
        run(
            """
            - {at: 1s, linkDown: {between: [gw-a, api]}}
            - {at: 2s, %s}
            """
                .formatted(HTTP));
    assertEquals("LOST", conn(r, 1).verdict());
    assertEquals("gw-a", conn(r, 1).gateway(), "the gateway still sent it");
  }

  @Test
  void anAddedNodeBecomesTheGatewayWhenItSortsFirst() throws IOException {
    RunResult r =
        run(
            """
            - {at: 1s, %s}
            - {at: 3s, nodeAdd: {name: gw-0, internalIP: 172.18.0.9, labels: {egress: gw}}}
            - {at: 6s, %s}
            """
                .formatted(HTTP, HTTP));
    assertEquals("gw-a", conn(r, 0).gateway());
    assertEquals("gw-0", conn(r, 2).gateway(), "first by name among matching nodes");
    assertEquals("172.18.0.9", conn(r, 2).seenSource());
  }

  @Test
  void anAddedAddressIsNotUsedUntilGatewayConfigsAreRegenerated() throws IOException {
    // Reference cilium-control-plane.md §2.2: the agent does not re-derive the egress IP when an
    // address appears; only a policy or node event regenerates gateway configs.
    Path f = dir.resolve("s.yaml");
    String s =
        BASE.formatted(
                """
                - {at: 1s, %s}
                - {at: 3s, addressAdd: {node: gw-a, interface: eth0, address: 172.18.0.50/16}}
                - {at: 5s, %s}
                - {at: 6s, label: {node: gw-a, set: {touched: "yes"}}}
                - {at: 9s, %s}
                """
                    .formatted(HTTP, HTTP, HTTP)
                    .indent(4))
            .replace(
                "nodeSelector: {matchLabels: {egress: gw}}",
                "nodeSelector: {matchLabels: {egress: gw}}\n    egressIP: 172.18.0.50");
    Files.writeString(f, s);
    LoadResult lr = ScenarioLoader.load(f);
    assertTrue(lr.ok(), lr.problems().all().toString());
    RunResult r = new ScenarioRun(lr.scenario(), RunOptions.DEFAULT, null).run().result();
    // Before the address exists, 1.16 keeps the configured egressIP in the entry (≤1.17 egressIP
    // path) although no interface holds it; after the relabel the derivation finds it.
    assertEquals("172.18.0.50", conn(r, 4).seenSource(), ResultJson.toJson(r));
    assertTrue(conn(r, 4).replyReceived(), ResultJson.toJson(r));
  }
}
