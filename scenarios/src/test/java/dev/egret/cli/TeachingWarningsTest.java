package dev.egret.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * Inputs Cilium accepts but that surprise people are reported where they can be known: {@code egret
 * validate} (after building the cluster and reconciling once) and {@code egret run}'s report and
 * {@code result.json} give the same located line, which says what Cilium will do and links to the
 * Cilium issue or document that describes it.
 */
class TeachingWarningsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LINK =
      Pattern.compile(
          ".*\\((https://github\\.com/cilium/cilium/(issues|pull)/\\d+"
              + "|https://docs\\.cilium\\.io/en/stable/network/egress-gateway/egress-gateway/)\\)$");

  private static List<String> egret(List<String> streams, String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    streams.add(out.toString());
    streams.add(err.toString());
    return List.of(String.valueOf(code));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "094-teach-excluded-cidr-outside-destinations.yaml, 23002",
    "095-teach-conflicting-policies.yaml, 27491",
    "096-teach-policy-map-full.yaml, 22805",
    "097-teach-selector-matches-nothing.yaml, egress-gateway/",
    "098-teach-gateway-matches-no-node.yaml, egress-gateway/"
  })
  void validateAndRunTellTheSameStoryWithALink(String file, String link) throws IOException {
    Path f = BadInputCatalogueTest.DIR.resolve(file);
    List<String> v = new ArrayList<>();
    assertEquals(List.of("0"), egret(v, "validate", f.toString()));
    List<String> warnings = v.get(0).lines().filter(l -> l.contains(": warning: ")).toList();
    assertFalse(warnings.isEmpty(), v.toString());
    for (String w : warnings) {
      assertTrue(w.startsWith(f + ":"), "located in the scenario: " + w);
      assertTrue(LINK.matcher(w).matches(), "ends with a link: " + w);
      assertTrue(w.contains(link), w);
      assertTrue(w.contains("Cilium"), "says what Cilium does: " + w);
    }

    List<String> report = new ArrayList<>();
    assertEquals(List.of("0"), egret(report, "run", "-q", f.toString()));
    for (String w : warnings) {
      assertTrue(
          report.get(0).contains("\n- " + w + "\n"), "in run's report: " + w + "\n" + report);
    }
    List<String> json = new ArrayList<>();
    egret(json, "run", "--json", f.toString());
    JsonNode result = JSON.readTree(json.get(0));
    List<String> inResult = new ArrayList<>();
    result.get("warnings").forEach(n -> inResult.add(n.asText()));
    assertTrue(inResult.containsAll(warnings), inResult + " has " + warnings);
  }
}
