package dev.egret.cli;

import dev.egret.scenarios.load.PolicyWarnings;
import dev.egret.scenarios.model.PodDecl;
import dev.egret.scenarios.model.Scenario;
import dev.egret.scenarios.run.RunOptions;
import dev.egret.scenarios.run.RunOutcome;
import dev.egret.scenarios.run.ScenarioRun;
import dev.egret.topology.controlplane.egressgateway.EgressWarning;
import dev.egret.topology.k8s.K8sResource;
import dev.egret.topology.yaml.Location;
import dev.egret.topology.yaml.Problem;
import dev.egret.topology.yaml.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code egret validate} can only know by building the cluster: the scenario is replayed up to
 * time 0 (nodes, objects and pods created, the agents' start-up reconciliation done, the items at
 * 0s applied) and the control plane's warnings about the policies (conflicting keys, excluded CIDRs
 * outside the destinations, a full map, selectors or gateway nodeSelectors matching nothing) and
 * the pods left pending are reported as located warnings. Later timeline items are not replayed:
 * their effect shows in {@code egret run}'s report.
 */
final class StartupCheck {
  private StartupCheck() {}

  static List<Problem> warnings(Scenario s) {
    RunOutcome o = new ScenarioRun(s, new RunOptions(null, 0), null).run();
    Map<String, K8sResource> policies = o.cluster().policies();
    List<Problem> out = new ArrayList<>();
    for (EgressWarning w : o.controlPlane().warnings()) {
      out.add(PolicyWarnings.toProblem(w, policies, s));
    }
    // one warning per declaration: a Deployment of 30 replicas gives one line, not 30
    Map<Location, List<Map.Entry<String, String>>> pending = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : o.cluster().pendingPods().entrySet()) {
      pending.computeIfAbsent(podLocation(s, e.getKey()), k -> new ArrayList<>()).add(e);
    }
    for (Map.Entry<Location, List<Map.Entry<String, String>>> g : pending.entrySet()) {
      Map.Entry<String, String> first = g.getValue().get(0);
      int n = g.getValue().size();
      out.add(
          new Problem(
              Severity.WARNING,
              g.getKey(),
              "",
              n == 1
                  ? "pod " + first.getKey() + " stays pending at the start: " + first.getValue()
                  : n
                      + " pods stay pending at the start, e.g. "
                      + first.getKey()
                      + ": "
                      + first.getValue()));
    }
    return out;
  }

  /** Where pod {@code key} (namespace/name) or the controller that made it is declared. */
  private static Location podLocation(Scenario s, String key) {
    for (PodDecl p : s.pods()) {
      if (p.key().equals(key)) {
        return p.at();
      }
    }
    Location best = null;
    int bestLength = -1;
    for (K8sResource r : s.resources()) {
      String ns = r.metadata().namespace() == null ? "" : r.metadata().namespace() + "/";
      String id = ns + r.metadata().name();
      if (id.equals(key)) {
        return r.metadata().location();
      }
      if (key.startsWith(id + "-") && id.length() > bestLength) {
        best = r.metadata().location();
        bestLength = id.length();
      }
    }
    return best != null ? best : Location.ofFile(s.file().toString());
  }
}
