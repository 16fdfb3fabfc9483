package dev.egret.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.egret.scenarios.load.LoadResult;
import dev.egret.scenarios.load.MemoryEstimate;
import dev.egret.scenarios.load.ScenarioLoader;
import dev.egret.sim.Durations;
import dev.egret.topology.generate.ClusterGenerator;
import dev.egret.topology.yaml.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Bounded resources: traffic that would never end stops at {@code --until} or at its own durations;
 * a scenario too large for the heap is refused before anything is built, naming the size asked for
 * and the limit; the heap it names is enough; running out of memory anyway ends with a message,
 * never a bare trace.
 */
class BoundedResourcesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MIB = 1L << 20;

  static final String NEVER_ENDS =
      """
      apiVersion: egret.dev/v1alpha1
      kind: Scenario
      metadata: {name: never-ends}
      spec:
        nodes:
          - {name: worker-1, internalIP: 172.18.0.5}
        externals:
          - {name: echo, ip: 198.51.100.10, services: [{port: 80}]}
        pods:
          - {name: client, labels: {app: client}, node: worker-1}
        timeline:
          - at: 1s
            tcp: {from: default/client, to: echo:80, hold: 10000h}
          - at: 1s
            ping: {from: default/client, to: echo, count: 1000000}
          - at: 2s
            load: {from: default/client, to: echo:80, rate: 10, duration: 1000h}
      """;

  @TempDir Path dir;

  record Result(int code, String out, String err) {}

  private static Result egret(String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void untilStopsTrafficThatWouldNeverEnd() throws IOException {
    Path f = Files.writeString(dir.resolve("never.yaml"), NEVER_ENDS);
    Result r =
        assertTimeoutPreemptively(
            Duration.ofSeconds(60), () -> egret("run", "--json", "--until", "5s", f.toString()));
    assertEquals(Main.EXIT_OK, r.code(), r.err());
    JsonNode result = JSON.readTree(r.out());
    assertEquals(Durations.seconds(5), result.get("stats").get("simulatedNanos").asLong());
    // 36,000,000 connections over 1000h would be refused; until 5s only those of 2s to 5s
    // (inclusive, 10 a second) are ever started
    assertEquals(31, result.get("actions").get(2).get("connections").size());
  }

  @Test
  void withoutUntilARunEndsAtItsLongestDuration() throws IOException {
    Path f =
        Files.writeString(
            dir.resolve("hold.yaml"), NEVER_ENDS.replace("duration: 1000h", "duration: 1h"));
    Result r =
        assertTimeoutPreemptively(
            Duration.ofSeconds(120), () -> egret("run", "--json", f.toString()));
    assertEquals(Main.EXIT_OK, r.code(), r.err());
    JsonNode result = JSON.readTree(r.out());
    // the tcp action: at 1s + 10s timeout + 10000h hold, then one grace second
    long end = Durations.seconds(1 + 10 + 1) + 10000 * Durations.HOUR;
    assertEquals(end, result.get("stats").get("simulatedNanos").asLong());
  }

  @Test
  void aLoadBeyondTheHeapIsRefusedUnlessUntilCutsIt() throws IOException {
    Path f = Files.writeString(dir.resolve("never.yaml"), NEVER_ENDS);
    LoadResult whole = ScenarioLoader.load(f, "never.yaml", 4L << 30);
    assertFalse(whole.ok());
    assertEquals(
        List.of(
            "never.yaml:17:13: spec.timeline[2].load: this scenario needs about 34.4 GiB of heap"
                + " (36,000,000 connections from spec.timeline[2].load: 34.3 GiB) but the JVM may"
                + " use at most 4.0 GiB; raise the limit with EGRET_JAVA_OPTS=-Xmx35g, or make the"
                + " scenario smaller"),
        whole.problems().all().stream().map(Problem::format).toList());
    assertTrue(ScenarioLoader.load(f, "never.yaml", 4L << 30, Durations.seconds(60)).ok());
  }

  /** The issue's scale: 5,000 nodes, 150,000 pods, 2,000 policies fit in 4 GiB, not in 256 MiB. */
  @Test
  void theIssueScaleFitsInFourGibibytesAndIsRefusedInTwoHundredFiftySixMebibytes()
      throws IOException {
    Path f = GeneratedScenario.write(dir.resolve("large.yaml"), ClusterGenerator.Size.LARGE, "");
    assertTrue(ScenarioLoader.load(f, "large.yaml", 4L << 30).ok());
    LoadResult small = ScenarioLoader.load(f, "large.yaml", 256 * MIB);
    assertEquals(
        List.of(
            "large.yaml:1:1: this scenario needs about 675 MiB of heap (150,000 pods: 439 MiB;"
                + " 5,000 nodes: 156 MiB) but the JVM may use at most 256 MiB; raise the limit"
                + " with EGRET_JAVA_OPTS=-Xmx768m, or make the scenario smaller"),
        small.problems().all().stream().map(Problem::format).toList());
  }

  /**
   * The heap the refusal names is enough: a generated cluster refused in 128 MiB runs, in a child
   * JVM, with exactly the {@code -Xmx} the message suggests.
   */
  @Test
  void theSuggestedHeapIsEnough() throws Exception {
    Path f =
        GeneratedScenario.write(
            dir.resolve("mid.yaml"),
            new ClusterGenerator.Size(1000, 30_000, 400),
            "    - at: 1s\n"
                + "      load: {from: {namespace: ns-000, selector: \"app=client-0\"}, to: echo:80,"
                + " rate: 1000, duration: 30s}\n");
    LoadResult refused = ScenarioLoader.load(f, "mid.yaml", 128 * MIB);
    assertFalse(refused.ok());
    String message = refused.problems().errors().get(0).format();
    Matcher m = Pattern.compile("EGRET_JAVA_OPTS=(-Xmx\\w+)").matcher(message);
    assertTrue(m.find(), message);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                m.group(1),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "run",
                "-q",
                f.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(300, TimeUnit.SECONDS));
    assertEquals(Main.EXIT_OK, p.exitValue(), m.group(1) + ": " + output);
  }

  @Test
  void aYamlFileTooLargeToReadIsRefusedBeforeReading() throws IOException {
    Path f = Files.writeString(dir.resolve("big.yaml"), "# " + "x".repeat(4 << 20) + "\n");
    LoadResult r = ScenarioLoader.load(f, "big.yaml", 64 * MIB);
    assertEquals(
        List.of(
            "big.yaml:1:1: the file is 4 MiB; reading it needs about 192 MiB of heap (running it"
                + " needs more) but the JVM may use at most 64 MiB; raise the limit with"
                + " EGRET_JAVA_OPTS=-Xmx256m"),
        r.problems().all().stream().map(Problem::format).toList());
  }

  @Command(name = "oom")
  static final class OutOfMemory implements Callable<Integer> {
    @Override
    public Integer call() {
      throw new OutOfMemoryError("Java heap space");
    }
  }

  @Command(name = "overflow")
  static final class Overflow implements Callable<Integer> {
    @Override
    public Integer call() {
      throw new StackOverflowError();
    }
  }

  @Test
  void runningOutOfMemoryEndsWithAMessageAndExitCodeTwo() {
    CommandLine cl = Main.commandLine();
    cl.addSubcommand(new OutOfMemory());
    cl.addSubcommand(new Overflow());
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    assertEquals(Main.EXIT_INVALID, cl.execute("oom"));
    String heap = MemoryEstimate.size(Runtime.getRuntime().maxMemory());
    assertTrue(
        err.toString()
            .startsWith(
                "egret: out of memory: this scenario needs more than the "
                    + heap
                    + " of heap the JVM may use; nothing was written. Raise the limit with"
                    + " EGRET_JAVA_OPTS=-Xmx"),
        err.toString());
    assertFalse(err.toString().contains("\tat "), "no stack trace");
    StringWriter err2 = new StringWriter();
    cl.setErr(new PrintWriter(err2));
    assertEquals(Main.EXIT_INTERNAL, cl.execute("overflow"));
    assertTrue(err2.toString().startsWith("egret: internal error: java.lang.StackOverflowError"));
  }

  /** A run whose flows would surely not fit where --out points is refused before it starts. */
  @Test
  void outputsThatCannotFitAreRefusedBeforeTheRun() throws IOException {
    assertEquals(null, MemoryEstimate.outputSpaceProblem(2000, 1L << 30));
    assertEquals(
        "the flows of this run need about 22.9 GiB (1,000,000 connections, at least 24 KiB of"
            + " Hubble JSON each) but only 10.0 GiB are free there; free some space, choose"
            + " another --out, or run without --out",
        MemoryEstimate.outputSpaceProblem(1_000_000, 10L << 30));
    Path f = Files.writeString(dir.resolve("never.yaml"), NEVER_ENDS);
    LoadResult r = ScenarioLoader.load(f, "never.yaml", Long.MAX_VALUE);
    // 1 tcp + 1 ping + 10/s for 1000h
    assertEquals(2 + 36_000_000, MemoryEstimate.connections(r.scenario(), -1));
    assertEquals(2 + 31, MemoryEstimate.connections(r.scenario(), Durations.seconds(5)));
  }
}
