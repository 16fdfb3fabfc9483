package dev.egret.scenarios.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.egret.scenarios.result.ActionResult;
import dev.egret.scenarios.result.ConnectionResult;
import dev.egret.scenarios.result.ExpectationResult;
import dev.egret.scenarios.result.RunResult;
import dev.egret.scenarios.result.SnatPressure;
import dev.egret.scenarios.result.Stats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultJsonTest {

  /** SPEC.md §5's example document, verbatim. */
  static final String SPEC_EXAMPLE =
      """
      {
        "scenario": "reschedule-keeps-egress-ip", "seed": 7, "ciliumVersion": "1.16", "passed": true,
        "actions": [
          {"index": 0, "at": "0s", "kind": "http", "from": "default/my-app", "to": "172.18.0.100:80",
           "connections": [
             {"pod": "default/my-app", "podIP": "10.0.1.12", "node": "k8s-worker-1",
              "seenSource": "172.18.0.3", "seenSourcePort": 40112, "gateway": "k8s-worker-2",
              "verdict": "FORWARDED", "dropReason": null, "replyReceived": true, "rttMicros": 412}]}
        ],
        "expectations": [{"where": "timeline[0].expect.seenSource", "expected": "172.18.0.3",
                          "actual": "172.18.0.3", "passed": true}],
        "drops": {"NO_EGRESS_GATEWAY": 0},
        "snat": {"k8s-worker-2": {"mappings": 1, "maxRetries": 0, "exhausted": 0}},
        "stats": {"events": 1234, "packets": 18, "simulatedNanos": 7000000000}
      }
      """;

  /** The SPEC example as a RunResult (plus an empty warnings list). */
  static RunResult specExample() {
    ConnectionResult c =
        new ConnectionResult(
            "default/my-app",
            "10.0.1.12",
            "k8s-worker-1",
            "172.18.0.3",
            40112,
            "k8s-worker-2",
            ConnectionResult.FORWARDED,
            null,
            true,
            412L);
    ActionResult a =
        new ActionResult(0, "0s", "http", "default/my-app", "172.18.0.100:80", List.of(c));
    TreeMap<String, Long> drops = new TreeMap<>();
    drops.put("NO_EGRESS_GATEWAY", 0L);
    TreeMap<String, SnatPressure> snat = new TreeMap<>();
    snat.put("k8s-worker-2", new SnatPressure(1, 0, 0));
    return new RunResult(
        "reschedule-keeps-egress-ip",
        7,
        "1.16",
        true,
        List.of(a),
        List.of(
            new ExpectationResult(
                "timeline[0].expect.seenSource", "172.18.0.3", "172.18.0.3", true)),
        drops,
        snat,
        new Stats(1234, 18, 7_000_000_000L),
        List.of());
  }

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void specExampleHasTheSpecsFieldsValuesAndKeyOrder() throws IOException {
    JsonNode ours = json.readTree(ResultJson.toJson(specExample()));
    JsonNode spec = json.readTree(SPEC_EXAMPLE);

    assertEquals("warnings", lastFieldName(ours), "the extension comes last");
    assertTrue(ours.get("warnings").isArray() && ours.get("warnings").isEmpty());
    ((ObjectNode) ours).remove("warnings");

    assertEquals(spec, ours);
    assertSameKeyOrder(spec, ours, "$");
  }

  @Test
  void prettyPrintsWithTwoSpacesAndATrailingNewline() {
    String text = ResultJson.toJson(specExample());
    String expected =
        """
        {
          "scenario": "reschedule-keeps-egress-ip",
          "seed": 7,
          "ciliumVersion": "1.16",
          "passed": true,
          "actions": [
            {
              "index": 0,
              "at": "0s",
              "kind": "http",
              "from": "default/my-app",
              "to": "172.18.0.100:80",
              "connections": [
                {
                  "pod": "default/my-app",
                  "podIP": "10.0.1.12",
                  "node": "k8s-worker-1",
                  "seenSource": "172.18.0.3",
                  "seenSourcePort": 40112,
                  "gateway": "k8s-worker-2",
                  "verdict": "FORWARDED",
                  "dropReason": null,
                  "replyReceived": true,
                  "rttMicros": 412
                }
              ]
            }
          ],
          "expectations": [
            {
              "where": "timeline[0].expect.seenSource",
              "expected": "172.18.0.3",
              "actual": "172.18.0.3",
              "passed": true
            }
          ],
          "drops": {
            "NO_EGRESS_GATEWAY": 0
          },
          "snat": {
            "k8s-worker-2": {
              "mappings": 1,
              "maxRetries": 0,
              "exhausted": 0
            }
          },
          "stats": {
            "events": 1234,
            "packets": 18,
            "simulatedNanos": 7000000000
          },
          "warnings": []
        }
        """;
    assertEquals(expected, text);
  }

  @Test
  void roundTripsToAnEqualResult() throws IOException {
    RunResult r = dropped();
    RunResult back = ResultJson.read(ResultJson.toJson(r));
    assertEquals(r, back);
    assertEquals(specExample(), ResultJson.read(ResultJson.toJson(specExample())));
  }

  @Test
  void equalResultsGiveByteIdenticalFiles(@TempDir Path dir) throws IOException {
    Path a = dir.resolve("a.json");
    Path b = dir.resolve("b.json");
    ResultJson.write(dropped(), a);
    ResultJson.write(dropped(), b);
    byte[] bytesA = Files.readAllBytes(a);
    assertEquals(
        new String(bytesA, StandardCharsets.UTF_8),
        new String(Files.readAllBytes(b), StandardCharsets.UTF_8));
    assertEquals(ResultJson.toJson(dropped()), new String(bytesA, StandardCharsets.UTF_8));
    assertEquals(dropped(), ResultJson.read(a));
  }

  @Test
  void nullsAreWrittenAndSortedMapsStaySorted() throws IOException {
    String text = ResultJson.toJson(dropped());
    JsonNode c = json.readTree(text).get("actions").get(0).get("connections").get(0);
    assertTrue(c.get("seenSource").isNull());
    assertTrue(c.get("seenSourcePort").isNull());
    assertTrue(c.get("gateway").isNull());
    assertTrue(c.get("rttMicros").isNull());
    assertEquals("NO_EGRESS_GATEWAY", c.get("dropReason").asText());
    assertEquals(
        List.of("NO_EGRESS_GATEWAY", "NO_MAPPING_FOR_NAT_MASQUERADE", "POLICY_DENIED"),
        fieldNames(json.readTree(text).get("drops")));
    assertEquals(List.of("a-gw", "b-gw"), fieldNames(json.readTree(text).get("snat")));
    assertTrue(text.contains("\"warnings\": [\n    \"two policies produce the same key\"\n  ]"));
  }

  @Test
  void readRejectsUnknownFields() {
    String text = ResultJson.toJson(specExample()).replace("\"seed\"", "\"sead\"");
    assertThrows(IOException.class, () -> ResultJson.read(text));
  }

  @Test
  void emptyContainersAreCompact() {
    RunResult r =
        new RunResult(
            "empty",
            1,
            "1.16",
            false,
            List.of(),
            List.of(),
            new TreeMap<>(),
            new TreeMap<>(),
            new Stats(0, 0, 0),
            List.of());
    String text = ResultJson.toJson(r);
    assertTrue(text.contains("\"actions\": [],\n"), text);
    assertTrue(text.contains("\"drops\": {},\n"), text);
    assertFalse(text.contains("[ ]") || text.contains("{ }"), text);
  }

  static RunResult dropped() {
    ConnectionResult c =
        new ConnectionResult(
            "default/my-app",
            "10.0.1.12",
            "k8s-worker-1",
            null,
            null,
            null,
            ConnectionResult.DROPPED,
            "NO_EGRESS_GATEWAY",
            false,
            null);
    TreeMap<String, Long> drops = new TreeMap<>();
    drops.put("POLICY_DENIED", 0L);
    drops.put("NO_EGRESS_GATEWAY", 3L);
    drops.put("NO_MAPPING_FOR_NAT_MASQUERADE", 1L);
    TreeMap<String, SnatPressure> snat = new TreeMap<>();
    snat.put("b-gw", new SnatPressure(10, 2, 1));
    snat.put("a-gw", new SnatPressure(0, 0, 0));
    return new RunResult(
        "no-gateway",
        42,
        "1.18",
        false,
        List.of(
            new ActionResult(0, "1.5s", "tcp", "default/my-app", "198.51.100.10:443", List.of(c)),
            new ActionResult(1, "2s", "reschedule", null, null, List.of())),
        List.of(
            new ExpectationResult(
                "timeline[0].expect.verdict", "FORWARDED", "DROPPED (NO_EGRESS_GATEWAY)", false)),
        drops,
        snat,
        new Stats(99, 7, 12_000_000_000L),
        List.of("two policies produce the same key"));
  }

  private static String lastFieldName(JsonNode n) {
    String last = null;
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      last = it.next();
    }
    return last;
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> names = new ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static void assertSameKeyOrder(JsonNode expected, JsonNode actual, String path) {
    if (expected.isObject()) {
      assertEquals(fieldNames(expected), fieldNames(actual), "key order at " + path);
      for (String name : fieldNames(expected)) {
        assertSameKeyOrder(expected.get(name), actual.get(name), path + "." + name);
      }
    } else if (expected.isArray()) {
      for (int i = 0; i < expected.size(); i++) {
        assertSameKeyOrder(expected.get(i), actual.get(i), path + "[" + i + "]");
      }
    }
  }
}
