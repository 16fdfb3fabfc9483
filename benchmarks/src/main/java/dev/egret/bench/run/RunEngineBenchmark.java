package dev.egret.bench.run;

import dev.egret.scenarios.generate.ScenarioGenerator;
import dev.egret.scenarios.load.LoadResult;
import dev.egret.scenarios.load.ScenarioLoader;
import dev.egret.scenarios.model.Scenario;
import dev.egret.scenarios.result.RunResult;
import dev.egret.scenarios.run.RunOptions;
import dev.egret.scenarios.run.ScenarioRun;
import dev.egret.sim.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The whole run engine, warm: one operation replays a whole scenario in-process (world set-up at
 * time 0, every event to the horizon, evaluation into the result document), as {@code egret run}
 * does after the JVM has warmed up. The secondary metric {@code hops} is simulated packet-hops per
 * second (link transmissions plus pod↔node hand-offs), the figure of the report's stats line.
 *
 * <ul>
 *   <li>{@code snat-exhaustion}: the {@code 005-snat-port-exhaustion} example (2,000 connections
 *       through a 1,024-port SNAT range, 32,378 packet-hops, 82 s simulated);
 *   <li>{@code snat-exhaustion-at-scale}: the {@code 007-snat-exhaustion-at-scale} example (120,000
 *       connections, 454,639 NO_MAPPING drops, 1.13 M packet-hops, 672 s simulated), the SNAT
 *       exhaustion example whose rate issue 5's target is about;
 *   <li>{@code load}: a generated cluster (40 nodes, 4 gateways, 40 policies) with 5,000 TCP
 *       connections of 100 ms, all succeeding.
 * </ul>
 *
 * <p>No peer exists for a whole egress-gateway simulation; the ratio worth watching is against the
 * same benchmark on an earlier commit.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RunEngineBenchmark {
  @Param({"snat-exhaustion", "snat-exhaustion-at-scale", "load"})
  public String workload;

  private Scenario scenario;

  /** Packet-hops per second, reported next to runs per second. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Hops {
    public long hops;
  }

  @Setup(Level.Trial)
  public void load() throws IOException {
    Path dir = Files.createTempDirectory("egret-bench");
    Path f = dir.resolve(workload + ".yaml");
    String example =
        switch (workload) {
          case "snat-exhaustion" -> "005-snat-port-exhaustion.yaml";
          case "snat-exhaustion-at-scale" -> "007-snat-exhaustion-at-scale.yaml";
          default -> null;
        };
    if (example != null) {
      try (InputStream in = RunEngineBenchmark.class.getResourceAsStream(example)) {
        Files.write(f, in.readAllBytes());
      }
    } else {
      Files.writeString(
          f,
          ScenarioGenerator.generate(
              new ScenarioGenerator.Params(
                  1, 40, 4, 10, 10, 40, 4, 5_000, 2_000, Durations.millis(100))));
    }
    LoadResult r = ScenarioLoader.load(f);
    if (r.problems().errorCount() > 0) {
      throw new IllegalStateException(r.problems().sorted().toString());
    }
    scenario = r.scenario();
    Files.delete(f);
    Files.delete(dir);
  }

  @Benchmark
  public RunResult run(Hops h) {
    RunResult res = new ScenarioRun(scenario, RunOptions.DEFAULT, null).run().result();
    if (!res.passed()) {
      throw new UncheckedIOException(new IOException("the benchmark scenario failed"));
    }
    h.hops += res.stats().packets();
    return res;
  }
}
