package dev.egret.scenarios.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.scenarios.result.ActionResult;
import dev.egret.scenarios.result.ConnectionResult;
import dev.egret.scenarios.result.ExpectationResult;
import dev.egret.scenarios.result.RunResult;
import dev.egret.scenarios.result.SnatPressure;
import dev.egret.scenarios.result.Stats;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class HumanReportTest {
  private static final ReportExtras EXTRAS =
      new ReportExtras(
          "my-app moves from worker-1 to worker-3; the echo service keeps seeing 172.18.0.3",
          412_000_000L,
          Path.of("/tmp/out"));

  @Test
  void smallResultGolden() {
    ConnectionResult ok =
        new ConnectionResult(
            "default/my-app",
            "10.0.1.12",
            "k8s-worker-1",
            "172.18.0.3",
            40112,
            "k8s-worker-2",
            ConnectionResult.FORWARDED,
            null,
            true,
            412L);
    ConnectionResult dropped =
        new ConnectionResult(
            "default/other-app-7f9c",
            "10.0.3.7",
            "k8s-worker-3",
            null,
            null,
            null,
            ConnectionResult.DROPPED,
            "NO_EGRESS_GATEWAY",
            false,
            null);
    TreeMap<String, Long> drops = new TreeMap<>();
    drops.put("NO_EGRESS_GATEWAY", 1L);
    TreeMap<String, SnatPressure> snat = new TreeMap<>();
    snat.put("k8s-worker-2", new SnatPressure(1, 0, 0));
    RunResult r =
        new RunResult(
            "reschedule-keeps-egress-ip",
            7,
            "1.16",
            false,
            List.of(
                new ActionResult(0, "0s", "http", "default/my-app", "172.18.0.100:80", List.of(ok)),
                new ActionResult(1, "5s", "reschedule", "default/my-app", null, List.of()),
                new ActionResult(
                    2, "7s", "http", "default/{app=x}", "172.18.0.100:80", List.of(ok, dropped))),
            List.of(
                new ExpectationResult(
                    "timeline[0].expect.seenSource", "172.18.0.3", "172.18.0.3", true),
                new ExpectationResult("expect[0].drops", "max 0 NO_EGRESS_GATEWAY", "1", false)),
            drops,
            snat,
            new Stats(1234, 18, 7_000_000_000L),
            List.of("policy.yaml:14:7: excludedCIDRs[0] is outside every destination CIDR"));

    String expected =
        """
        Scenario: reschedule-keeps-egress-ip
                  my-app moves from worker-1 to worker-3; the echo service keeps seeing 172.18.0.3
        Cilium:   1.16
        Seed:     7

        Expectations (1 of 2 held)
        RESULT   WHERE                           EXPECTED                  ACTUAL
        PASS     timeline[0].expect.seenSource   172.18.0.3                172.18.0.3
        FAIL     expect[0].drops                 max 0 NO_EGRESS_GATEWAY   1

        [0] at 0s http default/my-app -> 172.18.0.100:80: 1 connection, 1 succeeded
        POD              POD IP      NODE           SEEN SOURCE        GATEWAY        VERDICT     DROP REASON   REPLY   RTT
        default/my-app   10.0.1.12   k8s-worker-1   172.18.0.3:40112   k8s-worker-2   FORWARDED   -             yes     412us

        [1] at 5s reschedule default/my-app

        [2] at 7s http default/{app=x} -> 172.18.0.100:80: 2 connections, 1 succeeded
        POD                      POD IP      NODE           SEEN SOURCE        GATEWAY        VERDICT     DROP REASON         REPLY   RTT
        default/my-app           10.0.1.12   k8s-worker-1   172.18.0.3:40112   k8s-worker-2   FORWARDED   -                   yes     412us
        default/other-app-7f9c   10.0.3.7    k8s-worker-3   -                  -              DROPPED     NO_EGRESS_GATEWAY   no      -

        Drops by reason
        REASON              COUNT
        NO_EGRESS_GATEWAY   1

        SNAT pressure per gateway
        GATEWAY        MAPPINGS   MAX RETRIES   EXHAUSTED
        k8s-worker-2   1          0             0

        Warnings
        - policy.yaml:14:7: excludedCIDRs[0] is outside every destination CIDR

        FAILED: 1 of 2 expectations failed
        Stats: 1,234 events, 18 packet-hops, 7s simulated in 0.412s wall (43.7 packet-hops/s)
        Outputs: /tmp/out
        """;
    assertEquals(expected, HumanReport.render(r, EXTRAS));
  }

  @Test
  void aLoadWithThousandsOfConnectionsIsAggregated() {
    List<ConnectionResult> cs = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      String pod = "default/load-" + (i % 50);
      if (i % 200 == 199) {
        cs.add(
            new ConnectionResult(
                pod,
                "10.0.1." + (i % 50),
                "k8s-worker-1",
                null,
                null,
                null,
                ConnectionResult.DROPPED,
                "NO_MAPPING_FOR_NAT_MASQUERADE",
                false,
                null));
      } else if (i % 500 == 3) {
        cs.add(
            new ConnectionResult(
                pod,
                "10.0.1." + (i % 50),
                "k8s-worker-1",
                "172.18.0.3",
                32768 + i,
                "k8s-worker-2",
                ConnectionResult.FORWARDED,
                null,
                false,
                null));
      } else {
        cs.add(
            new ConnectionResult(
                pod,
                "10.0.1." + (i % 50),
                "k8s-worker-1",
                "172.18.0.3",
                32768 + i,
                "k8s-worker-2",
                ConnectionResult.FORWARDED,
                null,
                true,
                300L + i));
      }
    }
    RunResult r =
        new RunResult(
            "load",
            1,
            "1.16",
            true,
            List.of(new ActionResult(0, "1s", "load", "default/{app=load}", "1.2.3.4:80", cs)),
            List.of(),
            new TreeMap<>(),
            new TreeMap<>(),
            new Stats(10_000_000, 24_000_000, 21_000_000_000L),
            List.of());
    String text = HumanReport.render(r, new ReportExtras(null, 2_000_000_000L, null));
    assertTrue(
        text.contains(
            """
            [0] at 1s load default/{app=load} -> 1.2.3.4:80: 2000 connections, 1986 succeeded (99.30%)
            COUNT   VERDICT     SEEN SOURCE   GATEWAY        DROP REASON
            1990    FORWARDED   172.18.0.3    k8s-worker-2   -
            10      DROPPED     -             -              NO_MAPPING_FOR_NAT_MASQUERADE
            RTT: min 300us, median 1.298ms, max 2.298ms
            """),
        text);
    assertFalse(text.contains("default/load-7"), "no per-connection rows");
    assertTrue(text.contains("Expectations: none\n"), text);
    assertTrue(text.contains("Drops by reason: none\n"), text);
    assertTrue(text.contains("PASSED: no expectations to check\n"), text);
    assertTrue(
        text.contains(
            "Stats: 10,000,000 events, 24,000,000 packet-hops, 21s simulated in 2.000s wall"
                + " (12,000,000 packet-hops/s)\n"),
        text);
    assertFalse(text.contains("Outputs:"), text);
  }

  @Test
  void twentyConnectionsAreStillListed() {
    List<ConnectionResult> cs = new ArrayList<>();
    for (int i = 0; i < HumanReport.AGGREGATE_ABOVE; i++) {
      cs.add(
          new ConnectionResult(
              "default/p" + i, "10.0.0." + i, "n", "1.1.1.1", 1, "g", "FORWARDED", null, true, 1L));
    }
    RunResult r =
        new RunResult(
            "s",
            1,
            "1.16",
            true,
            List.of(new ActionResult(0, "0s", "tcp", "default/{a=b}", "1.2.3.4:80", cs)),
            List.of(new ExpectationResult("timeline[0].expect.succeeded", "20", "20", true)),
            new TreeMap<>(),
            new TreeMap<>(),
            new Stats(0, 0, 0),
            List.of());
    String text = HumanReport.render(r, new ReportExtras("", 0, null));
    assertTrue(text.contains("default/p19"), text);
    assertTrue(text.contains("(n/a packet-hops/s)"), text);
    assertTrue(text.contains("PASSED: every expectation held\n"), text);
  }

  @Test
  void tablesPadLikeKubectl() {
    StringBuilder sb = new StringBuilder();
    new TextTable("NAME", "READY", "STATUS")
        .row("a", "1/1", "Running")
        .row("much-longer-name", null, "Pending")
        .appendTo(sb);
    assertEquals(
        "NAME               READY   STATUS\n"
            + "a                  1/1     Running\n"
            + "much-longer-name   -       Pending\n",
        sb.toString());
  }

  @Test
  void aFloodOfWarningsIsCutAtFiftyAndCounted() {
    List<String> warnings = new java.util.ArrayList<>();
    for (int i = 0; i < 1234; i++) {
      warnings.add("pod default/p-" + i + " is pending: node n has no free pod IP");
    }
    RunResult r =
        new RunResult(
            "flood",
            1,
            "1.16",
            true,
            List.of(),
            List.of(),
            new TreeMap<>(),
            new TreeMap<>(),
            new Stats(1, 0, 0),
            warnings);
    String text = HumanReport.render(r, EXTRAS);
    assertTrue(text.contains("- pod default/p-49 is pending"), text);
    assertFalse(text.contains("- pod default/p-50 is pending"), text);
    assertTrue(
        text.contains(
            "- ... and 1,184 more (run --json or --out DIR writes them all to result.json)\n"),
        text);
  }
}
