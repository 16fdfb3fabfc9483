package dev.egret.scenarios.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.egret.scenarios.record.FlowRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole --out directory, read back the way users' tools read it. */
class RunOutputsTest {
  @TempDir Path parent;

  @Test
  void aFinishedRunLeavesEveryFileAndFlowsParseLineByLine() throws IOException {
    Path target = parent.resolve("out");
    List<FlowRecord> records =
        List.of(
            Flows.toOverlay(),
            Flows.gatewayAfterSnat(),
            Flows.replyToEndpoint(),
            Flows.noEgressGateway());
    try (RunOutputs out = RunOutputs.open(target, 7)) {
      out.pcaps().open("worker-2", "eth0");
      for (FlowRecord r : records) {
        out.flow(r);
        if (r.node().equals("worker-2")) {
          out.pcaps().write(r.node(), r.ifname(), r.timeNanos(), r.frame(), 0, r.frame().length);
        }
      }
      out.egressList("worker-1", "Source IP   Destination CIDR   Egress IP   Gateway IP\n");
      assertEquals(4, out.flowCount());
      out.finish(ResultJsonTest.specExample());
    }
    assertEquals(
        List.of("egress-worker-1.txt", "flows.jsonl", "result.json", "worker-2-eth0.pcap"),
        list(target));
    assertEquals(List.of("out"), list(parent));
    assertEquals(ResultJsonTest.specExample(), ResultJson.read(target.resolve("result.json")));

    ObjectMapper json = new ObjectMapper();
    List<JsonNode> flows = new ArrayList<>();
    try (BufferedReader r =
        Files.newBufferedReader(target.resolve(OutputFiles.FLOWS_JSONL), StandardCharsets.UTF_8)) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        flows.add(json.readTree(line));
      }
    }
    assertEquals(4, flows.size());
    // what `jq 'select(.flow.verdict == "DROPPED") | .flow.drop_reason_desc'` would find
    List<String> dropped = new ArrayList<>();
    for (JsonNode f : flows) {
      if (f.at("/flow/verdict").asText().equals("DROPPED")) {
        dropped.add(f.at("/flow/drop_reason_desc").asText());
      }
    }
    assertEquals(List.of("NO_EGRESS_GATEWAY"), dropped);
    // `hubble observe --from-pod default/client-abc`-like selection by source pod
    long fromClient =
        flows.stream()
            .filter(f -> "client-abc".equals(f.at("/flow/source/pod_name").asText()))
            .filter(f -> "default".equals(f.at("/flow/source/namespace").asText()))
            .count();
    assertEquals(3, fromClient);
    JsonNode snat = flows.get(1).get("flow");
    assertEquals("192.0.2.10", snat.at("/IP/source_xlated").asText());
    assertEquals("default/worker-2", snat.get("node_name").asText());
    assertTrue(flows.get(2).at("/flow/is_reply").asBoolean());
  }

  @Test
  void aRunThatFailsBeforeFinishingLeavesNothing() throws IOException {
    Path target = parent.resolve("out");
    assertThrows(
        IllegalStateException.class,
        () -> {
          try (RunOutputs out = RunOutputs.open(target, 7)) {
            out.pcaps().open("worker-2", "eth0");
            out.flow(Flows.toOverlay());
            throw new IllegalStateException("engine failed");
          }
        });
    assertFalse(Files.exists(target));
    assertEquals(List.of(), list(parent));
  }

  @Test
  void equalRunsWriteByteIdenticalFlows() throws IOException {
    Path a = parent.resolve("a");
    Path b = parent.resolve("b");
    for (Path p : List.of(a, b)) {
      try (RunOutputs out = RunOutputs.open(p, 42)) {
        out.flow(Flows.toOverlay());
        out.flow(Flows.gatewayAfterSnat());
        out.finish(ResultJsonTest.specExample());
      }
    }
    for (String f : List.of(OutputFiles.FLOWS_JSONL, OutputFiles.RESULT_JSON)) {
      assertEquals(Files.readString(a.resolve(f)), Files.readString(b.resolve(f)), f);
    }
  }

  private static List<String> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
