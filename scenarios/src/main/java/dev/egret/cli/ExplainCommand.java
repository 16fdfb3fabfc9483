package dev.egret.cli;

import dev.egret.datapath.net.Ip4;
import dev.egret.scenarios.explain.ExplainRequest;
import dev.egret.scenarios.explain.Explainer;
import dev.egret.scenarios.explain.Explanation;
import dev.egret.scenarios.explain.ExplanationText;
import dev.egret.scenarios.model.ExternalSpec;
import dev.egret.scenarios.model.Protocol;
import dev.egret.scenarios.model.Scenario;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code egret explain}: the decision trace of one packet and its reply. */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = {
      "Sends one packet from a pod at time T and explains it and its reply hop by hop: the egress",
      "map entry it hits and why the control plane wrote it (policy, selector, gateway rule),",
      "the tunnel and its VNI, the SNAT choice, what the destination sees, and why."
    })
final class ExplainCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "SCENARIO.yaml", description = "the scenario file")
  Path scenarioFile;

  @Option(names = "--from", required = true, paramLabel = "NS/POD", description = "the pod")
  String from;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "IP[:PORT]",
      description = "the destination: an IP or an external's name, with a port for TCP/UDP")
  String to;

  @Option(names = "--protocol", paramLabel = "PROTO", description = "tcp (default), udp or icmp")
  String protocol = "tcp";

  @Option(
      names = "--at",
      paramLabel = "T",
      converter = DurationConverter.class,
      description = "when to send it (default 0: just after the start-up reconciliation)")
  Long at;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Protocol proto = Protocol.parse(protocol);
    if (proto == null) {
      return usage(err, "--protocol " + protocol + ": use tcp, udp or icmp");
    }
    if (!from.matches("[^/\\s]+/[^/\\s]+")) {
      return usage(err, "--from " + from + ": write NAMESPACE/POD, e.g. default/my-app");
    }
    // the replay stops at --at: later traffic does not count in the memory estimate
    Scenario s = ScenarioInput.load(scenarioFile, err, false, at == null ? 0 : at);
    String host = to;
    int port = 0;
    int colon = to.lastIndexOf(':');
    if (colon >= 0) {
      host = to.substring(0, colon);
      String p = to.substring(colon + 1);
      if (!p.matches("\\d{1,5}") || Integer.parseInt(p) < 1 || Integer.parseInt(p) > 65535) {
        return usage(err, "--to " + to + ": the port must be 1..65535");
      }
      port = Integer.parseInt(p);
    }
    if (proto == Protocol.ICMP && port != 0) {
      return usage(err, "--to " + to + ": icmp takes no port");
    }
    if (proto != Protocol.ICMP && port == 0) {
      return usage(err, "--to " + to + ": give a port, e.g. " + to + ":80");
    }
    int ip;
    if (Ip4.isValid(host)) {
      ip = Ip4.parse(host);
    } else {
      ExternalSpec e = s.external(host);
      if (e == null) {
        return usage(
            err,
            "--to "
                + to
                + ": \""
                + host
                + "\" is neither an IPv4 address nor an"
                + " external of the scenario");
      }
      ip = e.ip();
    }
    Explanation e =
        Explainer.explain(s, new ExplainRequest(from, ip, port, proto, at == null ? 0 : at));
    if (e.podIp() == null) {
      err.print(ExplanationText.render(e));
      err.flush();
      return Main.EXIT_INVALID;
    }
    out.print(ExplanationText.render(e));
    out.flush();
    return Main.EXIT_OK;
  }

  private static int usage(PrintWriter err, String msg) {
    err.println(msg);
    err.flush();
    return Main.EXIT_INVALID;
  }
}
