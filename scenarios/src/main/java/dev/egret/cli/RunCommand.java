package dev.egret.cli;

import dev.egret.scenarios.load.MemoryEstimate;
import dev.egret.scenarios.model.CaptureSpec;
import dev.egret.scenarios.model.Scenario;
import dev.egret.scenarios.output.HumanReport;
import dev.egret.scenarios.output.Progress;
import dev.egret.scenarios.output.ReportExtras;
import dev.egret.scenarios.output.ResultJson;
import dev.egret.scenarios.output.RunOutputs;
import dev.egret.scenarios.record.FlowRecord;
import dev.egret.scenarios.run.RunListener;
import dev.egret.scenarios.run.RunOptions;
import dev.egret.scenarios.run.RunOutcome;
import dev.egret.scenarios.run.ScenarioRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code egret run}: replays a scenario and reports what every external saw. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Replays a scenario and prints a report: expectations, what each external saw from each",
      "pod (source IP, gateway, verdict), drops by reason, SNAT pressure per gateway.",
      "Exit codes: 0 every expectation held, 1 an expectation failed, 2 invalid input, 3 internal"
          + " error."
    })
final class RunCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "SCENARIO.yaml", description = "the scenario file")
  Path scenarioFile;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "also write result.json, flows.jsonl (Hubble JSON), pcaps and egress lists into DIR"
              + " (written to a temporary directory and moved into place at the end)")
  Path out;

  @Option(
      names = "--json",
      description = "print the result document (SPEC §5) instead of the report")
  boolean json;

  @Option(names = "--seed", paramLabel = "N", description = "override the scenario's seed")
  Long seed;

  @Option(
      names = "--until",
      paramLabel = "T",
      converter = DurationConverter.class,
      description = "stop the simulation at time T (e.g. 30s)")
  Long until;

  @Option(
      names = "--max-connection-details",
      paramLabel = "N",
      defaultValue = "10000",
      description =
          "an action with more connections than N is reported in aggregate (counts by verdict,"
              + " seen source, gateway and drop reason) instead of one entry per connection;"
              + " -1: never (default ${DEFAULT-VALUE})")
  long maxConnectionDetails;

  @Option(
      names = {"-q", "--quiet"},
      description = "no progress bar")
  boolean quiet;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Refuses a run whose flows would surely not fit where {@code --out} points. */
  private String outputSpaceProblem(Scenario s) {
    Path dir = out.toAbsolutePath().normalize();
    while (dir != null && !Files.exists(dir)) {
      dir = dir.getParent();
    }
    if (dir == null) {
      return null;
    }
    long usable;
    try {
      usable = Files.getFileStore(dir).getUsableSpace();
    } catch (IOException e) {
      return null; // the output directory's own checks report what is wrong
    }
    return MemoryEstimate.outputSpaceProblem(
        MemoryEstimate.connections(s, until == null ? -1 : until), usable);
  }

  private static void closeQuietly(RunOutputs outputs) {
    if (outputs == null) {
      return;
    }
    try {
      outputs.close();
    } catch (IOException | RuntimeException ignored) {
      // the temporary directory is deleted by close(); a failure here leaves at worst a hidden
      // .DIR.egret-tmp-* directory, which the next run with this --out removes
    }
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter stdout = spec.commandLine().getOut();
    Scenario s = ScenarioInput.load(scenarioFile, err, false, until == null ? -1 : until);
    long effectiveSeed = seed != null ? seed : s.seed();
    RunOutputs outputs = null;
    if (out != null) {
      String noRoom = outputSpaceProblem(s);
      if (noRoom != null) {
        err.println(out + ": " + noRoom);
        err.flush();
        return Main.EXIT_INVALID;
      }
      try {
        outputs = RunOutputs.open(out, effectiveSeed);
      } catch (FileAlreadyExistsException e) {
        err.println(
            out
                + ": "
                + (e.getReason() != null
                    ? e.getReason()
                    : "exists and is not an egret output directory; choose another --out"));
        err.flush();
        return Main.EXIT_INVALID;
      } catch (IOException e) {
        err.println(out + ": cannot create the output directory: " + e.getMessage());
        err.flush();
        return Main.EXIT_INVALID;
      }
    }
    RunOptions options = new RunOptions(seed, until == null ? -1 : until, maxConnectionDetails);
    Progress progress = Progress.create(ScenarioRun.horizon(s, options), quiet || json);
    final RunOutputs sink = outputs;
    RunListener listener =
        new RunListener() {
          @Override
          public boolean wantsFlows() {
            return sink != null;
          }

          @Override
          public void flow(FlowRecord flow) {
            sink.flow(flow);
          }

          @Override
          public boolean captures(String node, String iface) {
            if (sink == null) {
              return false;
            }
            for (CaptureSpec c : s.captures()) {
              if (c.matches(node, iface)) {
                try {
                  sink.pcaps().open(node, iface);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
                return true;
              }
            }
            return false;
          }

          @Override
          public void frame(String node, String iface, long t, byte[] buf, int off, int len) {
            try {
              sink.pcaps().write(node, iface, t, buf, off, len);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }

          @Override
          public void progress(long timeNanos) {
            progress.update(timeNanos);
          }
        };
    RunOutcome outcome;
    try {
      outcome = new ScenarioRun(s, options, listener).run();
    } catch (UncheckedIOException e) {
      // writing flows or pcaps failed (a full disk, a removed directory): nothing is left behind
      closeQuietly(outputs);
      err.println(
          out
              + ": cannot write the outputs: "
              + e.getCause().getMessage()
              + "; the run was stopped and nothing was written");
      err.flush();
      return Main.EXIT_INVALID;
    } catch (RuntimeException | Error e) {
      closeQuietly(outputs);
      throw e;
    } finally {
      progress.close();
    }
    Path written = null;
    if (outputs != null) {
      try {
        for (String node : outcome.nodes()) {
          var list = outcome.egressList(node);
          outputs.egressList(node, list.stdout().isEmpty() ? list.stderr() : list.stdout());
        }
        written = outputs.finish(outcome.result());
      } catch (IOException | UncheckedIOException e) {
        err.println(
            out
                + ": cannot write the outputs: "
                + (e instanceof UncheckedIOException u ? u.getCause() : e).getMessage()
                + "; nothing was written");
        err.flush();
        return Main.EXIT_INVALID;
      } finally {
        outputs.close();
      }
    }
    if (json) {
      // streamed: a result with a million connections is not built as one string first
      ResultJson.write(outcome.result(), stdout);
    } else {
      stdout.print(
          HumanReport.render(
              outcome.result(), new ReportExtras(s.description(), outcome.wallNanos(), written)));
    }
    stdout.flush();
    return outcome.result().passed() ? Main.EXIT_OK : Main.EXIT_EXPECTATION_FAILED;
  }
}
