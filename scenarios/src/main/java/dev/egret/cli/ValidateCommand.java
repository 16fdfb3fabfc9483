package dev.egret.cli;

import dev.egret.scenarios.load.LoadResult;
import dev.egret.scenarios.load.ScenarioLoader;
import dev.egret.topology.yaml.Problem;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code egret validate}: parses and checks a scenario, listing every problem. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Parses and checks a scenario and the manifests it includes; lists every problem found",
      "as file:line:column: field: message. Exit code 0 when valid (warnings allowed), 2 when not."
    })
final class ValidateCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "SCENARIO.yaml", description = "the scenario file")
  Path scenarioFile;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Sorted by file, line and column; stable for equal places. */
  private static List<Problem> sorted(List<Problem> l) {
    List<Problem> s = new ArrayList<>(l);
    s.sort(
        Comparator.comparing((Problem p) -> p.location().file())
            .thenComparingInt(p -> p.location().line())
            .thenComparingInt(p -> p.location().column()));
    return s;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (Files.isDirectory(scenarioFile)) {
      err.println(scenarioFile + ": is a directory; give a scenario YAML file");
      err.flush();
      return Main.EXIT_INVALID;
    }
    LoadResult r = ScenarioLoader.load(scenarioFile);
    List<Problem> problems = new ArrayList<>(r.problems().sorted());
    if (r.ok()) {
      problems.addAll(StartupCheck.warnings(r.scenario()));
      problems = sorted(problems);
    }
    for (Problem p : problems) {
      (p.isError() ? err : out).println(p.format());
    }
    int errors = r.problems().errorCount();
    int warnings = (int) problems.stream().filter(p -> !p.isError()).count();
    if (errors > 0) {
      err.println(
          errors
              + (errors == 1 ? " error" : " errors")
              + ", "
              + warnings
              + (warnings == 1 ? " warning" : " warnings")
              + " in "
              + scenarioFile);
      err.flush();
      out.flush();
      return Main.EXIT_INVALID;
    }
    out.println(
        scenarioFile
            + ": valid ("
            + r.scenario().nodes().size()
            + " nodes, "
            + r.scenario().pods().size()
            + " pods, "
            + r.scenario().resources().size()
            + " Kubernetes objects, "
            + r.scenario().timeline().size()
            + " timeline items, "
            + warnings
            + (warnings == 1 ? " warning)" : " warnings)"));
    out.flush();
    return Main.EXIT_OK;
  }
}
