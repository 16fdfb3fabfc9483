package dev.egret.cli;

import dev.egret.scenarios.model.Scenario;
import dev.egret.scenarios.run.RunOptions;
import dev.egret.scenarios.run.RunOutcome;
import dev.egret.scenarios.run.ScenarioRun;
import dev.egret.topology.egresslist.EgressList;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code egret egress-list}: each node's egress map as {@code cilium-dbg bpf egress list}. */
@Command(
    name = "egress-list",
    mixinStandardHelpOptions = true,
    description = {
      "Prints each node's egress policy map exactly as `cilium-dbg bpf egress list` would on",
      "that node at time T (default: just after the start-up reconciliation)."
    })
final class EgressListCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "SCENARIO.yaml", description = "the scenario file")
  Path scenarioFile;

  @Option(names = "--node", paramLabel = "N", description = "only this node")
  String node;

  @Option(
      names = "--at",
      paramLabel = "T",
      converter = DurationConverter.class,
      description = "the simulated time to look at (default 0: after start-up reconciliation)")
  Long at;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description = "table (default) or json")
  String output = "table";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!output.equals("table") && !output.equals("json")) {
      err.println("-o " + output + ": use table or json");
      err.flush();
      return Main.EXIT_INVALID;
    }
    Scenario s = ScenarioInput.load(scenarioFile, err, false, at == null ? 0 : at);
    RunOutcome o = new ScenarioRun(s, new RunOptions(null, at == null ? 0 : at), null).run();
    List<String> nodes = o.nodes();
    if (node != null && !nodes.contains(node)) {
      err.println(
          "--node " + node + ": no such node at that time; nodes: " + String.join(", ", nodes));
      err.flush();
      return Main.EXIT_INVALID;
    }
    boolean json = output.equals("json");
    if (node != null) {
      EgressList l = json ? o.egressListJson(node) : o.egressList(node);
      out.print(l.stdout());
      err.print(l.stderr());
    } else if (json) {
      out.println("{");
      for (int i = 0; i < nodes.size(); i++) {
        String body = o.egressListJson(nodes.get(i)).stdout().strip();
        out.print("  \"" + nodes.get(i) + "\": " + body.replace("\n", "\n  "));
        out.println(i + 1 < nodes.size() ? "," : "");
      }
      out.println("}");
    } else {
      for (int i = 0; i < nodes.size(); i++) {
        EgressList l = o.egressList(nodes.get(i));
        out.println("# " + nodes.get(i));
        out.print(l.stdout().isEmpty() ? l.stderr() : l.stdout());
        if (i + 1 < nodes.size()) {
          out.println();
        }
      }
    }
    out.flush();
    err.flush();
    return Main.EXIT_OK;
  }
}
