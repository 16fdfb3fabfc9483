package dev.egret.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code egret} command line. Exit codes (SPEC §2): 0 success, 1 an expectation failed, 2
 * invalid input or usage, 3 internal error.
 */
@Command(
    name = "egret",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Simulates Kubernetes egress gateways (Cilium CiliumEgressGatewayPolicy) packet by packet:",
      "which source IP each external service sees, which gateway carries the traffic, what is",
      "dropped and why."
    })
public final class Main implements Runnable {
  /** Success, and every expectation held. */
  public static final int EXIT_OK = 0;

  /** An expectation failed. */
  public static final int EXIT_EXPECTATION_FAILED = 1;

  /** Invalid input or usage. */
  public static final int EXIT_INVALID = 2;

  /** Internal error. */
  public static final int EXIT_INTERNAL = 3;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Builds the command line with every subcommand registered. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.addSubcommand(new RunCommand());
    cl.addSubcommand(new ValidateCommand());
    cl.addSubcommand(new EgressListCommand());
    cl.addSubcommand(new GenerateCommand());
    cl.addSubcommand(new ExplainCommand());
    cl.addSubcommand(new LabCommand());
    for (CommandPlugin plugin : java.util.ServiceLoader.load(CommandPlugin.class)) {
      cl.addSubcommand(plugin.command());
    }
    cl.setUsageHelpAutoWidth(true);
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          if (ex instanceof ExitException e) {
            return e.code();
          }
          PrintWriter err = commandLine.getErr();
          err.println("egret: internal error: " + ex);
          for (StackTraceElement e : ex.getStackTrace()) {
            err.println("    at " + e);
          }
          err.flush();
          return EXIT_INTERNAL;
        });
    return cl;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** Reads the version Maven wrote into the jar. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {
        "egret " + p.getProperty("version", "unknown"),
        "Java "
            + System.getProperty("java.version")
            + " ("
            + System.getProperty("java.vendor")
            + ")"
      };
    }
  }
}
