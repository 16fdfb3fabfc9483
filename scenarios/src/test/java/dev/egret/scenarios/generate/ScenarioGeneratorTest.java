package dev.egret.scenarios.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.cli.Main;
import dev.egret.scenarios.load.LoadResult;
import dev.egret.scenarios.load.ScenarioLoader;
import dev.egret.scenarios.output.ResultJson;
import dev.egret.scenarios.result.ActionResult;
import dev.egret.scenarios.result.RunResult;
import dev.egret.scenarios.run.RunOptions;
import dev.egret.scenarios.run.ScenarioRun;
import dev.egret.sim.Durations;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ScenarioGeneratorTest {
  private static final ScenarioGenerator.Params SMALL =
      new ScenarioGenerator.Params(7, 12, 3, 4, 6, 16, 3, 400, 200, Durations.millis(500));

  @Test
  void sameParametersGiveTheSameBytes() {
    assertEquals(ScenarioGenerator.generate(SMALL), ScenarioGenerator.generate(SMALL));
    var other =
        new ScenarioGenerator.Params(8, 12, 3, 4, 6, 16, 3, 400, 200, Durations.millis(500));
    assertNotEquals(ScenarioGenerator.generate(SMALL), ScenarioGenerator.generate(other));
  }

  @Test
  void generatedScenarioLoadsRunsAndPassesItsExpectations(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("g.yaml");
    Files.writeString(f, ScenarioGenerator.generate(SMALL));
    LoadResult r = ScenarioLoader.load(f);
    assertEquals(0, r.problems().errorCount(), () -> r.problems().sorted().toString());
    assertEquals(12, r.scenario().nodes().size());
    RunResult res = new ScenarioRun(r.scenario(), RunOptions.DEFAULT, null).run().result();
    assertTrue(res.passed(), () -> ResultJson.toJson(res));
    long conns = 0;
    for (ActionResult a : res.actions()) {
      conns += a.connections().size();
    }
    assertEquals(400, conns);
    assertTrue(res.warnings().isEmpty(), () -> res.warnings().toString());
  }

  @Test
  void bigActionsAreSummarisedBeyondTheDetailLimit(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("g.yaml");
    Files.writeString(f, ScenarioGenerator.generate(SMALL));
    var s = ScenarioLoader.load(f).scenario();
    RunResult full = new ScenarioRun(s, new RunOptions(null, -1, -1), null).run().result();
    RunResult summed = new ScenarioRun(s, new RunOptions(null, -1, 10), null).run().result();
    assertEquals(full.expectations(), summed.expectations());
    for (int i = 0; i < full.actions().size(); i++) {
      ActionResult a = full.actions().get(i);
      ActionResult b = summed.actions().get(i);
      assertEquals(null, a.summary());
      assertNotNull(b.summary());
      assertTrue(b.connections().isEmpty());
      assertEquals(a.connections().size(), b.summary().connections());
    }
    String json = ResultJson.toJson(summed);
    assertEquals(summed, ResultJson.read(json));
    assertTrue(json.contains("\"summary\""));
    assertTrue(!ResultJson.toJson(full).contains("\"summary\""));
  }

  @Test
  void theCommandWritesAFileThatValidates(@TempDir Path dir) {
    Path f = dir.resolve("out.yaml");
    CommandLine cl = Main.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    assertEquals(
        0,
        cl.execute(
            "generate",
            "--nodes",
            "8",
            "--gateways",
            "2",
            "--policies",
            "6",
            "--connections",
            "50",
            "-o",
            f.toString()),
        err::toString);
    StringWriter out = new StringWriter();
    CommandLine v = Main.commandLine();
    v.setOut(new PrintWriter(out));
    assertEquals(0, v.execute("validate", f.toString()), out::toString);
    assertEquals(Main.EXIT_INVALID, Main.commandLine().execute("generate", "--nodes", "0"));
  }
}
