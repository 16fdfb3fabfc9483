package dev.egret.topology.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.egret.topology.controlplane.CiliumVersion;
import dev.egret.topology.yaml.Problem;
import dev.egret.topology.yaml.Problems;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The validation rules of reference §1.3 and the CRD schema, each with its full message. Every case
 * starts from a valid policy and breaks one thing.
 */
class ResourceLoaderValidationTest {
  static final String HEAD =
      "apiVersion: cilium.io/v2\nkind: CiliumEgressGatewayPolicy\nmetadata:\n  name: egress-sample\n";

  static List<String> problems(CiliumVersion v, String yaml) {
    Problems p = new Problems();
    new ResourceLoader(v).load(yaml, "policy.yaml", p);
    return p.all().stream().map(Problem::format).toList();
  }

  static List<String> problems(String yaml) {
    return problems(CiliumVersion.V1_16, yaml);
  }

  static int count(CiliumVersion v, String yaml) {
    Problems p = new Problems();
    return new ResourceLoader(v).load(yaml, "policy.yaml", p).size();
  }

  static String spec(String selectors, String dst, String gateway) {
    return HEAD + "spec:\n" + selectors + dst + gateway;
  }

  static final String SEL =
      "  selectors:\n  - podSelector:\n      matchLabels:\n        app: my-app\n";
  static final String DST = "  destinationCIDRs:\n  - 10.0.0.0/8\n";
  static final String GW =
      "  egressGateway:\n    nodeSelector:\n      matchLabels:\n        egress-node: \"true\"\n"
          + "    interface: eth0\n";

  @Test
  void aValidPolicyHasNoProblem() {
    assertEquals(List.of(), problems(spec(SEL, DST, GW)));
    assertEquals(1, count(CiliumVersion.V1_16, spec(SEL, DST, GW)));
  }

  @Test
  void cidrPrefixTooLong() {
    assertEquals(
        List.of(
            "policy.yaml:12:5: spec.destinationCIDRs[1]: \"10.0.0.0/33\" is not a CIDR (prefix"
                + " length must be 0..32)"),
        problems(spec(SEL, DST + "  - 10.0.0.0/33\n", GW)));
    assertEquals(0, count(CiliumVersion.V1_16, spec(SEL, DST + "  - 10.0.0.0/33\n", GW)));
  }

  @Test
  void emptyNameIsRejected() {
    assertEquals(
        List.of(
            "policy.yaml:4:9: metadata.name: \"\" is not a valid name (at most 253 lowercase"
                + " letters, digits, '-' and '.', starting and ending with a letter or digit)"),
        problems(spec(SEL, DST, GW).replace("name: egress-sample", "name: \"\"")));
    assertEquals(
        List.of("policy.yaml:4:3: metadata.name: is required (every object needs a name)"),
        problems(spec(SEL, DST, GW).replace("name: egress-sample", "labels: {}")));
  }

  @Test
  void destinationCidrsAreRequired() {
    assertEquals(
        List.of(
            "policy.yaml:6:3: spec.destinationCIDRs: is required (a list of CIDRs, e.g."
                + " [\"0.0.0.0/0\"])"),
        problems(spec(SEL, "", GW)));
  }

  @Test
  void anEmptyDestinationListIsAccepted() {
    assertEquals(List.of(), problems(spec(SEL, "  destinationCIDRs: []\n", GW)));
  }

  @Test
  void egressGatewayIsRequired() {
    assertEquals(
        List.of(
            "policy.yaml:6:3: spec.egressGateway: is required (the gateway: {nodeSelector,"
                + " interface or egressIP}; the CRD requires it even when egressGateways is set)"),
        problems(spec(SEL, DST, "")));
  }

  @Test
  void gatewayNodeSelectorIsRequired() {
    assertEquals(
        List.of(
            "policy.yaml:13:5: spec.egressGateway.nodeSelector: is required (selects the gateway"
                + " node, e.g. {matchLabels: {egress-node: \"true\"}})"),
        problems(spec(SEL, DST, "  egressGateway:\n    interface: eth0\n")));
  }

  @Test
  void interfaceAndEgressIpAreExclusive() {
    assertEquals(
        List.of(
            "policy.yaml:13:5: spec.egressGateway: interface and egressIP are mutually exclusive"
                + " (set only one; Cilium rejects the policy)"),
        problems(spec(SEL, DST, GW + "    egressIP: 10.0.1.100\n")));
  }

  @Test
  void aSelectorNeedsPodOrNamespaceSelector() {
    assertEquals(
        List.of(
            "policy.yaml:7:5: spec.selectors[0]: needs a podSelector or a namespaceSelector"
                + " (Cilium rejects the policy: cannot have both nil namespace selector and nil pod"
                + " selector)"),
        problems(spec("  selectors:\n  - {}\n", DST, GW)));
  }

  @Test
  void operatorsAreAnEnum() {
    String sel =
        "  selectors:\n  - podSelector:\n      matchExpressions:\n      - key: app\n"
            + "        operator: Equals\n        values: [a]\n";
    assertEquals(
        List.of(
            "policy.yaml:10:19: spec.selectors[0].podSelector.matchExpressions[0].operator:"
                + " \"Equals\" is not a supported operator (must be one of In, NotIn, Exists,"
                + " DoesNotExist)"),
        problems(spec(sel, DST, GW)));
  }

  @Test
  void valuesMustFitTheOperator() {
    String in =
        "  selectors:\n  - podSelector:\n      matchExpressions:\n      - {key: app, operator:"
            + " In}\n";
    assertEquals(
        List.of(
            "policy.yaml:9:9: spec.selectors[0].podSelector.matchExpressions[0].values: must be"
                + " a non-empty list for operator In (e.g. values: [a, b])"),
        problems(spec(in, DST, GW)));
    String exists =
        "  selectors:\n  - podSelector:\n      matchExpressions:\n      - {key: app, operator:"
            + " Exists, values: [x]}\n";
    assertEquals(
        List.of(
            "policy.yaml:9:46: spec.selectors[0].podSelector.matchExpressions[0].values: must be"
                + " empty for operator Exists (remove values)"),
        problems(spec(exists, DST, GW)));
  }

  @Test
  void labelValuesFollowTheCrdPattern() {
    String longValue = "a".repeat(64);
    assertEquals(
        List.of(
            "policy.yaml:9:14: spec.selectors[0].podSelector.matchLabels.app: label value is 64"
                + " characters long; at most 63 are allowed"),
        problems(spec(SEL.replace("my-app", longValue), DST, GW)));
    assertEquals(
        List.of(
            "policy.yaml:9:14: spec.selectors[0].podSelector.matchLabels.app: \"my app\" is not a"
                + " valid label value (letters, digits, '-', '_' and '.', starting and ending with"
                + " a letter or digit)"),
        problems(spec(SEL.replace("my-app", "\"my app\""), DST, GW)));
  }

  @Test
  void unquotedBooleanLabelValuesAreRefused() {
    assertEquals(
        List.of(
            "policy.yaml:15:22: spec.egressGateway.nodeSelector.matchLabels.egress-node: must"
                + " be a string, got a boolean (true); quote it if you mean the text: \"true\""),
        problems(spec(SEL, DST, GW.replace("\"true\"", "true"))));
  }

  @Test
  void ipv6CidrsAreErrorsUnder116AndWarningsUnder118() {
    String dst = DST + "  - \"2001:db8::/64\"\n";
    assertEquals(
        List.of(
            "policy.yaml:12:5: spec.destinationCIDRs[1]: \"2001:db8::/64\" is an IPv6 CIDR; Cilium"
                + " 1.16 accepts only IPv4 CIDRs here (IPv6 arrived in 1.18)"),
        problems(spec(SEL, dst, GW)));
    assertEquals(
        List.of(
            "policy.yaml:12:5: warning: spec.destinationCIDRs[1]: IPv6 CIDR accepted by Cilium"
                + " 1.18, but egret models the IPv4 map only: no entry is computed for it"),
        problems(CiliumVersion.V1_18, spec(SEL, dst, GW)));
    assertEquals(1, count(CiliumVersion.V1_18, spec(SEL, dst, GW)));
  }

  @Test
  void egressIpMustBeIpv4() {
    assertEquals(
        List.of(
            "policy.yaml:16:15: spec.egressGateway.egressIP: \"fd00::1\" is an IPv6 address; only"
                + " IPv4 is allowed here (e.g. 172.18.0.3)"),
        problems(spec(SEL, DST, GW.replace("interface: eth0", "egressIP: \"fd00::1\""))));
  }

  @Test
  void versionGatedFieldsAreWarnings() {
    String sel = SEL + "    nodeSelector:\n      matchLabels: {zone: a}\n";
    assertEquals(
        List.of(
            "policy.yaml:10:5: warning: spec.selectors[0].nodeSelector: supported from Cilium"
                + " 1.17; ignored under 1.16 (the policy applies to pods on every node)"),
        problems(spec(sel, DST, GW)));
    String gws = GW + "  egressGateways:\n  - nodeSelector: {matchLabels: {a: b}}\n";
    assertEquals(
        List.of(
            "policy.yaml:17:3: warning: spec.egressGateways: supported from Cilium 1.18; ignored"
                + " under 1.16 (egressGateway is used)"),
        problems(spec(SEL, DST, gws)));
    assertEquals(List.of(), problems(CiliumVersion.V1_18, spec(sel, DST, gws)));
  }

  @Test
  void typosInTheSpecAreWarnings() {
    assertEquals(
        List.of(
            "policy.yaml:12:3: warning: spec.excludedCIDR: unknown field of a"
                + " CiliumEgressGatewayPolicy spec (did you mean \"excludedCIDRs\"?); ignored"),
        problems(spec(SEL, DST + "  excludedCIDR: [10.1.0.0/16]\n", GW)));
  }

  @Test
  void hostBitsAreKeptWithAWarning() {
    assertEquals(
        List.of(
            "policy.yaml:12:5: warning: spec.destinationCIDRs[1]: \"1.1.1.5/24\" has host bits set;"
                + " Cilium keeps it as written and the kernel matches 1.1.1.0/24 (did you mean"
                + " 1.1.1.0/24?)"),
        problems(spec(SEL, DST + "  - 1.1.1.5/24\n", GW)));
  }

  @Test
  void policyKindsAreCheckedAgainstTheVersion() {
    assertEquals(
        List.of(
            "policy.yaml:2:7: kind: CiliumEgressGatewayPolicy needs Cilium 1.12 or later; the"
                + " scenario's version is 1.10 (write a cilium.io/v2alpha1 CiliumEgressNATPolicy,"
                + " or set spec.cilium.version: \"1.16\")"),
        problems(CiliumVersion.V1_10, spec(SEL, DST, GW)));
    String cenp =
        "apiVersion: cilium.io/v2alpha1\nkind: CiliumEgressNATPolicy\nmetadata: {name: egress}\n"
            + "spec:\n  egress: [{podSelector: {}}]\n  destinationCIDRs: [172.18.0.0/16]\n"
            + "  egressSourceIP: 172.18.0.3\n";
    assertEquals(
        List.of(
            "policy.yaml:2:7: kind: CiliumEgressNATPolicy was removed in Cilium 1.13; the"
                + " scenario's version is 1.16 (rewrite it as a cilium.io/v2"
                + " CiliumEgressGatewayPolicy, or set spec.cilium.version: \"1.10\")"),
        problems(cenp));
    assertEquals(List.of(), problems(CiliumVersion.V1_10, cenp));
    assertEquals(
        List.of(
            "policy.yaml:1:13: apiVersion: \"cilium.io/v2alpha1\" is not an apiVersion of"
                + " CiliumEgressGatewayPolicy (use cilium.io/v2)"),
        problems(spec(SEL, DST, GW).replace("cilium.io/v2", "cilium.io/v2alpha1")));
  }

  @Test
  void unknownKindsAreSkippedWithAWarning() {
    assertEquals(
        List.of(
            "policy.yaml:2:7: warning: kind: kind \"Service\" (v1) is not one egret models;"
                + " skipped"),
        problems("apiVersion: v1\nkind: Service\nmetadata: {name: s}\n"));
  }

  @Test
  void onePassReportsEveryProblem() {
    String bad =
        HEAD
            + "spec:\n  selectors:\n  - {}\n  destinationCIDRs: [10.0.0.0/33, banana]\n"
            + "  egressGateway:\n    nodeSelector: {}\n    interface: eth0\n    egressIP: 1.2.3.4\n";
    assertEquals(4, problems(bad).size(), problems(bad).toString());
  }

  @Test
  void deploymentSelectorMustMatchTemplate() {
    String d =
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\n"
            + "spec:\n  replicas: 3\n  selector: {matchLabels: {app: web}}\n"
            + "  template:\n    metadata: {labels: {app: api}}\n    spec: {containers: []}\n";
    assertEquals(
        List.of(
            "policy.yaml:6:13: spec.selector: does not match spec.template.metadata.labels"
                + " {app=api} (Kubernetes rejects it: selector does not match template labels)"),
        problems(d));
  }

  @Test
  void parsingTheSameObjectTwiceGivesTheSameSelectors() {
    // reference §7.5: the parser must not mutate the CEGP (the pre-236ed15d quirk double-prefixed)
    String ns =
        "  selectors:\n  - namespaceSelector:\n      matchLabels: {test-key: ns-test-value-1}\n";
    Problems p = new Problems();
    CiliumEgressGatewayPolicy c =
        (CiliumEgressGatewayPolicy)
            new ResourceLoader(CiliumVersion.V1_16).load(spec(ns, DST, GW), "p.yaml", p).get(0);
    var first =
        dev.egret.topology.controlplane.egressgateway.PolicyConfig.parseCegp(
            c, CiliumVersion.V1_16);
    var second =
        dev.egret.topology.controlplane.egressgateway.PolicyConfig.parseCegp(
            c, CiliumVersion.V1_16);
    assertEquals(first, second);
    assertEquals(
        "io.cilium.k8s.namespace.labels.test-key=ns-test-value-1",
        first.selectors().get(0).selector().toString());
    assertEquals(
        "test-key=ns-test-value-1", c.spec().selectors().get(0).namespaceSelector().toString());
  }

  @Test
  void multiGatewayEntriesEachRejectInterfaceWithEgressIp() {
    String gws =
        GW
            + "  egressGateways:\n"
            + "  - {nodeSelector: {matchLabels: {a: b}}, interface: eth0, egressIP: 10.0.0.1}\n"
            + "  - {nodeSelector: {matchLabels: {a: c}}, interface: eth1, egressIP: 10.0.0.2}\n";
    List<String> ps = problems(CiliumVersion.V1_18, spec(SEL, DST, gws));
    assertEquals(2, ps.size(), ps.toString());
    assertEquals(
        "policy.yaml:18:5: spec.egressGateways[0]: interface and egressIP are mutually exclusive"
            + " (set only one; Cilium rejects the policy)",
        ps.get(0));
  }

  @Test
  void dualStackDestinationsAreAcceptedUnder118() {
    String dst = "  destinationCIDRs: [0.0.0.0/0, \"::/0\"]\n";
    assertEquals(1, count(CiliumVersion.V1_18, spec(SEL, dst, GW)));
    assertEquals(
        1,
        count(
            CiliumVersion.V1_18,
            spec(SEL, dst, GW.replace("interface: eth0", "egressIP: 10.0.1.100"))));
  }
}
