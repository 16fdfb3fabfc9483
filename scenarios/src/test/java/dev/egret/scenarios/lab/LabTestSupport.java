package dev.egret.scenarios.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.datapath.net.Ip4;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Shared checks of the lab tests. */
final class LabTestSupport {
  private LabTestSupport() {}

  /**
   * No lab namespace and no lab link is left on the machine. Checked under the machine-wide lab
   * lock, so a lab another process is running (another build on the same machine) is not mistaken
   * for a leftover of this one.
   */
  static void assertNoLabLeft() {
    try (AutoCloseable lock = LabState.lock()) {
      assertEquals(List.of(), LabNetwork.existingLabNamespaces(), "lab namespaces left behind");
      assertEquals(List.of(), LabNetwork.strayRootLinks(), "lab links left in the root namespace");
    } catch (Exception e) {
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e);
    }
  }

  /**
   * Decodes the underlay capture with tshark: VXLAN on UDP 8472 whose VNI is the pod's identity
   * (toward the gateway), and the egress IP as the source of what the gateway sends the external.
   */
  static void checkCapture(Path pcap, LabScenario ls, String gateway, Lab.Validation v) {
    assertTrue(Files.exists(pcap), pcap + " written");
    assertTrue(Sh.has("tshark"), "tshark is installed (.ci/run installs it)");
    String vx =
        Sh.run(
            "tshark",
            "-r",
            pcap.toString(),
            "-d",
            "udp.port==8472,vxlan",
            "-Y",
            "vxlan",
            "-T",
            "fields",
            "-e",
            "udp.dstport",
            "-e",
            "vxlan.vni",
            "-e",
            "ip.src",
            "-e",
            "ip.dst");
    List<String[]> rows = new ArrayList<>();
    for (String line : vx.split("\n")) {
      if (!line.isBlank() && !line.startsWith("Running as")) {
        rows.add(line.split("\t"));
      }
    }
    assertTrue(!rows.isEmpty(), "VXLAN frames on the underlay");
    int gw =
        ls.map()
            .toLab(
                ls.scenario().nodes().stream()
                    .filter(n -> n.name().equals(gateway))
                    .findFirst()
                    .orElseThrow()
                    .internalIp());
    Set<Integer> vnisToGateway = new HashSet<>();
    for (String[] r : rows) {
      assertEquals("8472", r[0], "VXLAN rides on UDP 8472");
      String[] outerDst = r[3].split(",");
      if (Ip4.parse(outerDst[0]) == gw) {
        vnisToGateway.add(Integer.parseInt(r[1]));
      }
    }
    // The identity the simulator gave the pod is the VNI on the wire.
    int podIdentity = v.simulatedIdentity("default/my-app");
    assertEquals(podIdentity, (int) v.live().identities().get("default/my-app"));
    assertEquals(Set.of(podIdentity), vnisToGateway, "VNI = the pod's security identity");
    // On the external side, the source is the egress IP.
    int ext = ls.map().toLab(ls.scenario().external("echo").ip());
    String toExt =
        Sh.run(
            "tshark",
            "-r",
            pcap.toString(),
            "-d",
            "udp.port==8472,vxlan",
            "-Y",
            "not vxlan and tcp.dstport == 80 and ip.dst == " + Ip4.format(ext),
            "-T",
            "fields",
            "-e",
            "ip.src");
    Set<String> sources = new HashSet<>();
    for (String line : toExt.split("\n")) {
      if (!line.isBlank() && !line.startsWith("Running as")) {
        sources.add(line.trim());
      }
    }
    String egress = Ip4.format(ls.map().toLab(Ip4.parse("172.18.0.3")));
    String otherNode = Ip4.format(ls.map().toLab(Ip4.parse("172.18.0.5")));
    assertTrue(
        sources.contains(egress),
        "egress IP " + egress + " as source toward the external: " + sources);
    assertTrue(
        sources.stream().allMatch(s -> s.equals(egress) || s.equals(otherNode)),
        "only the egress IP (my-app) and other-app's own node: " + sources);
  }
}
