package dev.egret.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.bench.controlplane.EgressGatewayReconcile;
import dev.egret.bench.datapath.DatapathPacketBenchmark;
import dev.egret.bench.datapath.EgressPolicyLookupBenchmark;
import dev.egret.bench.run.RunEngineBenchmark;
import dev.egret.bench.sim.HoldModel;
import java.util.Collection;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The CI smoke pass of the JMH suite: every benchmark class runs one short measured iteration
 * in-process (no fork, no warm-up, 100 ms), so none rots between the real runs of BENCHMARKS.md.
 * Sizes are overridden where the real one takes long to set up (the hold model's 100,000 events,
 * the control plane's 150,000 pods). Not a measurement: the numbers are thrown away.
 */
class JmhSmokeTest {
  static java.util.stream.Stream<Arguments> benchmarks() {
    return java.util.stream.Stream.of(
        Arguments.of(HoldModel.class, Map.of("n", "1000")),
        Arguments.of(EgressPolicyLookupBenchmark.class, Map.of()),
        Arguments.of(DatapathPacketBenchmark.class, Map.of()),
        Arguments.of(EgressGatewayReconcile.class, Map.of("size", "small")),
        Arguments.of(RunEngineBenchmark.class, Map.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("benchmarks")
  void runsOneShortIteration(Class<?> benchmark, Map<String, String> params) throws Exception {
    ChainedOptionsBuilder o =
        new OptionsBuilder()
            .include("^" + java.util.regex.Pattern.quote(benchmark.getName()) + "\\.")
            .forks(0)
            .warmupIterations(0)
            .measurementIterations(1)
            .measurementTime(TimeValue.milliseconds(100))
            .shouldFailOnError(true)
            .verbosity(VerboseMode.SILENT);
    params.forEach(o::param);
    Collection<RunResult> results = new Runner(o.build()).run();
    assertFalse(results.isEmpty(), "no benchmark of " + benchmark.getName() + " ran");
    for (RunResult r : results) {
      double score = r.getPrimaryResult().getScore();
      assertTrue(
          score > 0 && !Double.isNaN(score),
          r.getParams().getBenchmark() + " " + r.getParams() + ": score " + score);
    }
  }
}
