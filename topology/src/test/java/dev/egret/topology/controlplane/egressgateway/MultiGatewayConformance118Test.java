package dev.egret.topology.controlplane.egressgateway;

import static dev.egret.topology.controlplane.egressgateway.Fixture.E1;
import static dev.egret.topology.controlplane.egressgateway.Fixture.EP1_LABELS;
import static dev.egret.topology.controlplane.egressgateway.Fixture.K8S1;
import static dev.egret.topology.controlplane.egressgateway.Fixture.K8S2;
import static dev.egret.topology.controlplane.egressgateway.Fixture.K8S3;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.egret.topology.controlplane.CiliumVersion;
import dev.egret.topology.model.Labels;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** reference §7.4 TestPrivilegedMultigatewayPolicy under 1.18, with the FNV-1a vectors of §2.1. */
class MultiGatewayConformance118Test {
  static final String UID_A = "a";
  static final String UID_7C = "7c22952d-25a0-409d-952c-60895b5c2a90";
  static final String UID_ZERO = "00000000-0000-0000-0000-000000000000";
  static final String UID_123 = "123456";

  @Test
  void fnv1aVectors() {
    assertEquals(0xe40c292cL, Fnv1a32.hash("a"));
    assertEquals(1233717323L, Fnv1a32.hash(UID_7C));
    assertEquals(3192360657L, Fnv1a32.hash(UID_ZERO));
    assertEquals(2576725674L, Fnv1a32.hash(UID_123));
    assertEquals(1, Fnv1a32.hash(UID_7C) % 2);
    assertEquals(2, Fnv1a32.hash(UID_7C) % 3);
    assertEquals(1, Fnv1a32.hash(UID_ZERO) % 2);
    assertEquals(0, Fnv1a32.hash(UID_ZERO) % 3);
    assertEquals(0, Fnv1a32.hash(UID_123) % 2);
    assertEquals(0, Fnv1a32.hash(UID_A) % 2);
    assertEquals(0xe40c292cL % 3, Fnv1a32.hash(UID_A) % 3);
  }

  private static String policy(String gateways) {
    return "apiVersion: cilium.io/v2\nkind: CiliumEgressGatewayPolicy\nmetadata: {name: policy-1}\n"
        + "spec:\n  selectors: [{podSelector: {matchLabels: {test-key: test-value-1}}}]\n"
        + "  destinationCIDRs: [1.1.1.0/24, \"2001:db8::/64\"]\n"
        + "  egressGateway: {nodeSelector: {matchLabels: {label1: \"1\"}}, interface: cilium_egw1}\n"
        + gateways;
  }

  private static final String TWO =
      "  egressGateways:\n"
          + "  - {nodeSelector: {matchLabels: {label1: \"1\"}}, interface: cilium_egw1}\n"
          + "  - {nodeSelector: {matchLabels: {label2: \"2\"}}, interface: cilium_egw2}\n";
  private static final String THREE =
      TWO + "  - {nodeSelector: {matchLabels: {label3: \"3\"}}, interface: cilium_egw2}\n";

  /** The entry of an endpoint sent to gateway {@code gw} (the local node k8s1 or another). */
  private static String entry(String ip, String gw) {
    return switch (gw) {
      case K8S1 -> ip + " 1.1.1.0/24 : " + E1 + " / 192.168.1.1";
      case K8S2 -> ip + " 1.1.1.0/24 : 0.0.0.0 / 192.168.1.2";
      case K8S3 -> ip + " 1.1.1.0/24 : 0.0.0.0 / 192.168.1.3";
      default -> ip + " 1.1.1.0/24 : 0.0.0.0 / 0.0.0.0";
    };
  }

  @Test
  void testPrivilegedMultigatewayPolicy() {
    Fixture f = new Fixture(CiliumVersion.V1_18, K8S1, K8S2);
    Map<String, String> uids =
        Map.of("10.0.0.1", UID_7C, "10.0.0.2", UID_ZERO, "10.0.0.3", UID_123, "10.0.0.4", UID_A);
    f.apply(policy(TWO));
    uids.forEach((ip, uid) -> f.addEndpoint("ep-" + ip.charAt(7), uid, ip, EP1_LABELS));

    // 1. mod 2 over [k8s1 (192.168.1.1), k8s2 (192.168.1.2)]
    String[] step1 = {
      entry("10.0.0.1", K8S2), // 7c22…: mod 2 = 1
      entry("10.0.0.2", K8S2), // zero UID: mod 2 = 1
      entry("10.0.0.3", K8S1), // "123456": mod 2 = 0
      entry("10.0.0.4", K8S1) // "a": 0xe40c292c is even
    };
    f.assertMap(K8S1, step1);

    // 2. delete ep-1: the others keep their gateways
    f.manager.deleteEndpoint(UID_7C);
    f.assertMap(K8S1, step1[1], step1[2], step1[3]);

    // 3. re-add ep-1 with the same UID
    f.addEndpoint("ep-1", UID_7C, "10.0.0.1", EP1_LABELS);
    f.assertMap(K8S1, step1);

    // 4. node k8s3 and a third gateway: mod 3 over [k8s1, k8s2, k8s3]
    f.addNode(K8S3);
    f.apply(policy(THREE));
    String[] byMod3 = {K8S1, K8S2, K8S3};
    f.assertMap(
        K8S1,
        entry("10.0.0.1", byMod3[2]), // 7c22…: mod 3 = 2
        entry("10.0.0.2", byMod3[0]), // zero UID: mod 3 = 0
        entry("10.0.0.3", byMod3[(int) (Fnv1a32.hash(UID_123) % 3)]),
        entry("10.0.0.4", byMod3[(int) (Fnv1a32.hash(UID_A) % 3)]));

    // 5. k8s2 relabelled notfound: 1.18 keeps the entry as a 0.0.0.0 slot, which sorts first
    f.cluster.labelNode(K8S2, Map.of("label1", "notfound"), java.util.List.of("label2"));
    String[] slots = {"none", K8S1, K8S3};
    f.assertMap(
        K8S1,
        entry("10.0.0.1", slots[2]),
        entry("10.0.0.2", slots[0]),
        entry("10.0.0.3", slots[(int) (Fnv1a32.hash(UID_123) % 3)]),
        entry("10.0.0.4", slots[(int) (Fnv1a32.hash(UID_A) % 3)]));

    // 6. the first gateway only (egressGateway alone): everyone goes to k8s1 with its egress IP
    f.apply(policy(""));
    f.assertMap(
        K8S1,
        entry("10.0.0.1", K8S1),
        entry("10.0.0.2", K8S1),
        entry("10.0.0.3", K8S1),
        entry("10.0.0.4", K8S1));
    assertEquals(Labels.of("label1", "notfound"), f.cluster.node(K8S2).labels());
  }
}
