package dev.egret.cli;

import dev.egret.scenarios.load.LoadResult;
import dev.egret.scenarios.load.ScenarioLoader;
import dev.egret.scenarios.model.Scenario;
import dev.egret.topology.yaml.Problem;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads the scenario a command names, printing every problem as {@code file:line:column: ...}. */
final class ScenarioInput {
  private ScenarioInput() {}

  /**
   * The scenario, or an {@link ExitException} with code 2 after printing its problems to {@code
   * err}. Warnings are printed too when {@code printWarnings}.
   */
  static Scenario load(Path file, PrintWriter err, boolean printWarnings) {
    return load(file, err, printWarnings, -1);
  }

  /**
   * As {@link #load(Path, PrintWriter, boolean)}, for a run that stops at {@code untilNanos} (-1:
   * at its end), which bounds the memory the run asks for.
   */
  static Scenario load(Path file, PrintWriter err, boolean printWarnings, long untilNanos) {
    if (Files.isDirectory(file)) {
      err.println(file + ": is a directory; give a scenario YAML file");
      throw new ExitException(Main.EXIT_INVALID);
    }
    LoadResult r =
        ScenarioLoader.load(file, file.toString(), Runtime.getRuntime().maxMemory(), untilNanos);
    for (Problem p : r.problems().sorted()) {
      if (p.isError() || printWarnings) {
        err.println(p.format());
      }
    }
    if (!r.ok()) {
      int n = r.problems().errorCount();
      err.println(n + (n == 1 ? " error" : " errors") + " in " + file + "; nothing was run");
      err.flush();
      throw new ExitException(Main.EXIT_INVALID);
    }
    err.flush();
    return r.scenario();
  }
}
