package dev.egret.cli;

import dev.egret.scenarios.generate.ScenarioGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code egret generate}: writes a synthetic scenario of a given size, deterministic per seed. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description =
        "Writes a synthetic scenario: nodes (some of them egress gateways), namespaces, pods (as"
            + " Deployments), CiliumEgressGatewayPolicies mixing CIDR sizes, excluded CIDRs,"
            + " namespace and matchExpressions selectors, externals, and a TCP load. The same"
            + " options and seed give the same file, byte for byte. The output loads with 'egret"
            + " run' and 'egret validate'.")
final class GenerateCommand implements Callable<Integer> {
  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "write the scenario to FILE (default: standard output)")
  Path output;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "1",
      description = "seed of every random choice (default ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--nodes",
      paramLabel = "N",
      defaultValue = "50",
      description = "nodes (default ${DEFAULT-VALUE})")
  int nodes;

  @Option(
      names = "--gateways",
      paramLabel = "N",
      description = "egress gateway nodes, each its own pool (default: nodes / 250, at least 1)")
  Integer gateways;

  @Option(
      names = "--namespaces",
      paramLabel = "N",
      defaultValue = "10",
      description = "namespaces (default ${DEFAULT-VALUE})")
  int namespaces;

  @Option(
      names = "--pods-per-node",
      paramLabel = "N",
      defaultValue = "30",
      description = "pods = nodes × this (default ${DEFAULT-VALUE})")
  int podsPerNode;

  @Option(
      names = "--policies",
      paramLabel = "N",
      defaultValue = "20",
      description =
          "CiliumEgressGatewayPolicies, each selecting its own 2-pod client Deployment"
              + " (default ${DEFAULT-VALUE})")
  int policies;

  @Option(
      names = "--externals",
      paramLabel = "N",
      defaultValue = "4",
      description = "external services (default ${DEFAULT-VALUE})")
  int externals;

  @Option(
      names = "--connections",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "TCP connections from the client pods, spread over one load per namespace (default ${DEFAULT-VALUE}: no traffic)")
  long connections;

  @Option(
      names = "--rate",
      paramLabel = "R",
      defaultValue = "1000",
      description = "connections per second, all loads together (default ${DEFAULT-VALUE})")
  double rate;

  @Option(
      names = "--hold",
      paramLabel = "T",
      defaultValue = "1s",
      converter = DurationConverter.class,
      description = "how long each connection stays open (default ${DEFAULT-VALUE})")
  long hold;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    var params =
        new ScenarioGenerator.Params(
            seed,
            nodes,
            gateways != null ? gateways : Math.max(1, nodes / 250),
            namespaces,
            podsPerNode,
            policies,
            externals,
            connections,
            rate,
            hold);
    String problem = params.problem();
    if (problem != null) {
      err.println("egret generate: " + problem);
      err.flush();
      return Main.EXIT_INVALID;
    }
    if (output == null) {
      Writer w =
          new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
      ScenarioGenerator.write(params, w);
      w.flush();
      return Main.EXIT_OK;
    }
    Path abs = output.toAbsolutePath();
    if (Files.isDirectory(abs)) {
      err.println(output + ": is a directory; give a file name");
      err.flush();
      return Main.EXIT_INVALID;
    }
    Path dir = abs.getParent();
    Path tmp;
    try {
      tmp = dir.resolve("." + abs.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
      Files.deleteIfExists(tmp);
    } catch (IOException e) {
      err.println(output + ": cannot write there: " + e.getMessage());
      err.flush();
      return Main.EXIT_INVALID;
    }
    try {
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        ScenarioGenerator.write(params, w);
      }
      Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return Main.EXIT_OK;
  }
}
