package dev.egret.topology.controlplane.egressgateway;

/**
 * A warning about the egress policies, as structured data for the scenario report.
 *
 * @param policy the policy concerned (the first by name when several are)
 * @param subject what exactly: a map key, a field path, a node
 * @param message what Cilium does with it
 * @param link the Cilium issue, pull request or document that describes the behaviour
 */
public record EgressWarning(
    WarningKind kind, String policy, String subject, String message, String link) {
  public static final String CONFLICT_LINK = "https://github.com/cilium/cilium/pull/27491";
  public static final String EXCLUDED_LINK = "https://github.com/cilium/cilium/issues/23002";
  public static final String MAP_FULL_LINK = "https://github.com/cilium/cilium/issues/22805";
  public static final String DOCS_LINK =
      "https://docs.cilium.io/en/stable/network/egress-gateway/egress-gateway/";
  public static final String CENP_LINK = "https://github.com/cilium/cilium/issues/17678";

  /** {@code policy: subject: message (link)}. */
  public String format() {
    return "policy " + policy + ": " + subject + ": " + message + " (" + link + ")";
  }

  @Override
  public String toString() {
    return format();
  }
}
