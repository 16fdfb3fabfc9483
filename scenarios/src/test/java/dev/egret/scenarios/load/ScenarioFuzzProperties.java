package dev.egret.scenarios.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.egret.cli.Main;
import dev.egret.topology.yaml.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import picocli.CommandLine;

/**
 * Fuzzing the scenario loader, its validation and the run behind it with generated scenario
 * structures ({@link ScenarioGen}): valid ones must load without an error and run to a result;
 * structurally mutated ones (fields removed, renamed, duplicated, replaced by junk of every type)
 * and textually mutated ones (truncated, bad lines, random bytes, shifted indentation) must end
 * with a result or with located problems and exit code 2 — never an exception, never exit code 3.
 * Seeds are fixed, so a failure names its case.
 */
class ScenarioFuzzProperties {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Property(tries = 60, seed = "20251121")
  void generatedScenariosAreValidAndRun(@ForAll long seed) throws IOException {
    ScenarioGen.Docs d = ScenarioGen.valid(seed);
    withFile(
        d.yaml().getBytes(StandardCharsets.UTF_8),
        f -> {
          LoadResult r = ScenarioLoader.load(f, "fuzz.yaml");
          checkProblems(r, f);
          assertTrue(r.ok(), "seed " + seed + ":\n" + d.yaml() + "\n" + r.problems().all());
          run(f, seed);
        });
  }

  @Property(tries = 300, seed = "4242")
  void mutatedStructuresEndWithAResultOrLocatedErrors(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int mutations) throws IOException {
    ScenarioGen.Docs d = ScenarioGen.mutate(ScenarioGen.valid(seed), seed * 31 + 7, mutations);
    withFile(
        d.yaml().getBytes(StandardCharsets.UTF_8),
        f -> {
          LoadResult r = ScenarioLoader.load(f, "fuzz.yaml");
          checkProblems(r, f);
          Statistics.collect(r.ok() ? "loads and runs" : "refused");
          if (r.ok()) {
            run(f, seed);
          } else {
            validateRefuses(f);
          }
        });
  }

  @Property(tries = 250, seed = "777")
  void mutatedTextEndsWithAResultOrLocatedErrors(@ForAll long seed) throws IOException {
    byte[] text = ScenarioGen.mutateText(ScenarioGen.valid(seed).yaml(), seed);
    withFile(
        text,
        f -> {
          LoadResult r = ScenarioLoader.load(f, "fuzz.yaml");
          checkProblems(r, f);
          Statistics.collect(r.ok() ? "loads and runs" : "refused");
          if (r.ok()) {
            run(f, seed);
          } else {
            validateRefuses(f);
          }
        });
  }

  /** Problems are located in a real file and line, errors and the scenario exclude each other. */
  static void checkProblems(LoadResult r, Path f) {
    assertEquals(r.problems().hasErrors(), r.scenario() == null, r.problems().all().toString());
    long lines;
    try {
      lines = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).split("\n", -1).length;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Problem p : r.problems().all()) {
      String text = p.format();
      assertFalse(p.location().file().isEmpty() || p.location().file().equals("?"), text);
      assertTrue(p.location().line() >= 1 && p.location().column() >= 1, text);
      if (p.location().file().equals("fuzz.yaml")) {
        assertTrue(p.location().line() <= lines + 1, "line within the file: " + text);
      }
      assertFalse(p.message().isBlank(), text);
      assertFalse(text.contains("Exception") || text.contains("java."), "no Java in: " + text);
    }
  }

  /**
   * {@code egret validate} accepts it (building the cluster to time 0 for its warnings), and {@code
   * egret run} ends with a result: exit 0 or 1, a result document, nothing on stderr.
   */
  static void run(Path f, long seed) {
    StringWriter vout = new StringWriter();
    StringWriter verr = new StringWriter();
    CommandLine v = Main.commandLine();
    v.setOut(new PrintWriter(vout));
    v.setErr(new PrintWriter(verr));
    assertEquals(Main.EXIT_OK, v.execute("validate", f.toString()), "seed " + seed + "\n" + verr);
    assertEquals("", verr.toString(), "seed " + seed);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute("run", "-q", "--json", "--until", "15s", f.toString());
    assertTrue(
        code == Main.EXIT_OK || code == Main.EXIT_EXPECTATION_FAILED,
        "seed " + seed + ": exit " + code + "\n" + err);
    assertEquals("", err.toString(), "seed " + seed);
    try {
      JsonNode result = JSON.readTree(out.toString());
      assertNotNull(result.get("passed"), out.toString());
      assertEquals(code == Main.EXIT_OK, result.get("passed").asBoolean());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code egret validate} refuses with exit 2 and one located line per problem, no trace. */
  static void validateRefuses(Path f) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    assertEquals(Main.EXIT_INVALID, cl.execute("validate", f.toString()), err.toString());
    String[] lines = err.toString().split("\n");
    for (int i = 0; i < lines.length - 1; i++) {
      assertTrue(lines[i].matches(".+:\\d+:\\d+: .+"), "located: " + lines[i]);
    }
    assertTrue(
        lines[lines.length - 1].matches("\\d+ errors?, \\d+ warnings? in .+"), err.toString());
  }

  interface FileCheck {
    void accept(Path f) throws IOException;
  }

  static void withFile(byte[] content, FileCheck check) throws IOException {
    Path dir = Files.createTempDirectory("egret-fuzz");
    try {
      Path f = dir.resolve("fuzz.yaml");
      Files.write(f, content);
      check.accept(f);
    } finally {
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
