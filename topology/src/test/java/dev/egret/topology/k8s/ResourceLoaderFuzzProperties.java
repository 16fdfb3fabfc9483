package dev.egret.topology.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.egret.topology.cluster.Cluster;
import dev.egret.topology.cluster.ClusterConfig;
import dev.egret.topology.cluster.NodeSpec;
import dev.egret.topology.controlplane.CiliumVersion;
import dev.egret.topology.model.Labels;
import dev.egret.topology.yaml.Problem;
import dev.egret.topology.yaml.Problems;
import dev.egret.topology.yaml.YamlReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Fuzzing the Kubernetes loader with {@code kubectl}-like documents: generated objects of every
 * kind egret knows (and some it does not), alone or wrapped in a {@code List}, valid for the Cilium
 * version, then mutated (fields removed, renamed, replaced by junk of every type) or broken as
 * text. Valid ones load without error, one record per object egret models; the others give located
 * problems; nothing throws, and whatever loads applies to a cluster without an exception.
 */
class ResourceLoaderFuzzProperties {
  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .build());

  private static final CiliumVersion[] VERSIONS = CiliumVersion.values();

  /** Generated documents and how many records a valid load must give. */
  record Gen(CiliumVersion version, List<Object> docs, int modelled) {}

  @Property(tries = 300, seed = "1717")
  void validDumpsLoadWithoutErrors(@ForAll long seed) {
    Gen g = generate(new Random(seed));
    Problems p = new Problems();
    String text = yaml(g.docs());
    List<K8sResource> rs = new ResourceLoader(g.version()).load(text, "dump.yaml", p);
    assertEquals(List.of(), p.errors().stream().map(Problem::format).toList(), text);
    assertEquals(g.modelled(), rs.size(), text);
    apply(rs);
  }

  @Property(tries = 500, seed = "2718")
  void mutatedDumpsGiveLocatedProblemsNeverExceptions(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 3) int mutations) {
    Random r = new Random(seed);
    Gen g = generate(r);
    @SuppressWarnings("unchecked")
    List<Object> docs = (List<Object>) copy(g.docs());
    for (int i = 0; i < mutations; i++) {
      mutate(docs, r);
    }
    Problems p = new Problems();
    String text = yaml(docs);
    List<K8sResource> rs = new ResourceLoader(g.version()).load(text, "dump.yaml", p);
    Statistics.collect(p.hasErrors() ? "refused in part" : "loads");
    checkProblems(p, text);
    for (K8sResource x : rs) {
      assertTrue(text.contains("name: " + x.metadata().name()), "no object out of nothing: " + x);
    }
    apply(rs);
  }

  @Property(tries = 500, seed = "3141")
  void brokenTextGivesLocatedProblemsNeverExceptions(@ForAll long seed) {
    Random r = new Random(seed);
    Gen g = generate(r);
    byte[] b = yaml(g.docs()).getBytes(StandardCharsets.UTF_8);
    switch (r.nextInt(3)) {
      case 0 -> b = java.util.Arrays.copyOf(b, r.nextInt(b.length + 1));
      case 1 -> {
        for (int i = 0; i < 1 + r.nextInt(4); i++) {
          b[r.nextInt(b.length)] = (byte) r.nextInt(256);
        }
      }
      default -> {
        String s = new String(b, StandardCharsets.UTF_8);
        int at = r.nextInt(s.length() + 1);
        b =
            (s.substring(0, at) + pick(r, "\t", ":", "- ", "{", "[", "\"", "&x ", "*y ", "\n---\n"))
                .concat(s.substring(at))
                .getBytes(StandardCharsets.UTF_8);
      }
    }
    Problems p = new Problems();
    var docs = YamlReader.read(b, "dump.yaml", p);
    List<K8sResource> rs = new ResourceLoader(g.version()).load(docs, p);
    checkProblems(p, new String(b, StandardCharsets.ISO_8859_1));
    apply(rs);
  }

  private static void checkProblems(Problems p, String text) {
    int lines = text.split("\n", -1).length;
    for (Problem x : p.all()) {
      String f = x.format();
      assertEquals("dump.yaml", x.location().file(), f);
      assertTrue(x.location().line() >= 1 && x.location().line() <= lines + 1, f);
      assertTrue(x.location().column() >= 1, f);
      assertFalse(x.message().isBlank(), f);
      assertFalse(f.contains("Exception") || f.contains("java."), f);
    }
  }

  /** Whatever loaded applies to a cluster that has the nodes the pods name. */
  private static void apply(List<K8sResource> rs) {
    Cluster c = new Cluster(ClusterConfig.defaults(1));
    for (int i = 0; i < 3; i++) {
      c.addNode(
          new NodeSpec(
              "node-" + i,
              Labels.of("role", i == 0 ? "gw" : "worker"),
              dev.egret.datapath.net.Ip4.parse("172.18.0." + (10 + i)),
              0,
              null,
              null));
    }
    for (K8sResource r : rs) {
      try {
        c.apply(r);
      } catch (IllegalArgumentException | IllegalStateException refused) {
        // the cluster refuses what Kubernetes would (the run reports it as a warning)
        assertFalse(refused.getMessage() == null || refused.getMessage().isBlank());
      }
    }
  }

  // ------------------------------------------------------------------ generation

  private static Gen generate(Random r) {
    CiliumVersion v = VERSIONS[r.nextInt(VERSIONS.length)];
    List<Object> objects = new ArrayList<>();
    int modelled = 0;
    int n = 1 + r.nextInt(6);
    for (int i = 0; i < n; i++) {
      switch (r.nextInt(8)) {
        case 0 -> {
          objects.add(obj("v1", "Namespace", "ns-" + i, null, null));
          modelled++;
        }
        case 1 -> {
          Map<String, Object> node = obj("v1", "Node", "node-" + (3 + i), null, null);
          node.put("spec", map("podCIDR", "10.0." + (10 + i) + ".0/24"));
          node.put(
              "status",
              map(
                  "addresses",
                  List.of(
                      map("type", "InternalIP", "address", "172.18.1." + i),
                      map("type", "InternalIP", "address", "fd00::" + i),
                      map("type", "Hostname", "address", "node-" + i))));
          objects.add(node);
          modelled++;
        }
        case 2 -> {
          Map<String, Object> pod = obj("v1", "Pod", "pod-" + i, "default", map("app", "a"));
          boolean hostNetwork = r.nextInt(5) == 0;
          String phase = r.nextInt(5) == 0 ? "Succeeded" : "Running";
          pod.put(
              "spec",
              map(
                  "nodeName",
                  "node-" + r.nextInt(3),
                  "hostNetwork",
                  hostNetwork,
                  "containers",
                  List.of(map("name", "c", "image", "nginx"))));
          pod.put("status", map("phase", phase, "podIP", "10.0.50." + (i + 2)));
          objects.add(pod);
          modelled += hostNetwork || phase.equals("Succeeded") ? 0 : 1;
        }
        case 3 -> {
          Map<String, Object> d = obj("apps/v1", "Deployment", "web-" + i, "default", null);
          d.put(
              "spec",
              map(
                  "replicas",
                  r.nextInt(4),
                  "selector",
                  map("matchLabels", map("app", "web")),
                  "template",
                  map("metadata", map("labels", map("app", "web")))));
          objects.add(d);
          modelled++;
        }
        case 4 -> {
          Map<String, Object> d = obj("apps/v1", "DaemonSet", "agent-" + i, "kube-system", null);
          d.put(
              "spec",
              map(
                  "selector",
                  map("matchLabels", map("app", "agent")),
                  "template",
                  map("metadata", map("labels", map("app", "agent")))));
          objects.add(d);
          modelled++;
        }
        case 5 -> {
          objects.add(policy(v, "policy-" + i, r));
          modelled++;
        }
        default ->
            objects.add(
                obj("v1", pick(r, "Service", "ConfigMap", "Secret"), "x-" + i, "default", null));
      }
    }
    List<Object> docs = new ArrayList<>();
    if (r.nextBoolean()) {
      docs.add(map("apiVersion", "v1", "kind", "List", "metadata", map(), "items", objects));
    } else {
      docs.addAll(objects);
    }
    return new Gen(v, docs, modelled);
  }

  private static Map<String, Object> policy(CiliumVersion v, String name, Random r) {
    List<Object> dst =
        new ArrayList<>(List.of(pick(r, "0.0.0.0/0", "198.51.100.0/24", "1.2.3.4/32")));
    if (v.natPolicyEra()) {
      Map<String, Object> p = obj("cilium.io/v2alpha1", "CiliumEgressNATPolicy", name, null, null);
      p.put(
          "spec",
          map(
              "egress",
              List.of(map("podSelector", map("matchLabels", map("app", "a")))),
              "destinationCIDRs",
              dst,
              "egressSourceIP",
              "172.18.0.10"));
      return p;
    }
    Map<String, Object> gw = map("nodeSelector", map("matchLabels", map("role", "gw")));
    if (r.nextBoolean()) {
      gw.put("interface", "eth0");
    }
    Map<String, Object> spec =
        map(
            "selectors",
            List.of(
                map(
                    "podSelector",
                    map(
                        "matchExpressions",
                        List.of(map("key", "app", "operator", "In", "values", List.of("a")))))),
            "destinationCIDRs",
            dst,
            "egressGateway",
            gw);
    if (v.multiGateway() && r.nextBoolean()) {
      spec.put("egressGateways", List.of(gw, map("nodeSelector", map("matchLabels", map()))));
    }
    if (r.nextBoolean()) {
      spec.put("excludedCIDRs", List.of("10.0.0.0/8"));
    }
    Map<String, Object> p = obj("cilium.io/v2", "CiliumEgressGatewayPolicy", name, null, null);
    p.put("spec", spec);
    return p;
  }

  // ------------------------------------------------------------------ mutation

  private static final Object[] JUNK = {
    null,
    "",
    -1,
    new BigInteger("99999999999999999999999"),
    2.5,
    true,
    List.of(),
    Map.of(),
    "2001:db8::/64",
    "10.0.0.0/33",
    "Equals",
    "a".repeat(100),
    "my app",
    "0.0.0.0",
    List.of(List.of())
  };

  @SuppressWarnings("unchecked")
  private static void mutate(Object root, Random r) {
    List<Object> containers = new ArrayList<>();
    collect(root, containers);
    Object c = containers.get(r.nextInt(containers.size()));
    Object junk = copy(JUNK[r.nextInt(JUNK.length)]);
    if (c instanceof Map<?, ?> raw) {
      Map<String, Object> m = (Map<String, Object>) raw;
      if (m.isEmpty()) {
        m.put("x", junk);
        return;
      }
      List<String> keys = new ArrayList<>(m.keySet());
      String k = keys.get(r.nextInt(keys.size()));
      switch (r.nextInt(3)) {
        case 0 -> m.remove(k);
        case 1 -> m.put(k, junk);
        default -> m.put(k + "s", m.remove(k));
      }
    } else if (c instanceof List<?> raw) {
      List<Object> l = (List<Object>) raw;
      if (l.isEmpty()) {
        l.add(junk);
      } else if (r.nextBoolean()) {
        l.set(r.nextInt(l.size()), junk);
      } else {
        l.add(copy(l.get(r.nextInt(l.size()))));
      }
    }
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

  private static Object copy(Object o) {
    if (o instanceof Map<?, ?> m) {
      Map<String, Object> c = new LinkedHashMap<>();
      m.forEach((k, v) -> c.put(String.valueOf(k), copy(v)));
      return c;
    }
    if (o instanceof List<?> l) {
      List<Object> c = new ArrayList<>();
      l.forEach(v -> c.add(copy(v)));
      return c;
    }
    return o;
  }

  // ------------------------------------------------------------------ helpers

  private static String yaml(List<Object> docs) {
    StringBuilder sb = new StringBuilder();
    try {
      for (Object d : docs) {
        if (sb.length() > 0) {
          sb.append("---\n");
        }
        sb.append(YAML.writeValueAsString(d));
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return sb.toString();
  }

  private static Map<String, Object> obj(
      String api, String kind, String name, String ns, Map<String, Object> labels) {
    Map<String, Object> meta = map("name", name);
    if (ns != null) {
      meta.put("namespace", ns);
    }
    if (labels != null) {
      meta.put("labels", labels);
    }
    meta.put("uid", "7c22952d-25a0-409d-952c-60895b5c2a" + String.format("%02d", name.length()));
    meta.put("managedFields", List.of(map("manager", "kubectl", "operation", "Update")));
    return map("apiVersion", api, "kind", kind, "metadata", meta);
  }

  private static String pick(Random r, String... s) {
    return s[r.nextInt(s.length)];
  }

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
