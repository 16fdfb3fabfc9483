package dev.egret.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A usage mistake gets exit code 2, one message and a pointer to --help; never the usage text. */
class UsageErrorsTest {
  static final String EXAMPLE =
      (Files.isDirectory(Path.of("examples")) ? "examples" : "scenarios/examples")
          + "/001-reschedule-keeps-egress-ip.yaml";

  @TempDir Path dir;

  private static String err(int expectedCode, String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    assertEquals(expectedCode, cl.execute(args), err.toString());
    assertEquals("", out.toString());
    return err.toString();
  }

  @Test
  void aDurationWithoutUnit() {
    assertEquals(
        "egret run: Invalid value for option '--until': \"5\" has no unit; write e.g. \"5s\""
            + " (units: ns, us (or µs), ms, s, m, h)\n"
            + "Try 'egret run --help' for more information.\n",
        err(2, "run", EXAMPLE, "--until", "5"));
  }

  @Test
  void aMistypedOptionGetsASuggestion() {
    assertEquals(
        "egret run: Unknown option: '--jsno'\n"
            + "Possible solutions: --json\n"
            + "Try 'egret run --help' for more information.\n",
        err(2, "run", "--jsno", EXAMPLE));
  }

  @Test
  void aMissingScenario() {
    assertEquals(
        "egret validate: Missing required parameter: 'SCENARIO.yaml'\n"
            + "Try 'egret validate --help' for more information.\n",
        err(2, "validate"));
  }

  @Test
  void anOutputDirectoryThatIsNotEgrets() throws IOException {
    Path home = Files.createDirectories(dir.resolve("home"));
    Files.writeString(home.resolve("thesis.tex"), "precious");
    assertEquals(
        home
            + ": exists and is not an egret output directory (no result.json); refusing to replace"
            + " it\n",
        err(2, "run", "-q", EXAMPLE, "--out", home.toString()));
    assertEquals("precious", Files.readString(home.resolve("thesis.tex")));
  }
}
