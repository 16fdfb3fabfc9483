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
    // a usage mistake gets one message and a pointer to --help, not the whole usage text
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          CommandLine c = ex.getCommandLine();
          PrintWriter err = c.getErr();
          err.println(c.getCommandSpec().qualifiedName() + ": " + ex.getMessage());
          CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
          err.println(
              "Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
          err.flush();
          return EXIT_INVALID;
        });
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          if (ex instanceof ExitException e) {
            return e.code();
          }
          return internalError(commandLine.getErr(), ex);
        });
    // picocli hands Exceptions to the handler above but lets Errors escape; catch them here so a
    // run that outgrows the heap ends with a message and exit code 2, never a bare stack trace
    CommandLine.IExecutionStrategy runLast = new CommandLine.RunLast();
    cl.setExecutionStrategy(
        parseResult -> {
          try {
            return runLast.execute(parseResult);
          } catch (OutOfMemoryError e) {
            return outOfMemory(cl.getErr());
          } catch (Error e) {
            return internalError(cl.getErr(), e);
          }
        });
    return cl;
  }

  /** The message for a run that needed more heap than the JVM has. */
  static int outOfMemory(PrintWriter err) {
    long max = Runtime.getRuntime().maxMemory();
    err.println(
        "egret: out of memory: this scenario needs more than the "
            + dev.egret.scenarios.load.MemoryEstimate.size(max)
            + " of heap the JVM may use; nothing was written. Raise the limit with"
            + " EGRET_JAVA_OPTS=-Xmx"
            + dev.egret.scenarios.load.MemoryEstimate.suggestedXmx(
                max > Long.MAX_VALUE / 2 ? max : max * 2)
            + ", or make the scenario smaller");
    err.flush();
    return EXIT_INVALID;
  }

  /** Exit code 3 with the stack trace, for the bugs egret must own. */
  static int internalError(PrintWriter err, Throwable ex) {
    err.println("egret: internal error: " + ex);
    for (StackTraceElement e : ex.getStackTrace()) {
      err.println("    at " + e);
    }
    for (Throwable c = ex.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      err.println("  caused by: " + c);
      for (StackTraceElement e : c.getStackTrace()) {
        err.println("    at " + e);
      }
    }
    err.flush();
    return EXIT_INTERNAL;
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
