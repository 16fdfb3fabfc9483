package dev.egret.topology.controlplane.egressgateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.egret.topology.controlplane.CiliumVersion;
import dev.egret.topology.k8s.CiliumEgressGatewayPolicy;
import dev.egret.topology.k8s.ResourceLoader;
import dev.egret.topology.yaml.Problems;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * reference §7.5 TestPrivilegedEgressGatewayCEGPParser, the cases that apply to IPv4 and the CRD:
 * each input either installs (one policy bound, no error) or is rejected (errors, nothing bound).
 * IPv6 egressIP values are rejected by the 1.16–1.18 CRD ({@code Format=ipv4}); main accepts them.
 */
class CegpParserConformanceTest {
  private static final String SEL =
      "  selectors: [{podSelector: {matchLabels: {test-key: test-value-1}}}]\n";
  private static final String DST = "  destinationCIDRs: [1.1.1.0/24]\n";
  private static final String GW =
      "  egressGateway: {nodeSelector: {matchLabels: {label1: \"1\"}}, interface: cilium_egw1}\n";

  private static int[] load(CiliumVersion v, String name, String spec) {
    Problems p = new Problems();
    List<?> rs =
        new ResourceLoader(v)
            .load(
                "apiVersion: cilium.io/v2\nkind: CiliumEgressGatewayPolicy\nmetadata: {name: "
                    + name
                    + "}\nspec:\n"
                    + spec,
                "p.yaml",
                p);
    if (!rs.isEmpty()) {
      // the parser must not mutate the object: parsing twice gives the same config
      CiliumEgressGatewayPolicy c = (CiliumEgressGatewayPolicy) rs.get(0);
      assertEquals(PolicyConfig.parseCegp(c, v), PolicyConfig.parseCegp(c, v));
    }
    return new int[] {rs.size(), p.errorCount()};
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "empty name                         | 1.16 | '\"\"' | SEL DST GW | false",
        "destinationCIDRs nil               | 1.16 | p      | SEL GW     | false",
        "egressGateway nil, no list         | 1.16 | p      | SEL DST    | false",
        "egressGateway and egressGateways nil | 1.18 | p    | SEL DST    | false",
        "both selectors nil                 | 1.16 | p      | NOSEL DST GW | false",
        "podSelector                        | 1.16 | p      | SEL DST GW | true",
        "namespaceSelector                  | 1.16 | p      | NSSEL DST GW | true",
        "two gateways with interface and egressIP | 1.18 | p | SEL DST GW BOTH2 | false",
        "IPv4 egressIP with IPv6 destination | 1.18 | p     | SEL DST6 GWIP | true",
        "dual-stack destinations, IPv4 egressIP | 1.18 | p  | SEL DUAL GWIP | true",
        "dual-stack destinations, interface | 1.18 | p      | SEL DUAL GW | true",
        "IPv6 egressIP (CRD Format=ipv4)    | 1.18 | p      | SEL DST6 GWIP6 | false",
      })
  void parserCases(String name, String version, String policyName, String parts, boolean ok) {
    StringBuilder spec = new StringBuilder();
    for (String part : parts.split(" ")) {
      spec.append(
          switch (part) {
            case "SEL" -> SEL;
            case "NOSEL" -> "  selectors: [{}]\n";
            case "NSSEL" ->
                "  selectors: [{namespaceSelector: {matchLabels: {test-key: ns-test-value-1}}}]\n";
            case "DST" -> DST;
            case "DST6" -> "  destinationCIDRs: [\"2001:db8::/64\"]\n";
            case "DUAL" -> "  destinationCIDRs: [1.1.1.0/24, \"2001:db8::/64\"]\n";
            case "GW" -> GW;
            case "GWIP" ->
                "  egressGateway: {nodeSelector: {matchLabels: {label1: \"1\"}}, egressIP: 192.168.101.1}\n";
            case "GWIP6" ->
                "  egressGateway: {nodeSelector: {matchLabels: {label1: \"1\"}}, egressIP: \"2001:db8:101::1\"}\n";
            case "BOTH2" ->
                "  egressGateways:\n"
                    + "  - {nodeSelector: {matchLabels: {a: b}}, interface: eth0, egressIP: 10.0.0.1}\n"
                    + "  - {nodeSelector: {matchLabels: {a: c}}, interface: eth1, egressIP: 10.0.0.2}\n";
            default -> throw new IllegalArgumentException(part);
          });
    }
    int[] r = load(CiliumVersion.parse(version), policyName, spec.toString());
    assertEquals(ok ? 1 : 0, r[0], name);
    assertEquals(ok, r[1] == 0, name);
  }
}
