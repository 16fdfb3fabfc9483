package dev.egret.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.scenarios.load.MemoryEstimate;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * The bad-input catalogue: every file of {@code src/test/resources/bad-inputs} goes through {@code
 * egret validate}, and what egret prints on stderr and stdout, and its exit code, must be exactly
 * what {@code bad-inputs/CATALOGUE.md} says. The catalogue is the table of this test and the
 * documentation of egret's messages at once: a section per file, {@code ## NNN-name.yaml}, a line
 * {@code `egret validate NNN-name.yaml` exits N.}, and fenced blocks {@code stderr} and {@code
 * stdout} (absent means empty). Paths are written as if egret ran in that directory; {@code
 * {maxHeap}} stands for this JVM's heap limit.
 */
class BadInputCatalogueTest {
  static final Path DIR =
      Files.isDirectory(Path.of("src/test/resources/bad-inputs"))
          ? Path.of("src/test/resources/bad-inputs")
          : Path.of("scenarios/src/test/resources/bad-inputs");

  private static final Pattern COMMAND = Pattern.compile("^`egret (\\S+) (.+)` exits (\\d)\\.$");

  /** One section of the catalogue. */
  record Case(
      String file, String command, List<String> args, int exit, String stderr, String stdout) {
    @Override
    public String toString() {
      return file;
    }
  }

  static List<Case> cases() throws IOException {
    List<String> lines = Files.readAllLines(DIR.resolve("CATALOGUE.md"), StandardCharsets.UTF_8);
    List<Case> out = new ArrayList<>();
    String file = null;
    String command = null;
    List<String> args = null;
    int exit = -1;
    Map<String, StringBuilder> blocks = new TreeMap<>();
    String block = null;
    for (String line : lines) {
      if (block != null) {
        if (line.equals("```")) {
          block = null;
        } else {
          blocks.get(block).append(line).append('\n');
        }
        continue;
      }
      if (line.startsWith("## ")) {
        if (file != null) {
          out.add(finish(file, command, args, exit, blocks));
        }
        file = line.substring(3).trim();
        command = null;
        exit = -1;
        blocks = new TreeMap<>();
        continue;
      }
      Matcher m = COMMAND.matcher(line);
      if (m.matches()) {
        command = m.group(1);
        args = List.of(m.group(2).split(" "));
        exit = Integer.parseInt(m.group(3));
      } else if (line.equals("```stderr") || line.equals("```stdout")) {
        block = line.substring(3);
        blocks.put(block, new StringBuilder());
      }
    }
    if (file != null) {
      out.add(finish(file, command, args, exit, blocks));
    }
    return out;
  }

  private static Case finish(
      String file, String command, List<String> args, int exit, Map<String, StringBuilder> b) {
    assertTrue(command != null && exit >= 0, file + ": no `egret ...` exits N. line");
    return new Case(
        file,
        command,
        args,
        exit,
        b.containsKey("stderr") ? b.get("stderr").toString() : "",
        b.containsKey("stdout") ? b.get("stdout").toString() : "");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void egretSaysExactlyWhatTheCatalogueSays(Case c) {
    List<String> argv = new ArrayList<>();
    argv.add(c.command());
    for (String a : c.args()) {
      argv.add(a.endsWith(".yaml") ? DIR.resolve(a).toString() : a);
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(argv.toArray(String[]::new));
    String heap = MemoryEstimate.size(Runtime.getRuntime().maxMemory());
    String prefix = DIR + "/";
    assertEquals(
        c.stderr().replace("{maxHeap}", heap),
        err.toString().replace(prefix, ""),
        c.file() + ": stderr");
    assertEquals(
        c.stdout().replace("{maxHeap}", heap),
        out.toString().replace(prefix, ""),
        c.file() + ": stdout");
    assertEquals(c.exit(), code, c.file() + ": exit code");
    assertFalse(err.toString().contains("\tat "), "never a stack trace");
  }

  /** Every input file has its section, and the catalogue has what issue 9 asks for. */
  @Test
  void everyFileIsCataloguedAndEveryCategoryIsThere() throws IOException {
    List<String> documented = cases().stream().map(Case::file).toList();
    List<String> files;
    try (Stream<Path> s = Files.list(DIR)) {
      files =
          s.map(p -> p.getFileName().toString())
              .filter(n -> n.matches("\\d{3}-.*\\.yaml"))
              .sorted()
              .toList();
    }
    assertEquals(files, documented);
    assertTrue(files.size() >= 50, "at least 50 cases: " + files.size());
    long errors = cases().stream().filter(c -> c.exit() == Main.EXIT_INVALID).count();
    assertTrue(errors >= 50, "at least 50 inputs refused with exit code 2: " + errors);
    for (String category :
        List.of(
            "yaml-",
            "tab",
            "type-",
            "unknown-field",
            "duration",
            "cidr-prefix-too-long",
            "host-bits",
            "ipv6",
            "duplicate",
            "unknown-node",
            "selector-bad-operator",
            "interface-and-egress-ip",
            "missing-",
            "empty-file",
            "binary-garbage",
            "resources-file-missing",
            "resources-file-is-itself",
            "overflow",
            "out-of-order",
            "unknown-pod",
            "unknown-external",
            "list-with-unknown-kinds",
            "too-large",
            "teach-")) {
      assertTrue(
          files.stream().anyMatch(f -> f.contains(category)), "a case for " + category + " exists");
    }
    for (Case c : cases()) {
      if (c.exit() == Main.EXIT_INVALID) {
        assertTrue(
            c.stderr().lines().findFirst().orElse("").matches("[^:]+\\.yaml:\\d+:\\d+: .+"),
            c.file() + ": the first line names file:line:column");
      }
    }
  }
}
