package dev.egret.scenarios.load;

import dev.egret.scenarios.model.Scenario;
import dev.egret.topology.controlplane.egressgateway.EgressWarning;
import dev.egret.topology.controlplane.egressgateway.WarningKind;
import dev.egret.topology.k8s.K8sResource;
import dev.egret.topology.yaml.Location;
import dev.egret.topology.yaml.Problem;
import dev.egret.topology.yaml.Severity;
import java.util.Map;

/**
 * Turns the control plane's warnings about policies Cilium accepts but that surprise people
 * (conflicting map keys, excluded CIDRs outside the destinations, a full policy map, selectors and
 * gateway nodeSelectors that match nothing) into located {@link Problem}s, the same line in {@code
 * egret validate} and in {@code egret run}'s report:
 *
 * <pre>
 * policy.yaml:12:1: warning: CiliumEgressGatewayPolicy egress: spec.excludedCIDRs[0]: 10.9.0.0/16
 *     is not inside any destinationCIDR; ... (https://github.com/cilium/cilium/issues/23002)
 * </pre>
 *
 * <p>The location is where the policy object starts (its current version, when a timeline {@code
 * apply} replaced it); the field names the policy and the part of its spec concerned. A warning
 * about the whole map ({@link WarningKind#MAP_FULL}) points at the scenario's {@code
 * spec.cilium.egressPolicyMapMax}.
 */
public final class PolicyWarnings {
  private PolicyWarnings() {}

  /**
   * The warning as a problem.
   *
   * @param policies the installed policies by name (to locate the one concerned)
   * @param scenario the scenario (its file, for warnings about no single policy)
   */
  public static Problem toProblem(
      EgressWarning w, Map<String, K8sResource> policies, Scenario scenario) {
    K8sResource r = w.policy() == null ? null : policies.get(w.policy());
    String subject = w.subject() == null ? "" : w.subject();
    boolean isField = subject.startsWith("spec.") || subject.startsWith("metadata.");
    Location at =
        r != null
            ? r.metadata().location()
            : Location.ofFile(scenario.file() == null ? "?" : scenario.file().toString());
    String field;
    String message;
    if (w.kind() == WarningKind.MAP_FULL) {
      field = "spec.cilium.egressPolicyMapMax";
      message = subject + ": " + w.message();
      at = Location.ofFile(scenario.file() == null ? "?" : scenario.file().toString());
    } else {
      String who =
          r != null
              ? r.kind() + " " + r.metadata().name()
              : w.policy() == null || w.policy().isEmpty() ? "" : "policy " + w.policy();
      field = isField ? (who.isEmpty() ? subject : who + ": " + subject) : who;
      message = isField ? w.message() : subject + ": " + w.message();
    }
    return new Problem(Severity.WARNING, at, field, message + " (" + w.link() + ")");
  }
}
