package dev.egret.scenarios.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates scenario structures — the {@code Scenario} document as nested maps and lists, plus
 * Kubernetes documents after it — that are valid by construction (every name refers to something
 * declared, times in order, ports on the right protocol), and mutates them into invalid ones. Used
 * by the fuzzers; everything derives from one {@link Random}, so a seed reproduces a case.
 */
final class ScenarioGen {
  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .build());

  /** A generated scenario: the Scenario document and the Kubernetes documents after it. */
  record Docs(Map<String, Object> scenario, List<Map<String, Object>> objects) {
    String yaml() {
      StringBuilder sb = new StringBuilder();
      try {
        sb.append(YAML.writeValueAsString(scenario));
        for (Map<String, Object> o : objects) {
          sb.append("---\n").append(YAML.writeValueAsString(o));
        }
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
      return sb.toString();
    }

    /** Every map and list of the structure, for mutations. */
    List<Object> containers() {
      List<Object> out = new ArrayList<>();
      collect(scenario, out);
      for (Map<String, Object> o : objects) {
        collect(o, out);
      }
      return out;
    }

    private static void collect(Object o, List<Object> out) {
      if (o instanceof Map<?, ?> m) {
        out.add(m);
        m.values().forEach(v -> collect(v, out));
      } else if (o instanceof List<?> l) {
        out.add(l);
        l.forEach(v -> collect(v, out));
      }
    }
  }

  private final Random r;
  private final String version;
  private final List<String> nodes = new ArrayList<>();
  private final List<String> pods = new ArrayList<>();
  private final List<Map<String, Object>> externals = new ArrayList<>();

  private ScenarioGen(Random r) {
    this.r = r;
    this.version = pick("1.10", "1.16", "1.17", "1.18");
  }

  static Docs valid(long seed) {
    return new ScenarioGen(new Random(seed)).scenario();
  }

  private Docs scenario() {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("seed", r.nextInt(1000));
    Map<String, Object> cilium = map("version", version);
    if (r.nextBoolean()) {
      cilium.put("snatPortRange", "32768-" + (32800 + r.nextInt(3000)));
    }
    if (r.nextInt(4) == 0) {
      cilium.put("egressPolicyMapMax", 1 + r.nextInt(64));
    }
    spec.put("cilium", cilium);
    List<Object> nodeList = new ArrayList<>();
    int n = 1 + r.nextInt(4);
    for (int i = 0; i < n; i++) {
      String name = "node-" + i;
      nodes.add(name);
      Map<String, Object> node = map("name", name);
      node.put("labels", map("role", i == 0 || r.nextInt(3) == 0 ? "gw" : "worker"));
      node.put("internalIP", "172.18.0." + (10 + i));
      if (r.nextInt(3) == 0) {
        node.put(
            "interfaces",
            List.of(
                map("name", "eth0", "addresses", List.of("172.18.0." + (10 + i) + "/16")),
                map("name", "eth1", "addresses", List.of("10.168." + i + ".100/24"))));
      }
      nodeList.add(node);
    }
    spec.put("nodes", nodeList);
    List<Object> extList = new ArrayList<>();
    int e = 1 + r.nextInt(3);
    for (int j = 0; j < e; j++) {
      List<Object> services = new ArrayList<>();
      services.add(map("port", 80, "protocol", "TCP", "app", "echo-ip"));
      if (r.nextBoolean()) {
        services.add(map("port", 53, "protocol", "UDP", "app", "udp-echo"));
      }
      Map<String, Object> ext =
          map("name", "ext-" + j, "ip", "198.51.100." + (10 + j), "services", services);
      externals.add(ext);
      extList.add(ext);
    }
    spec.put("externals", extList);
    List<Object> podList = new ArrayList<>();
    int p = r.nextInt(6);
    for (int k = 0; k < p; k++) {
      String ns = pick("default", "team-a");
      pods.add(ns + "/pod-" + k);
      podList.add(
          map(
              "name",
              "pod-" + k,
              "namespace",
              ns,
              "labels",
              map("app", pick("a", "b")),
              "node",
              pick(nodes)));
    }
    spec.put("pods", podList);
    spec.put("timeline", timeline());
    if (r.nextBoolean()) {
      spec.put("expect", List.of(map("drops", map("reason", "NO_EGRESS_GATEWAY", "max", 1000))));
    }
    if (r.nextInt(3) == 0) {
      spec.put(
          "capture",
          r.nextBoolean() ? "all" : List.of(map("node", pick(nodes), "interface", "eth0")));
    }
    Map<String, Object> scenario = new LinkedHashMap<>();
    scenario.put("apiVersion", "egret.dev/v1alpha1");
    scenario.put("kind", "Scenario");
    scenario.put("metadata", map("name", "fuzz", "description", "generated"));
    scenario.put("spec", spec);
    List<Map<String, Object>> objects = new ArrayList<>();
    int policies = r.nextInt(4);
    for (int i = 0; i < policies; i++) {
      objects.add(policy("policy-" + i));
    }
    if (r.nextInt(4) == 0) {
      objects.add(
          map(
              "apiVersion",
              "apps/v1",
              "kind",
              "Deployment",
              "metadata",
              map("name", "web", "namespace", "default"),
              "spec",
              map(
                  "replicas", 1 + r.nextInt(4),
                  "selector", map("matchLabels", map("app", "web")),
                  "template", map("metadata", map("labels", map("app", "web"))))));
    }
    return new Docs(scenario, objects);
  }

  private Map<String, Object> policy(String name) {
    if (version.equals("1.10")) {
      return map(
          "apiVersion",
          "cilium.io/v2alpha1",
          "kind",
          "CiliumEgressNATPolicy",
          "metadata",
          map("name", name),
          "spec",
          map(
              "egress",
              List.of(map("podSelector", map("matchLabels", map("app", pick("a", "b"))))),
              "destinationCIDRs",
              List.of(pick("198.51.100.0/24", "0.0.0.0/0", "198.51.100.10/32")),
              "egressSourceIP",
              "172.18.0.10"));
    }
    Map<String, Object> selector;
    switch (r.nextInt(3)) {
      case 0 -> selector = map("podSelector", map("matchLabels", map("app", pick("a", "b"))));
      case 1 ->
          selector =
              map(
                  "podSelector",
                  map(
                      "matchExpressions",
                      List.of(
                          map(
                              "key", "app",
                              "operator", pick("In", "NotIn"),
                              "values", List.of(pick("a", "b"))))));
      default ->
          selector =
              map(
                  "namespaceSelector",
                  map("matchLabels", map("kubernetes.io/metadata.name", "team-a")));
    }
    List<Object> dst = new ArrayList<>();
    for (Map<String, Object> ext : externals) {
      if (r.nextBoolean()) {
        dst.add(ext.get("ip") + "/32");
      }
    }
    if (dst.isEmpty()) {
      dst.add(pick("198.51.100.0/24", "0.0.0.0/0"));
    }
    Map<String, Object> gw = map("nodeSelector", map("matchLabels", map("role", "gw")));
    switch (r.nextInt(3)) {
      case 0 -> gw.put("interface", "eth0");
      case 1 -> gw.put("egressIP", "172.18.0.10");
      default -> {}
    }
    Map<String, Object> spec =
        map("selectors", List.of(selector), "destinationCIDRs", dst, "egressGateway", gw);
    if (version.equals("1.18") && r.nextBoolean()) {
      spec.put(
          "egressGateways",
          List.of(
              gw,
              map("nodeSelector", map("matchLabels", map("role", "worker"))),
              map("nodeSelector", map("matchLabels", map("role", "none")))));
    }
    if (r.nextInt(3) == 0) {
      spec.put("excludedCIDRs", List.of("198.51.100.10/32"));
    }
    return map(
        "apiVersion",
        "cilium.io/v2",
        "kind",
        "CiliumEgressGatewayPolicy",
        "metadata",
        map("name", name),
        "spec",
        spec);
  }

  private List<Object> timeline() {
    List<Object> out = new ArrayList<>();
    int items = r.nextInt(7);
    long ms = 0;
    for (int i = 0; i < items; i++) {
      ms += 500L * r.nextInt(4);
      Map<String, Object> item = map("at", ms + "ms");
      int kind = r.nextInt(10);
      if (pods.isEmpty() && kind < 5) {
        kind = 5 + r.nextInt(5);
      }
      Map<String, Object> ext = externals.get(r.nextInt(externals.size()));
      String extName = (String) ext.get("name");
      Object from =
          pods.isEmpty() || r.nextInt(4) == 0
              ? map("namespace", "default", "selector", pick("app=a", "app in (a,b)", "!app"))
              : pick(pods);
      switch (kind) {
        case 0 -> {
          item.put("http", map("from", from, "to", extName + ":80", "timeout", "2s"));
          if (r.nextBoolean()) {
            item.put("expect", map("verdict", pick("FORWARDED", "DROPPED", "LOST")));
          }
        }
        case 1 -> item.put("tcp", map("from", from, "to", extName + ":80", "bytes", 3000));
        case 2 ->
            item.put(
                "udp",
                map(
                    "from",
                    from,
                    "to",
                    ext.get("ip") + ":53",
                    "count",
                    1 + r.nextInt(3),
                    "size",
                    r.nextInt(2000)));
        case 3 -> item.put("ping", map("from", from, "to", extName, "count", 1 + r.nextInt(2)));
        case 4 ->
            item.put("load", map("from", from, "to", extName + ":80", "rate", 5, "duration", "1s"));
        case 5 -> item.put("label", map("node", pick(nodes), "set", map("role", "gw")));
        case 6 -> item.put(pick("nodeDown", "nodeUp"), pick(nodes));
        case 7 -> item.put("apply", policy("applied-" + i));
        case 8 ->
            item.put(
                "delete",
                map(
                    "kind",
                    version.equals("1.10") ? "CiliumEgressNATPolicy" : "CiliumEgressGatewayPolicy",
                    "name",
                    "policy-" + r.nextInt(3)));
        default -> {
          if (pods.isEmpty()) {
            item.put("linkDown", map("node", pick(nodes)));
          } else {
            item.put("reschedule", map("pod", pick(pods), "node", pick(nodes)));
          }
        }
      }
      out.add(item);
    }
    return out;
  }

  // ------------------------------------------------------------------ mutations

  /** Values that are wrong almost anywhere. */
  static final Object[] JUNK = {
    null,
    "",
    "garbage",
    -1,
    0,
    new BigInteger("99999999999999999999999"),
    1.5,
    true,
    List.of(),
    Map.of(),
    "2001:db8::1",
    "10.0.0.0/33",
    "10.0.1.1/24",
    "-1s",
    "1.5 hours",
    "\t",
    "a".repeat(300),
    List.of(List.of(List.of(List.of("deep")))),
    "app=~x",
    "node-9",
    "default/nobody",
    "ext-9:80",
    "0.0.0.0",
    "255.255.255.255",
    Long.MAX_VALUE,
    "9999999999h"
  };

  /** A deep, mutable copy of maps and lists (leaves are shared: they are immutable). */
  static Object deepCopy(Object o) {
    if (o instanceof Map<?, ?> m) {
      Map<String, Object> c = new LinkedHashMap<>();
      m.forEach((k, v) -> c.put(String.valueOf(k), deepCopy(v)));
      return c;
    }
    if (o instanceof List<?> l) {
      List<Object> c = new ArrayList<>();
      l.forEach(v -> c.add(deepCopy(v)));
      return c;
    }
    return o;
  }

  /** Applies {@code count} random structural mutations to a copy of {@code original}. */
  @SuppressWarnings("unchecked")
  static Docs mutate(Docs original, long seed, int count) {
    List<Map<String, Object>> objects = new ArrayList<>();
    for (Map<String, Object> o : original.objects()) {
      objects.add((Map<String, Object>) deepCopy(o));
    }
    Docs d = new Docs((Map<String, Object>) deepCopy(original.scenario()), objects);
    Random r = new Random(seed);
    for (int i = 0; i < count; i++) {
      List<Object> cs = d.containers();
      Object c = cs.get(r.nextInt(cs.size()));
      Object junk = deepCopy(JUNK[r.nextInt(JUNK.length)]);
      if (c instanceof Map<?, ?> raw) {
        Map<String, Object> m = (Map<String, Object>) raw;
        if (m.isEmpty()) {
          m.put("extra", junk);
          continue;
        }
        List<String> keys = new ArrayList<>(m.keySet());
        String k = keys.get(r.nextInt(keys.size()));
        switch (r.nextInt(5)) {
          case 0 -> m.remove(k);
          case 1 -> m.put(k, junk);
          case 2 -> m.put(k + (r.nextBoolean() ? "s" : "x"), m.remove(k));
          case 3 -> m.put(k, nearMiss(r, m.get(k)));
          default -> m.put(pick(r, "tiemout", "internalIp", "selector", "kind"), junk);
        }
      } else if (c instanceof List<?> raw) {
        List<Object> l = (List<Object>) raw;
        if (l.isEmpty()) {
          l.add(junk);
          continue;
        }
        int at = r.nextInt(l.size());
        switch (r.nextInt(3)) {
          case 0 -> l.remove(at);
          case 1 -> l.set(at, junk);
          default -> l.add(deepCopy(l.get(at))); // duplicates: names declared twice
        }
      }
    }
    return d;
  }

  /** A value close to {@code v}: the kind of slip a hurried author makes. */
  static Object nearMiss(Random r, Object v) {
    if (v instanceof Number n) {
      long x = n.longValue();
      return switch (r.nextInt(5)) {
        case 0 -> -x;
        case 1 -> x * 1_000_000_000L;
        case 2 -> 0;
        case 3 -> x + 0.5;
        default -> String.valueOf(x);
      };
    }
    if (!(v instanceof String str)) {
      return v;
    }
    return switch (r.nextInt(9)) {
      case 0 -> str + "x";
      case 1 -> str.substring(0, str.length() / 2);
      case 2 -> str.replace('.', ':');
      case 3 -> str.toUpperCase(java.util.Locale.ROOT);
      case 4 -> "-" + str;
      case 5 -> str + "/40";
      case 6 -> str.replace("s", "");
      case 7 -> " " + str + " ";
      default -> str.replaceFirst("\\d", "9");
    };
  }

  /** Lines that break YAML in the ways people do. */
  static final String[] BAD_LINES = {
    "\t- tabbed: x",
    "---",
    "key: : value",
    "- [unclosed",
    "{a: 1",
    "  &anchor",
    "*undefined",
    "%YAML 1.1",
    "\"unterminated",
    "@at",
    "k: v: w",
    "  - item",
    "\u0000",
    "...",
    "? complex key",
    "!!binary AAAA"
  };

  /** Applies one random text mutation to {@code yaml}. */
  static byte[] mutateText(String yaml, long seed) {
    Random r = new Random(seed);
    List<String> lines = new ArrayList<>(List.of(yaml.split("\n", -1)));
    int at = r.nextInt(lines.size());
    switch (r.nextInt(6)) {
      case 0 -> {
        byte[] b = yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return java.util.Arrays.copyOf(b, r.nextInt(b.length + 1)); // truncated
      }
      case 1 -> lines.remove(at);
      case 2 -> lines.add(at, BAD_LINES[r.nextInt(BAD_LINES.length)]);
      case 3 -> lines.add(at, lines.get(at)); // a duplicated line: duplicate keys
      case 4 -> {
        byte[] b = yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n && b.length > 0; i++) {
          b[r.nextInt(b.length)] = (byte) r.nextInt(256); // random bytes, maybe not UTF-8
        }
        return b;
      }
      default -> {
        String l = lines.get(at);
        lines.set(at, " ".repeat(r.nextInt(4)) + l); // shifted indentation
      }
    }
    return String.join("\n", lines).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  // ------------------------------------------------------------------ helpers

  @SafeVarargs
  private <T> T pick(T... choices) {
    return choices[r.nextInt(choices.length)];
  }

  private <T> T pick(List<T> choices) {
    return choices.get(r.nextInt(choices.size()));
  }

  private static String pick(Random r, String... choices) {
    return choices[r.nextInt(choices.length)];
  }

  /** A mutable ordered map of key-value pairs. */
  static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
