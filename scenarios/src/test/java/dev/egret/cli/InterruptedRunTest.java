package dev.egret.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code egret run --out DIR} interrupted in the middle, in a child JVM running the real command:
 * SIGTERM (what Ctrl-C and {@code kill} send) leaves neither {@code DIR} nor a temporary directory;
 * SIGKILL runs no shutdown hook and leaves only a hidden {@code .DIR.egret-tmp-<pid>-…}, never a
 * partial {@code DIR}, and the next run with the same {@code --out} removes it.
 */
class InterruptedRunTest {
  /** A load long enough in wall time to be caught writing flows. */
  static final String LONG_SCENARIO =
      """
      apiVersion: egret.dev/v1alpha1
      kind: Scenario
      metadata: {name: long-load}
      spec:
        nodes:
          - {name: worker-1, internalIP: 172.18.0.5}
        externals:
          - {name: echo, ip: 198.51.100.10, services: [{port: 80}]}
        pods:
          - {name: client, labels: {app: client}, node: worker-1}
        timeline:
          - at: 1s
            load: {from: default/client, to: echo:80, rate: 5000, duration: 60s}
      """;

  @TempDir Path dir;

  @Test
  void sigtermLeavesNothing() throws Exception {
    Path out = dir.resolve("out");
    Process p = startAndWaitForFlows(out);
    p.destroy(); // SIGTERM: shutdown hooks run
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the run stops");
    assertEquals(List.of("long.yaml"), list(dir), "no output directory, no temporary directory");
  }

  @Test
  void sigkillLeavesOnlyAHiddenLeftoverThatTheNextRunRemoves() throws Exception {
    Path out = dir.resolve("out");
    Process p = startAndWaitForFlows(out);
    p.destroyForcibly(); // SIGKILL: no hook runs
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    List<String> left = list(dir);
    assertFalse(left.contains("out"), "never a partial output directory: " + left);
    assertEquals(2, left.size(), left.toString());
    assertTrue(left.get(0).startsWith(".out.egret-tmp-" + p.pid() + "-"), left.toString());

    Path small = dir.resolve("small.yaml");
    Files.writeString(
        small,
        LONG_SCENARIO
            .replace("rate: 5000, duration: 60s", "rate: 10, duration: 1s")
            .replace("long-load", "short"));
    CommandLine cl = Main.commandLine();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(new StringWriter()));
    cl.setErr(new PrintWriter(err));
    assertEquals(
        Main.EXIT_OK,
        cl.execute("run", "-q", small.toString(), "--out", out.toString()),
        err.toString());
    assertEquals(List.of("long.yaml", "out", "small.yaml"), list(dir), "the leftover is gone");
    assertTrue(Files.exists(out.resolve("result.json")));
  }

  private Process startAndWaitForFlows(Path out) throws IOException, InterruptedException {
    Path scenario = dir.resolve("long.yaml");
    Files.writeString(scenario, LONG_SCENARIO);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-Xmx1g",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "run",
                "-q",
                scenario.toString(),
                "--out",
                out.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      Path temp = temporary();
      if (temp != null
          && Files.exists(temp.resolve("flows.jsonl"))
          && Files.size(temp.resolve("flows.jsonl")) > 100_000) {
        assertFalse(Files.exists(out), "nothing at the target while the run goes");
        return p;
      }
      assertTrue(p.isAlive(), "the run is still going");
      Thread.sleep(50);
    }
    p.destroyForcibly();
    throw new AssertionError("the run never wrote flows");
  }

  private Path temporary() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(x -> x.getFileName().toString().startsWith(".out.egret-tmp-"))
          .findFirst()
          .orElse(null);
    }
  }

  private static List<String> list(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(x -> x.getFileName().toString()).sorted().toList();
    }
  }
}
