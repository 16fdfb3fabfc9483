package dev.egret.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.egret.datapath.pcap.PcapReader;
import dev.egret.scenarios.load.LoadResult;
import dev.egret.scenarios.load.MemoryEstimate;
import dev.egret.scenarios.load.ScenarioLoader;
import dev.egret.scenarios.model.Action;
import dev.egret.scenarios.model.ExternalSpec;
import dev.egret.scenarios.model.Scenario;
import dev.egret.scenarios.model.ServiceSpec;
import dev.egret.scenarios.model.TimelineItem;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Runs are repeatable bit for bit, and the seed decides only what randomness decides.
 *
 * <p>Every example runs three times through the CLI with {@code --out}: twice with its own seed,
 * once with another. The two same-seed directories must hold the same files with the same bytes
 * ({@code result.json}, {@code flows.jsonl}, every pcap, every egress list). An example of more
 * than {@value #LARGE_CONNECTIONS} connections (007 writes 2.9 GB of flows per run) is also run
 * whole twice with {@code --json}, whose result documents must be equal, and its output directories
 * are written and compared up to {@value #OUTPUT_WINDOW} of simulated time.
 *
 * <p>With the other seed the same files must exist and differ only in what the seed draws:
 *
 * <ul>
 *   <li>the ports nobody declared: the clients' ephemeral ports, SNAT ports and the outer UDP
 *       source ports of the tunnel (the ports of the externals' services, of the timeline's
 *       destinations and of the tunnel itself must be equal), TCP initial sequence numbers, ICMP
 *       echo ids, and the checksums and the echoed {@code ip:port} text that follow from them;
 *   <li>the random parts of names and identities: flow UUIDs, the suffixes Kubernetes adds to the
 *       names of a Deployment's pods, and the pods' MAC addresses (derived from their UIDs), which
 *       may differ but must correspond one to one (a consistent renaming);
 *   <li>the order of the rows of Cilium 1.10's {@code cilium bpf egress list} (a hash map's
 *       iteration order): the rows themselves are equal;
 *   <li>when a gateway ran out of SNAT ports ({@code snat.*.exhausted > 0}), the race for the last
 *       ports: which connections get one, and how many random probes and SYN retries the losers
 *       make (so the drop and retry counts, how many ports were in use when the first probe failed,
 *       the events and packets, and the flows of those tries). Then what must stay equal is the
 *       outcome: per action the number of connections with each (verdict, drop reason, seen source,
 *       gateway, reply) — i.e. how many got through and how —, the SNAT mappings per gateway,
 *       whether each expectation passed, the simulated end, and the kinds of flows (verdict, drop
 *       reason, observation point) present.
 * </ul>
 *
 * Everything else — times, verdicts, gateways, seen addresses, every other header field and byte —
 * must be equal, record by record and frame by frame.
 */
class ReproducibilityTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The random suffixes of a Deployment pod's name: {@code -<10 chars>-<5 chars>}. */
  private static final Pattern GENERATED_NAME =
      Pattern.compile("([a-z0-9-]+)-[a-z0-9]{10}-[a-z0-9]{5}");

  @TempDir Path tmp;

  static Stream<Path> examples() throws IOException {
    Path dir =
        Files.isDirectory(Path.of("examples"))
            ? Path.of("examples")
            : Path.of("scenarios/examples");
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void sameSeedSameBytesOtherSeedOnlyRandomness(Path example) throws IOException {
    LoadResult lr = ScenarioLoader.load(example);
    assertTrue(lr.ok(), lr.problems().all().toString());
    Scenario s = lr.scenario();
    long other = s.seed() + 1;
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    Path c = tmp.resolve("c");
    // A large example (007: 120,000 connections, 2.9 GB of flows per run) is compared whole
    // through its result document, and its output directories up to OUTPUT_WINDOW only.
    boolean large = MemoryEstimate.connections(s, -1) > LARGE_CONNECTIONS;
    String until = large ? OUTPUT_WINDOW : null;
    if (large) {
      String whole = runJson(example, null);
      assertEquals(whole, runJson(example, null), "the whole run's result, bit for bit");
    }
    int codeA = run(example, a, null, until);
    assertTrue(
        codeA == Main.EXIT_OK || large && codeA == Main.EXIT_EXPECTATION_FAILED,
        example + " passes");
    assertEquals(codeA, run(example, b, null, until));
    assertEquals(codeA, run(example, c, other, until));

    List<String> files = list(a);
    assertTrue(files.contains("result.json") && files.contains("flows.jsonl"), files.toString());
    assertEquals(files, list(b), "the same files");
    for (String f : files) {
      assertTrue(sameBytes(a.resolve(f), b.resolve(f)), f + " bit for bit");
    }

    assertEquals(files, list(c), "another seed writes the same files");
    Masks masks = new Masks(declaredPorts(s));
    JsonNode ra = JSON.readTree(a.resolve("result.json").toFile());
    JsonNode rc = JSON.readTree(c.resolve("result.json").toFile());
    assertEquals(s.seed(), ra.get("seed").asLong());
    assertEquals(other, rc.get("seed").asLong());
    boolean exhausted = exhausted(ra) || exhausted(rc);
    compareResults(masks, ra, rc, exhausted);
    boolean anyDifference = false;
    for (String f : files) {
      anyDifference |= !sameBytes(a.resolve(f), c.resolve(f));
      if (f.startsWith("egress-")) {
        assertEquals(
            sortedLines(Files.readAllBytes(a.resolve(f))),
            sortedLines(Files.readAllBytes(c.resolve(f))),
            f + ": the same rows");
      } else if (f.equals("flows.jsonl")) {
        compareFlows(masks, a.resolve(f), c.resolve(f), exhausted);
      } else if (f.endsWith(".pcap")) {
        comparePcaps(masks, a.resolve(f), c.resolve(f), f);
      }
    }
    assertTrue(anyDifference, "the seed matters: at least the ports differ");
  }

  /** Examples with more connections than this have their output directories compared... */
  static final long LARGE_CONNECTIONS = 10_000;

  /** ...up to this simulated time. */
  static final String OUTPUT_WINDOW = "60s";

  private static boolean sameBytes(Path x, Path y) throws IOException {
    return Files.mismatch(x, y) == -1;
  }

  private static String runJson(Path example, Long seed) {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    List<String> args = new ArrayList<>(List.of("run", "--json", example.toString()));
    if (seed != null) {
      args.addAll(List.of("--seed", seed.toString()));
    }
    assertEquals(Main.EXIT_OK, cl.execute(args.toArray(String[]::new)), err.toString());
    return out.toString();
  }

  private static int run(Path example, Path out, Long seed, String until) {
    CommandLine cl = Main.commandLine();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(new StringWriter()));
    cl.setErr(new PrintWriter(err));
    List<String> args = new ArrayList<>(List.of("run", "-q", example.toString()));
    args.addAll(List.of("--out", out.toString()));
    if (seed != null) {
      args.addAll(List.of("--seed", seed.toString()));
    }
    if (until != null) {
      args.addAll(List.of("--until", until));
    }
    int code = cl.execute(args.toArray(String[]::new));
    assertEquals("", err.toString(), "no message on stderr");
    return code;
  }

  /** The ports the scenario names: services, destinations of its traffic, the tunnel. */
  static Set<Integer> declaredPorts(Scenario s) {
    Set<Integer> ports = new HashSet<>();
    ports.add(s.cilium().tunnel().port());
    for (ExternalSpec e : s.externals()) {
      for (ServiceSpec sv : e.services()) {
        ports.add(sv.port());
      }
    }
    for (TimelineItem t : s.timeline()) {
      if (t.action() instanceof Action.Traffic tr && tr.to().port() > 0) {
        ports.add(tr.to().port());
      }
    }
    return ports;
  }

  private static boolean exhausted(JsonNode result) {
    for (JsonNode n : result.get("snat")) {
      if (n.get("exhausted").asLong() > 0) {
        return true;
      }
    }
    return false;
  }

  // ------------------------------------------------------------------ result.json

  private static void compareResults(Masks m, JsonNode a, JsonNode c, boolean exhausted) {
    ObjectNode x = a.deepCopy();
    ObjectNode y = c.deepCopy();
    x.remove("seed");
    y.remove("seed");
    if (exhausted) {
      assertEquals(
          connectionOutcomes(x), connectionOutcomes(y), "the same outcomes, whoever got a port");
      dropConnections(x);
      dropConnections(y);
      for (ObjectNode r : List.of(x, y)) {
        r.remove("drops");
        ((ObjectNode) r.get("stats")).remove(List.of("events", "packets"));
        for (JsonNode gw : r.get("snat")) {
          // how many random probes it took, and when the range first ran dry
          ((ObjectNode) gw).remove(List.of("maxRetries", "exhausted", "inUseAtFirstExhaustion"));
        }
        for (JsonNode e : r.get("expectations")) {
          if (!e.get("where").asText().contains("successRate")) {
            ((ObjectNode) e).remove("actual");
          }
        }
      }
    }
    m.names.reset();
    assertEquals(
        m.maskResult(x, true),
        m.maskResult(y, false),
        "result.json differs beyond the random fields");
  }

  /** (verdict, dropReason, seenSource, gateway, replyReceived) → count, per action. */
  private static Map<String, Integer> connectionOutcomes(JsonNode result) {
    Map<String, Integer> out = new TreeMap<>();
    for (JsonNode action : result.get("actions")) {
      for (JsonNode c : action.get("connections")) {
        String key =
            action.get("index").asInt()
                + " "
                + c.get("verdict").asText()
                + " "
                + c.get("dropReason").asText()
                + " "
                + c.get("seenSource").asText()
                + " "
                + c.get("gateway").asText()
                + " "
                + c.get("replyReceived").asBoolean();
        out.merge(key, 1, Integer::sum);
      }
    }
    return out;
  }

  private static void dropConnections(ObjectNode result) {
    for (JsonNode action : result.get("actions")) {
      ((ObjectNode) action).put("connections", action.get("connections").size());
    }
  }

  // ------------------------------------------------------------------ flows.jsonl

  private static void compareFlows(Masks m, Path a, Path c, boolean exhausted) throws IOException {
    try (BufferedReader x = Files.newBufferedReader(a, StandardCharsets.UTF_8);
        BufferedReader y = Files.newBufferedReader(c, StandardCharsets.UTF_8)) {
      Set<String> kindsX = new java.util.TreeSet<>();
      Set<String> kindsY = new java.util.TreeSet<>();
      m.names.reset();
      m.macs.reset();
      int line = 0;
      while (true) {
        String lx = x.readLine();
        String ly = y.readLine();
        line++;
        if (lx == null && ly == null) {
          break;
        }
        if (lx == null || ly == null) {
          assertTrue(exhausted, "flows.jsonl: as many flows with both seeds");
          JsonNode f = JSON.readTree(lx != null ? lx : ly).get("flow");
          (lx != null ? kindsX : kindsY).add(flowKind(f));
          continue;
        }
        JsonNode fx = JSON.readTree(lx).get("flow");
        JsonNode fy = JSON.readTree(ly).get("flow");
        if (exhausted) {
          kindsX.add(flowKind(fx));
          kindsY.add(flowKind(fy));
        } else {
          assertEquals(
              m.maskFlow(fx.deepCopy(), true),
              m.maskFlow(fy.deepCopy(), false),
              "flows.jsonl line " + line);
        }
      }
      assertEquals(kindsX, kindsY, "the kinds of flows (verdict, reason, observation point)");
    }
  }

  private static String flowKind(JsonNode f) {
    return f.path("verdict").asText()
        + " "
        + f.path("drop_reason_desc").asText()
        + " "
        + f.path("trace_observation_point").asText()
        + " "
        + f.path("event_type").path("type").asInt()
        + "/"
        + f.path("event_type").path("sub_type").asInt();
  }

  // ------------------------------------------------------------------ pcaps

  private static void comparePcaps(Masks m, Path a, Path c, String name) throws IOException {
    PcapReader.File x = read(a);
    PcapReader.File y = read(c);
    assertEquals(x.linkType(), y.linkType(), name);
    assertEquals(x.packets().size(), y.packets().size(), name + ": as many frames");
    m.macs.reset();
    for (int i = 0; i < x.packets().size(); i++) {
      PcapReader.Packet px = x.packets().get(i);
      PcapReader.Packet py = y.packets().get(i);
      String where = name + " frame " + (i + 1);
      assertEquals(px.timestampNanos(), py.timestampNanos(), where + ": time");
      assertEquals(px.data().length, py.data().length, where + ": length");
      byte[] mx = px.data().clone();
      byte[] my = py.data().clone();
      m.maskFrame(mx, 0, mx.length, true);
      m.maskFrame(my, 0, my.length, false);
      assertArrayEquals(mx, my, where + " differs beyond the random fields");
    }
  }

  private static PcapReader.File read(Path p) throws IOException {
    try (InputStream in = Files.newInputStream(p)) {
      return PcapReader.read(in);
    }
  }

  private static List<String> sortedLines(byte[] text) {
    List<String> l =
        new ArrayList<>(Arrays.asList(new String(text, StandardCharsets.UTF_8).split("\n")));
    l.sort(null);
    return l;
  }

  private static List<String> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /**
   * A one-to-one correspondence between the values of the first run and those of the second: a
   * value of the first is replaced by a token, and the second run's value must get the same token
   * at the same place.
   */
  static final class Renaming {
    private final Map<String, String> first = new HashMap<>();
    private final Map<String, String> second = new HashMap<>();

    void reset() {
      first.clear();
      second.clear();
    }

    String token(String value, boolean isFirst) {
      Map<String, String> m = isFirst ? first : second;
      return m.computeIfAbsent(value, v -> "#" + m.size());
    }
  }

  /** What the seed decides, masked; see the class comment. */
  static final class Masks {
    private static final Pattern IP_PORT =
        Pattern.compile("(\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}):(\\d{1,5})");
    final Set<Integer> declared;
    final Renaming names = new Renaming();
    final Renaming macs = new Renaming();

    Masks(Set<Integer> declared) {
      this.declared = declared;
    }

    JsonNode maskResult(ObjectNode r, boolean isFirst) {
      for (JsonNode action : r.get("actions")) {
        JsonNode conns = action.get("connections");
        if (conns instanceof ArrayNode list) {
          for (JsonNode c : list) {
            ObjectNode o = (ObjectNode) c;
            o.put("seenSourcePort", "*");
          }
        }
      }
      return renameStrings(r, isFirst);
    }

    /** Renames generated pod names (the first call of a pair uses the first run's renaming). */
    private JsonNode renameStrings(JsonNode n, boolean isFirst) {
      if (n.isObject()) {
        ObjectNode o = (ObjectNode) n;
        Iterator<Map.Entry<String, JsonNode>> it = o.fields();
        List<String> keys = new ArrayList<>();
        it.forEachRemaining(e -> keys.add(e.getKey()));
        for (String k : keys) {
          o.set(k, renameStrings(o.get(k), isFirst));
        }
        return o;
      }
      if (n.isArray()) {
        ArrayNode a = (ArrayNode) n;
        for (int i = 0; i < a.size(); i++) {
          a.set(i, renameStrings(a.get(i), isFirst));
        }
        return a;
      }
      if (n.isTextual()) {
        String t = n.asText();
        java.util.regex.Matcher mt = GENERATED_NAME.matcher(t);
        StringBuilder sb = new StringBuilder();
        while (mt.find()) {
          mt.appendReplacement(sb, mt.group(1) + "-" + names.token(mt.group(), isFirst));
        }
        mt.appendTail(sb);
        return new TextNode(sb.toString());
      }
      return n;
    }

    JsonNode maskFlow(ObjectNode f, boolean isFirst) {
      f.put("uuid", "*");
      JsonNode l4 = f.get("l4");
      if (l4 != null) {
        for (String proto : List.of("TCP", "UDP")) {
          JsonNode p = l4.get(proto);
          if (p instanceof ObjectNode po) {
            maskPortField(po, "source_port");
            maskPortField(po, "destination_port");
          }
        }
      }
      JsonNode iface = f.get("interface");
      if (iface instanceof ObjectNode i && i.path("name").asText().startsWith("lxc")) {
        // the name of a pod's host-side veth is derived from its UID, hence from the seed
        i.put("name", "lxc" + names.token(i.get("name").asText(), isFirst));
      }
      JsonNode eth = f.get("ethernet");
      if (eth instanceof ObjectNode e) {
        for (String k : List.of("source", "destination")) {
          if (e.has(k)) {
            e.put(k, macs.token(e.get(k).asText(), isFirst));
          }
        }
      }
      return renameStrings(f, isFirst);
    }

    private void maskPortField(ObjectNode o, String field) {
      if (o.has(field) && !declared.contains(o.get(field).asInt())) {
        o.put(field, "*");
      }
    }

    // ---------------------------------------------------------------- frames

    void maskFrame(byte[] f, int off, int len, boolean isFirst) {
      if (len < 14) {
        return;
      }
      maskMac(f, off, isFirst);
      maskMac(f, off + 6, isFirst);
      int type = u16(f, off + 12);
      if (type == 0x0800) {
        maskIpv4(f, off + 14, off + len, isFirst);
      }
    }

    private void maskMac(byte[] f, int at, boolean isFirst) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < 6; i++) {
        sb.append(String.format("%02x", f[at + i]));
      }
      String token = macs.token(sb.toString(), isFirst);
      int n = Integer.parseInt(token.substring(1));
      Arrays.fill(f, at, at + 6, (byte) 0);
      f[at + 4] = (byte) (n >> 8);
      f[at + 5] = (byte) n;
    }

    private void maskIpv4(byte[] f, int ip, int end, boolean isFirst) {
      if (end - ip < 20) {
        return;
      }
      int ihl = (f[ip] & 0x0f) * 4;
      int proto = f[ip + 9] & 0xff;
      zero(f, ip + 4, 2); // identification: drawn from a seeded stream, as Linux draws it
      zero(f, ip + 10, 2); // header checksum
      int l4 = ip + ihl;
      int fragOffset = u16(f, ip + 6) & 0x1fff;
      if (fragOffset != 0 || l4 >= end) {
        return;
      }
      if (proto == 6 && end - l4 >= 20) {
        maskPort(f, l4);
        maskPort(f, l4 + 2);
        zero(f, l4 + 4, 8); // sequence and acknowledgement numbers (random ISNs)
        zero(f, l4 + 16, 2); // checksum
        int data = l4 + ((f[l4 + 12] >> 4) & 0x0f) * 4;
        maskEchoedAddresses(f, data, end);
      } else if (proto == 17 && end - l4 >= 8) {
        int dport = u16(f, l4 + 2);
        maskPort(f, l4);
        maskPort(f, l4 + 2);
        zero(f, l4 + 6, 2);
        if ((dport == 8472 || dport == 6081) && declared.contains(dport) && end - l4 >= 16) {
          int inner = l4 + 8 + (dport == 6081 ? 8 + (f[l4 + 8] & 0x3f) * 4 : 8);
          maskFrame(f, inner, end - inner, isFirst);
        } else {
          maskEchoedAddresses(f, l4 + 8, end);
        }
      } else if (proto == 1 && end - l4 >= 8) {
        int type = f[l4] & 0xff;
        zero(f, l4 + 2, 2); // checksum
        if (type == 0 || type == 8) {
          zero(f, l4 + 4, 2); // echo id
        } else if (type == 3 || type == 11 || type == 12) {
          maskQuoted(f, l4 + 8, end);
        }
      }
    }

    /** The IPv4 header and first 8 bytes an ICMP error quotes. */
    private void maskQuoted(byte[] f, int ip, int end) {
      if (end - ip < 20) {
        return;
      }
      int ihl = (f[ip] & 0x0f) * 4;
      zero(f, ip + 4, 2);
      zero(f, ip + 10, 2);
      int l4 = ip + ihl;
      int proto = f[ip + 9] & 0xff;
      if ((proto == 6 || proto == 17) && end - l4 >= 4) {
        maskPort(f, l4);
        maskPort(f, l4 + 2);
        if (proto == 6 && end - l4 >= 8) {
          zero(f, l4 + 4, 4);
        }
        if (proto == 17 && end - l4 >= 8) {
          zero(f, l4 + 6, 2);
        }
      } else if (proto == 1 && end - l4 >= 6) {
        zero(f, l4 + 2, 4);
      }
    }

    private void maskPort(byte[] f, int at) {
      if (!declared.contains(u16(f, at))) {
        zero(f, at, 2);
      }
    }

    /** {@code 172.18.0.3:40112} in a payload (echo-ip answers): the port digits become 0s. */
    private void maskEchoedAddresses(byte[] f, int from, int end) {
      if (from >= end) {
        return;
      }
      String s = new String(f, from, end - from, StandardCharsets.ISO_8859_1);
      java.util.regex.Matcher mt = IP_PORT.matcher(s);
      while (mt.find()) {
        if (!declared.contains(Integer.parseInt(mt.group(2)))) {
          for (int i = mt.start(2); i < mt.end(2); i++) {
            f[from + i] = '0';
          }
        }
      }
    }

    private static void zero(byte[] f, int at, int n) {
      Arrays.fill(f, at, Math.min(f.length, at + n), (byte) 0);
    }

    private static int u16(byte[] f, int at) {
      return ((f[at] & 0xff) << 8) | (f[at + 1] & 0xff);
    }
  }
}
