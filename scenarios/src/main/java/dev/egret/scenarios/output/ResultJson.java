package dev.egret.scenarios.output;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.egret.scenarios.result.ActionResult;
import dev.egret.scenarios.result.ConnectionResult;
import dev.egret.scenarios.result.ExpectationResult;
import dev.egret.scenarios.result.RunResult;
import dev.egret.scenarios.result.SnatPressure;
import dev.egret.scenarios.result.Stats;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code result.json} and {@code egret run --json} (SPEC §5): a {@link RunResult} written with the
 * SPEC's field names in the SPEC's order (scenario, seed, ciliumVersion, passed, actions[index, at,
 * kind, from, to, connections[pod, podIP, node, seenSource, seenSourcePort, gateway, verdict,
 * dropReason, replyReceived, rttMicros]], expectations[where, expected, actual, passed], drops,
 * snat{node: {mappings, maxRetries, exhausted}}, stats{events, packets, simulatedNanos}) followed
 * by the extension {@code warnings}. Nulls are written as {@code null}; maps keep their (sorted)
 * order; the text is pretty-printed with two-space indentation, {@code "key": value}, {@code []}
 * and {@code {}} for empty containers, LF line ends and a trailing newline, UTF-8. Equal results
 * give byte-identical text. {@link #read} parses it back into an equal {@link RunResult}.
 */
public final class ResultJson {
  private static final String INDENT = "  ";
  private static final String LF = "\n";

  private static final ObjectMapper MAPPER = mapper();
  private static final ObjectWriter WRITER =
      MAPPER.writer(prettyPrinter()).without(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  private ResultJson() {}

  /** The document's text, trailing newline included. */
  public static String toJson(RunResult result) {
    StringWriter w = new StringWriter();
    try {
      write(result, w);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return w.toString();
  }

  /** Writes the document to {@code out} (which stays open), trailing newline included. */
  public static void write(RunResult result, Writer out) throws IOException {
    WRITER.writeValue(out, result);
    out.write(LF);
    out.flush();
  }

  /** Writes the document to {@code path} (created or replaced), UTF-8. */
  public static void write(RunResult result, Path path) throws IOException {
    try (Writer w = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
      write(result, w);
    }
  }

  /** Parses a document written by {@link #write}; unknown fields are an error. */
  public static RunResult read(Reader in) throws IOException {
    return MAPPER.readValue(in, RunResult.class);
  }

  public static RunResult read(String json) throws IOException {
    return MAPPER.readValue(json, RunResult.class);
  }

  public static RunResult read(Path path) throws IOException {
    try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      return read(r);
    }
  }

  private static ObjectMapper mapper() {
    return JsonMapper.builder()
        .addMixIn(RunResult.class, RunResultOrder.class)
        .addMixIn(ActionResult.class, ActionResultOrder.class)
        .addMixIn(
            dev.egret.scenarios.result.ConnectionSummaryResult.class, ConnectionSummaryOrder.class)
        .addMixIn(
            dev.egret.scenarios.result.ConnectionSummaryResult.ConnectionGroup.class,
            ConnectionGroupOrder.class)
        .addMixIn(ConnectionResult.class, ConnectionResultOrder.class)
        .addMixIn(ExpectationResult.class, ExpectationResultOrder.class)
        .addMixIn(SnatPressure.class, SnatPressureOrder.class)
        .addMixIn(Stats.class, StatsOrder.class)
        .disable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .build();
  }

  private static DefaultPrettyPrinter prettyPrinter() {
    DefaultIndenter indenter = new DefaultIndenter(INDENT, LF);
    Separators separators =
        Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
            .withObjectEmptySeparator("")
            .withArrayEmptySeparator("");
    return new DefaultPrettyPrinter(separators)
        .withObjectIndenter(indenter)
        .withArrayIndenter(indenter);
  }

  @JsonPropertyOrder({
    "scenario",
    "seed",
    "ciliumVersion",
    "passed",
    "actions",
    "expectations",
    "drops",
    "snat",
    "stats",
    "warnings"
  })
  @JsonInclude(JsonInclude.Include.ALWAYS)
  private interface RunResultOrder {}

  @JsonPropertyOrder({"index", "at", "kind", "from", "to", "connections", "summary"})
  @JsonInclude(JsonInclude.Include.ALWAYS)
  private interface ActionResultOrder {
    // only actions beyond --max-connection-details have one: SPEC §5's shape is kept otherwise
    @JsonInclude(JsonInclude.Include.NON_NULL)
    dev.egret.scenarios.result.ConnectionSummaryResult summary();
  }

  @JsonPropertyOrder({
    "connections",
    "succeeded",
    "groups",
    "rttMinMicros",
    "rttMedianMicros",
    "rttMaxMicros"
  })
  @JsonInclude(JsonInclude.Include.ALWAYS)
  private interface ConnectionSummaryOrder {}

  @JsonPropertyOrder({"verdict", "seenSource", "gateway", "dropReason", "count", "succeeded"})
  @JsonInclude(JsonInclude.Include.ALWAYS)
  private interface ConnectionGroupOrder {}

  @JsonPropertyOrder({
    "pod",
    "podIP",
    "node",
    "seenSource",
    "seenSourcePort",
    "gateway",
    "verdict",
    "dropReason",
    "replyReceived",
    "rttMicros"
  })
  @JsonInclude(JsonInclude.Include.ALWAYS)
  private interface ConnectionResultOrder {}

  @JsonPropertyOrder({"where", "expected", "actual", "passed"})
  @JsonInclude(JsonInclude.Include.ALWAYS)
  private interface ExpectationResultOrder {}

  @JsonPropertyOrder({"mappings", "maxRetries", "exhausted", "portRange", "inUseAtFirstExhaustion"})
  @JsonInclude(JsonInclude.Include.ALWAYS)
  private interface SnatPressureOrder {
    /** Written only when an allocation failed (an extension of SPEC §5). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    Long portRange();

    /** Written only when an allocation failed (an extension of SPEC §5). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    Long inUseAtFirstExhaustion();
  }

  @JsonPropertyOrder({"events", "packets", "simulatedNanos"})
  @JsonInclude(JsonInclude.Include.ALWAYS)
  private interface StatsOrder {}
}
