package dev.egret.cli;

import dev.egret.scenarios.lab.Lab;
import dev.egret.scenarios.lab.LabException;
import dev.egret.scenarios.lab.LabReport;
import dev.egret.scenarios.lab.LabRun;
import dev.egret.scenarios.lab.LabScenario;
import dev.egret.scenarios.lab.LabState;
import dev.egret.scenarios.model.Scenario;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code egret lab up|run|validate|down}: the hardware-validation lab. */
@Command(
    name = "lab",
    mixinStandardHelpOptions = true,
    description = {
      "Hardware validation: builds the scenario's topology from Linux network namespaces, veth",
      "pairs and a bridge (every address mapped into 198.18.0.0/15), runs egret's datapath on the",
      "nodes' interfaces through pcap4j with real kernel clients and servers in the pods and",
      "externals, and compares the outcome with the simulation. Needs root, iproute2, ethtool and",
      "libpcap. Everything the lab creates is named eg-* and removed on exit (also after a failure",
      "or Ctrl-C); egret lab down removes leftovers."
    },
    subcommands = {
      LabCommand.Up.class,
      LabCommand.RunLive.class,
      LabCommand.Validate.class,
      LabCommand.Down.class,
      LabCommand.Bench.class
    })
final class LabCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Loads and maps a scenario; exit 2 on invalid input or what the lab cannot do. */
  static LabScenario load(Path file, PrintWriter err) {
    Scenario s = ScenarioInput.load(file, err, false);
    try {
      return LabScenario.of(s);
    } catch (LabException e) {
      err.println("egret lab: " + e.getMessage());
      err.flush();
      throw new ExitException(Main.EXIT_INVALID);
    }
  }

  static ExitException refused(PrintWriter err, LabException e) {
    err.println("egret lab: " + e.getMessage());
    err.flush();
    return new ExitException(Main.EXIT_INVALID);
  }

  /** Options shared by run and validate. */
  static final class RunOptions {
    @Option(
        names = "--speed",
        paramLabel = "X",
        defaultValue = "1",
        description =
            "replay the timeline X times faster than written (every scenario duration is divided"
                + " by X; the kernels' own timers, e.g. SYN retransmissions, are not); default 1")
    double speed;

    @Option(
        names = "--out",
        paramLabel = "DIR",
        description =
            "write the lab's pcaps into DIR: underlay.pcap (every frame entering the underlay"
                + " bridge), external-<name>.pcap, and the scenario's captures")
    Path out;

    LabRun.Options options(PrintWriter err) {
      if (!(speed > 0) || speed > 100) {
        err.println("egret lab: --speed must be in (0, 100]");
        err.flush();
        throw new ExitException(Main.EXIT_INVALID);
      }
      if (out != null) {
        try {
          Files.createDirectories(out);
        } catch (java.io.IOException e) {
          err.println("egret lab: cannot create " + out + ": " + e.getMessage());
          err.flush();
          throw new ExitException(Main.EXIT_INVALID);
        }
      }
      return new LabRun.Options(speed, out, out != null);
    }
  }

  @Command(
      name = "up",
      mixinStandardHelpOptions = true,
      description = {
        "Builds the scenario's lab at time 0 and leaves it up (recorded in /run/egret-lab), so",
        "egret lab run and validate reuse it and you can look around with ip netns exec.",
        "Prints the address map."
      })
  static final class Up implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SCENARIO.yaml", description = "the scenario file")
    Path scenarioFile;

    @Option(
        names = "--serve",
        description =
            "keep the lab's datapath (the nodes' runners), the externals' servers and the pods"
                + " running in the foreground until Ctrl-C, so you can try it with ip netns exec;"
                + " the lab stays up afterwards")
    boolean serve;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      LabScenario ls = load(scenarioFile, err);
      try {
        java.util.function.Consumer<List<String>> ready =
            ns -> {
              out.println("lab up for " + ls.scenario().name() + ": " + ns.size() + " namespaces");
              out.println(String.join(" ", ns));
              out.println();
              out.print(LabReport.addressMap(ls.map()));
              out.println();
              if (serve) {
                out.println(
                    "serving: the nodes' datapath and the externals' servers run until Ctrl-C;");
                out.println(
                    "e.g. ip netns exec "
                        + dev.egret.scenarios.lab.LabNetwork.podNs(
                            ls.scenario().pods().isEmpty()
                                ? "default/pod"
                                : ls.scenario().pods().get(0).key())
                        + " bash -c 'exec 3<>/dev/tcp/<external lab IP>/<port>; ...'");
              }
              out.println("egret lab run " + scenarioFile + " replays the timeline in it;");
              out.println("egret lab down removes it.");
              out.flush();
            };
        if (serve) {
          Lab.up(ls, ready);
        } else {
          ready.accept(Lab.up(ls));
        }
        return Main.EXIT_OK;
      } catch (LabException e) {
        throw refused(err, e);
      }
    }
  }

  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description = {
        "Replays the scenario's timeline in the lab (its own, or the one that is up): traffic",
        "(http, tcp, udp, ping, load) from real clients in the pods' namespaces, and the events",
        "apply, delete, label, reschedule, nodeDown (the node's runner stops) and nodeUp. Prints",
        "what each destination saw, in scenario addresses, and checks the expectations.",
        "Exit codes: 0 every expectation held, 1 one failed, 2 invalid input or not possible",
        "here, 3 internal error."
      })
  static final class RunLive implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SCENARIO.yaml", description = "the scenario file")
    Path scenarioFile;

    @CommandLine.Mixin RunOptions opts = new RunOptions();

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      LabScenario ls = load(scenarioFile, err);
      try {
        LabRun.Outcome o = new LabRun(ls, opts.options(err), err).run();
        out.print(LabReport.addressMap(ls.map()));
        out.println();
        out.print(LabReport.run(o.result()));
        out.println();
        out.println("in lab addresses:");
        for (String l : o.labConnections()) {
          out.println("  " + l);
        }
        for (String l : o.runnerStats()) {
          out.println("  " + l);
        }
        for (Path p : o.pcaps()) {
          out.println("wrote " + p);
        }
        out.printf(
            "%s in %.1f s (wall)%n",
            o.result().passed() ? "PASSED" : "FAILED", o.wallNanos() / 1e9);
        out.flush();
        return o.result().passed() ? Main.EXIT_OK : Main.EXIT_EXPECTATION_FAILED;
      } catch (LabException e) {
        throw refused(err, e);
      }
    }
  }

  @Command(
      name = "validate",
      mixinStandardHelpOptions = true,
      description = {
        "Runs the scenario in the simulator and in the lab and prints both side by side, per",
        "connection (seen source, gateway, verdict). Exit codes: 0 the live outcome equals the",
        "simulated one connection by connection, 1 a difference, 2 invalid input or not",
        "possible here, 3 internal error."
      })
  static final class Validate implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SCENARIO.yaml", description = "the scenario file")
    Path scenarioFile;

    @CommandLine.Mixin RunOptions opts = new RunOptions();

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      LabScenario ls = load(scenarioFile, err);
      try {
        Lab.Validation v = Lab.validate(ls, opts.options(err), err);
        out.print(LabReport.addressMap(ls.map()));
        out.println();
        out.print(LabReport.sideBySide(v.rows()));
        for (String w : v.live().result().warnings()) {
          out.println("warning (lab): " + w);
        }
        long n = v.rows().size();
        long same = v.rows().stream().filter(LabReport.Row::same).count();
        out.printf(
            "%s: %d of %d connections the same live as simulated (lab run %.1f s)%n",
            v.same() ? "VALID" : "DIFFERENT", same, n, v.live().wallNanos() / 1e9);
        out.flush();
        return v.same() ? Main.EXIT_OK : Main.EXIT_EXPECTATION_FAILED;
      } catch (LabException e) {
        throw refused(err, e);
      }
    }
  }

  @Command(
      name = "bench",
      mixinStandardHelpOptions = true,
      description = {
        "Frames per second through the live gateway path (VXLAN in, decap, egress policy, SNAT,",
        "out) against the Linux kernel doing the same job in the same lab (a namespace with a",
        "VXLAN device, ip_forward and an nftables masquerade rule), rounds alternating; prints",
        "each round and the ratio of the medians. Needs nftables besides the lab's tools."
      })
  static final class Bench implements Callable<Integer> {
    @Option(
        names = "--seconds",
        defaultValue = "1",
        description = "length of one trial of a throughput search (default 1)")
    double seconds;

    @Option(names = "--rounds", defaultValue = "5", description = "rounds per gateway (default 5)")
    int rounds;

    @Option(
        names = "--flows",
        defaultValue = "1024",
        description = "distinct flows (source ports) in the traffic (default 1024)")
    int flows;

    @Option(
        names = "--rate",
        defaultValue = "0",
        description =
            "upper bound of the offered rate in frames per second (default 0: as fast as the"
                + " generator can)")
    double rate;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      if (!(seconds > 0) || rounds < 1 || flows < 1 || flows > 20000) {
        err.println("egret lab bench: --seconds > 0, --rounds >= 1, 1 <= --flows <= 20000");
        err.flush();
        throw new ExitException(Main.EXIT_INVALID);
      }
      try {
        var r = dev.egret.scenarios.lab.LabBench.run(seconds, rounds, flows, rate, err);
        out.println(
            "gateway   round   flood sent/s   flood delivered/s   throughput/s (<= 1 % loss)");
        int i = 0;
        for (var rd : r.rounds()) {
          out.printf(
              "%-9s %-7d %,-14.0f %,-19.0f %,.0f%n",
              rd.gateway(), i++ / 2 + 1, rd.floodSent(), rd.floodDelivered(), rd.throughput());
        }
        out.printf(
            "median throughput: egret %,.0f frames/s, kernel %,.0f frames/s; ratio egret/kernel"
                + " %.2f%n",
            r.egretMedian(), r.kernelMedian(), r.ratio());
        out.println();
        out.println("gateway   round   CPU per frame at 40,000/s   frames per CPU-second");
        i = 0;
        for (var c : r.costs()) {
          out.printf(
              "%-9s %-7d %-27s %,.0f%n",
              c.gateway(),
              i++ / 2 + 1,
              String.format("%.2f us", c.nanosPerFrame() / 1e3),
              c.framesPerCpuSecond());
        }
        out.printf("median frames per CPU-second, egret/kernel: %.2f%n", r.cpuRatio());
        out.flush();
        return Main.EXIT_OK;
      } catch (LabException e) {
        throw refused(err, e);
      }
    }
  }

  @Command(
      name = "down",
      mixinStandardHelpOptions = true,
      description = {
        "Removes the lab that is up and every leftover lab namespace (eg-*). The scenario",
        "argument is optional."
      })
  static final class Down implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "SCENARIO.yaml", description = "ignored")
    Path scenarioFile;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      try {
        LabState.Up up = LabState.read();
        List<String> removed = Lab.down();
        if (up != null) {
          out.println("lab for " + up.scenarioName() + " (up since " + up.created() + ") removed");
        }
        for (String r : removed) {
          out.println("removed " + r);
        }
        if (removed.isEmpty() && up == null) {
          out.println("no lab is up");
        }
        out.flush();
        return Main.EXIT_OK;
      } catch (LabException e) {
        throw refused(err, e);
      }
    }
  }
}
