package dev.egret.scenarios.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.egret.cli.Main;
import dev.egret.scenarios.load.LoadResult;
import dev.egret.scenarios.load.ScenarioLoader;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The lab's life cycle: every traffic kind live equals the simulation; {@code lab up}, a run in the
 * lab that is up, {@code lab down}; and no namespace or link left after a failure or Ctrl-C. Needs
 * root and the {@code ip} command; skipped otherwise.
 */
class LabLifecycleTest {
  static final Path TRAFFIC = Path.of("src/test/resources/lab/lab-traffic.yaml");
  static final Path SNAT = Path.of("src/test/resources/lab/lab-snat-exhaustion.yaml");

  @BeforeAll
  static void needsRoot() {
    String why = Lab.unavailable();
    assumeTrue(why == null, "lab tests skipped: " + why);
  }

  @AfterEach
  void nothingLeft() {
    LabRun.failpoint = stage -> {};
    LabTestSupport.assertNoLabLeft();
  }

  static LabScenario traffic() {
    LoadResult r = ScenarioLoader.load(TRAFFIC);
    assertTrue(r.ok(), r.problems().toString());
    return LabScenario.of(r.scenario());
  }

  @Test
  void everyTrafficKindLiveEqualsTheSimulation() {
    Lab.Validation v = Lab.validate(traffic(), LabRun.Options.DEFAULT, null);
    assertTrue(v.same(), () -> LabReport.sideBySide(v.rows()));
    assertEquals(25, v.rows().size(), "2 http, udp, ping, tcp and 20 load connections");
    assertTrue(v.live().result().passed(), () -> LabReport.run(v.live().result()));
  }

  @Test
  void snatExhaustionLiveEqualsTheSimulationAndIsJudgedAlike() {
    LoadResult r = ScenarioLoader.load(SNAT);
    assertTrue(r.ok(), r.problems().toString());
    Lab.Validation v = Lab.validate(LabScenario.of(r.scenario()), LabRun.Options.DEFAULT, null);
    // Which connections win the three ports is decided by randomness (the pods' source ports and
    // the SNAT draws differ live), so the two sides are compared by count, not connection by
    // connection: three forwarded, seven dropped for NO_MAPPING, on both.
    for (boolean lab : new boolean[] {false, true}) {
      long forwarded =
          v.rows().stream()
              .filter(row -> (lab ? row.lab() : row.sim()).verdict().equals("FORWARDED"))
              .count();
      long noMapping =
          v.rows().stream()
              .filter(
                  row ->
                      "NO_MAPPING_FOR_NAT_MASQUERADE"
                          .equals((lab ? row.lab() : row.sim()).dropReason()))
              .count();
      assertEquals(3, forwarded, () -> LabReport.sideBySide(v.rows()));
      assertEquals(7, noMapping, () -> LabReport.sideBySide(v.rows()));
    }
    var live = v.live().result();
    assertTrue(live.passed(), () -> LabReport.run(live));
    // every SNAT expectation is judged live too, the mappings in use at the first failure included
    var first =
        live.expectations().stream()
            .filter(e -> e.where().equals("expect[1].snat[gateway].inUseAtFirstExhaustion"))
            .findFirst();
    assertTrue(first.isPresent(), () -> LabReport.run(live));
    assertEquals("3", first.get().actual());
    assertEquals(3L, live.snat().get("gateway").inUseAtFirstExhaustion());
    assertEquals(3L, live.snat().get("gateway").mappings());
  }

  @Test
  void aFailureDuringTheRunRemovesEverything() {
    for (String stage : List.of("started", "replayed")) {
      LabRun.failpoint =
          s -> {
            if (s.equals(stage)) {
              throw new IllegalStateException("injected failure at " + s);
            }
          };
      var e =
          assertThrows(
              IllegalStateException.class,
              () -> new LabRun(traffic(), LabRun.Options.DEFAULT, null).run());
      assertEquals("injected failure at " + stage, e.getMessage());
      LabTestSupport.assertNoLabLeft();
    }
  }

  @Test
  void ctrlCRemovesEverything() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "dev.egret.cli.Main",
                "lab",
                "run",
                Path.of("examples/006-gateway-failure.yaml").toString())
            .redirectErrorStream(true)
            .start();
    boolean ready = false;
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline && (line = r.readLine()) != null) {
        if (line.contains("replaying the timeline")) {
          ready = true;
          break;
        }
      }
      assertTrue(ready, "the lab came up in the child process");
      assertFalse(LabNetwork.existingLabNamespaces().isEmpty());
      Sh.run("kill", "-INT", Long.toString(p.pid()));
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the child exits on Ctrl-C");
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void upRunDown() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    String file = TRAFFIC.toString();
    try {
      assertEquals(0, cl.execute("lab", "up", file), err::toString);
      assertTrue(out.toString().contains("198.19.0.2"), out::toString);
      LabState.Up up = LabState.read();
      assertNotNull(up);
      assertEquals("lab-traffic", up.scenarioName());
      assertTrue(LabNetwork.existingLabNamespaces().contains(LabNetwork.podNs("default/app")));
      // A second lab cannot come up over it.
      assertEquals(2, cl.execute("lab", "up", file));
      // A run reuses it and leaves it up.
      assertEquals(0, cl.execute("lab", "run", file), () -> out + "\n" + err);
      assertTrue(out.toString().contains("PASSED"), out::toString);
      assertTrue(LabNetwork.existingLabNamespaces().contains(LabNetwork.nodeNs("gw")));
      assertNotNull(LabState.read());
    } finally {
      assertEquals(0, cl.execute("lab", "down"), err::toString);
    }
    assertNull(LabState.read());
  }
}
