package dev.egret.scenarios.load;

import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.net.Ip4;
import dev.egret.scenarios.model.CaptureSpec;
import dev.egret.scenarios.model.CiliumSettings;
import dev.egret.scenarios.model.EndExpectation;
import dev.egret.scenarios.model.ExternalSpec;
import dev.egret.scenarios.model.NetworkSettings;
import dev.egret.scenarios.model.PodDecl;
import dev.egret.scenarios.model.Scenario;
import dev.egret.scenarios.model.TimelineItem;
import dev.egret.sim.Durations;
import dev.egret.topology.cluster.NodeSpec;
import dev.egret.topology.controlplane.CiliumVersion;
import dev.egret.topology.k8s.K8sResource;
import dev.egret.topology.k8s.ResourceLoader;
import dev.egret.topology.yaml.Location;
import dev.egret.topology.yaml.Problems;
import dev.egret.topology.yaml.YamlDocument;
import dev.egret.topology.yaml.YamlReader;
import dev.egret.topology.yaml.YamlValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Loads a scenario file (SPEC §3): the first document is the {@code Scenario}; every further
 * document is a Kubernetes object applied at time 0; {@code spec.resources} adds objects inline or
 * from files next to the scenario. Everything is validated in one pass and every problem is
 * reported with its file, line and column; nothing throws on bad input.
 */
public final class ScenarioLoader {
  public static final String API_VERSION = "egret.dev/v1alpha1";
  public static final String KIND = "Scenario";

  static final Set<String> TOP_FIELDS = Set.of("apiVersion", "kind", "metadata", "spec");
  static final Set<String> METADATA_FIELDS = Set.of("name", "description", "labels", "annotations");
  static final Set<String> SPEC_FIELDS =
      Set.of(
          "seed",
          "cilium",
          "network",
          "nodes",
          "externals",
          "pods",
          "resources",
          "timeline",
          "expect",
          "capture");
  static final Set<String> CILIUM_FIELDS =
      Set.of(
          "version",
          "tunnel",
          "reconcileInterval",
          "egressPolicyMapMax",
          "snatPortRange",
          "ctLifetimes",
          "ctGcInterval",
          "monitorAggregation");
  static final Set<String> CT_FIELDS = Set.of("tcp", "tcpSyn", "tcpClose", "nonTcp");
  static final Set<String> NETWORK_FIELDS = Set.of("underlay", "router");
  static final Set<String> UNDERLAY_FIELDS = Set.of("cidr", "mtu", "latency", "bandwidth");

  private ScenarioLoader() {}

  /** Loads {@code file}; messages name it as {@code file} was given. */
  public static LoadResult load(Path file) {
    return load(file, file.toString());
  }

  /** Loads {@code file}; messages name it {@code displayName}. */
  public static LoadResult load(Path file, String displayName) {
    return load(file, displayName, Runtime.getRuntime().maxMemory());
  }

  /**
   * Loads {@code file}, refusing it (with a message naming the size asked for and the limit) when
   * reading it or running it would need more than {@code maxHeap} bytes ({@link MemoryEstimate}).
   */
  public static LoadResult load(Path file, String displayName, long maxHeap) {
    return load(file, displayName, maxHeap, -1);
  }

  /**
   * Loads {@code file} for a run that stops at {@code untilNanos} (-1: at its end), so traffic
   * after that time does not count in the memory estimate.
   */
  public static LoadResult load(Path file, String displayName, long maxHeap, long untilNanos) {
    Problems p = new Problems();
    if (!fitsInHeap(file, displayName, maxHeap, p)) {
      return new LoadResult(null, p);
    }
    List<YamlDocument> docs = YamlReader.read(file, displayName, p);
    if (p.hasErrors()) {
      return new LoadResult(null, p);
    }
    if (docs.isEmpty()) {
      p.error(
          Location.ofFile(displayName),
          "",
          "the file is empty; a scenario starts with a document of apiVersion: "
              + API_VERSION
              + ", kind: "
              + KIND);
      return new LoadResult(null, p);
    }
    Binder b = new Binder(file, displayName, docs, p);
    b.maxHeap = maxHeap;
    b.until = untilNanos;
    Scenario s = b.bind();
    return new LoadResult(p.hasErrors() ? null : s, p);
  }

  /** Whether reading {@code file} fits in {@code maxHeap}; an error names both sizes if not. */
  static boolean fitsInHeap(Path file, String displayName, long maxHeap, Problems p) {
    long size;
    try {
      size = Files.isRegularFile(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      return true; // the reader reports it
    }
    long need = MemoryEstimate.forYaml(size);
    if (size <= YamlReader.MAX_FILE_BYTES && need > maxHeap) {
      p.error(
          Location.ofFile(displayName),
          "",
          "the file is "
              + MemoryEstimate.size(size)
              + "; reading it needs about "
              + MemoryEstimate.size(need)
              + " of heap (running it needs more) but the JVM may use at most "
              + MemoryEstimate.size(maxHeap)
              + "; raise the limit with EGRET_JAVA_OPTS=-Xmx"
              + MemoryEstimate.suggestedXmx(need));
      return false;
    }
    return true;
  }

  /** Binds one scenario file's documents. */
  static final class Binder {
    final Path file;
    final String display;
    final List<YamlDocument> docs;
    final Problems p;
    CiliumVersion version = CiliumVersion.DEFAULT;
    long maxHeap = Long.MAX_VALUE;
    long until = -1;
    ResourceLoader resources;
    NetworkSettings network;

    Binder(Path file, String display, List<YamlDocument> docs, Problems p) {
      this.file = file;
      this.display = display;
      this.docs = docs;
      this.p = p;
    }

    Scenario bind() {
      YamlValue top = docs.get(0).top();
      if (!top.isObject()) {
        p.error(
            top.location(),
            "",
            "the first document must be the Scenario (a map with apiVersion: "
                + API_VERSION
                + " and kind: "
                + KIND
                + "), got "
                + top.describe());
        return null;
      }
      String api = top.get("apiVersion").asString(p, null);
      String kind = top.get("kind").asString(p, null);
      if (!API_VERSION.equals(api) || !KIND.equals(kind)) {
        if (top.get("apiVersion").isAbsent() || top.get("kind").isAbsent()) {
          p.error(
              top.location(),
              top.get("apiVersion").isAbsent() ? "apiVersion" : "kind",
              "is required: the first document must be apiVersion: "
                  + API_VERSION
                  + ", kind: "
                  + KIND);
        } else {
          p.error(
              top.get(KIND.equals(kind) ? "apiVersion" : "kind").location(),
              KIND.equals(kind) ? "apiVersion" : "kind",
              "the first document must be the Scenario (apiVersion: "
                  + API_VERSION
                  + ", kind: "
                  + KIND
                  + "), got "
                  + api
                  + " "
                  + kind
                  + "; Kubernetes objects go after it, separated by ---");
        }
        return null;
      }
      top.warnUnknownFields(p, TOP_FIELDS, "Scenario");
      YamlValue meta = top.get("metadata");
      meta.expectObject(p, "a map with name and description");
      meta.warnUnknownFields(p, METADATA_FIELDS, "metadata");
      String name = meta.get("name").asString(p, null);
      if (name == null) {
        meta.get("name").require(p, "a short name for the scenario");
        name = "";
      } else if (name.isBlank()) {
        p.error(meta.get("name").location(), "metadata.name", "must not be empty");
      }
      String description = meta.get("description").asString(p, "");

      YamlValue spec = top.get("spec");
      if (!spec.require(p, "the scenario's nodes, pods, externals and timeline")) {
        return null;
      }
      if (!spec.expectObject(p, "a map")) {
        return null;
      }
      spec.warnUnknownFields(p, SPEC_FIELDS, "spec");

      long seed = spec.get("seed").asLong(p, 0, Long.MAX_VALUE, 1);
      CiliumSettings cilium = bindCilium(spec.get("cilium"));
      resources = new ResourceLoader(cilium.version());
      network = bindNetwork(spec.get("network"));

      Origins origins = new Origins();
      NodeBinder nb = new NodeBinder(p, network);
      ExternalBinder eb = new ExternalBinder(p, origins);
      List<ExternalSpec> externals = eb.bind(spec.get("externals"));
      for (ExternalSpec e : externals) {
        nb.reserve(e.ip(), "external " + e.name());
      }
      List<NodeSpec> nodes = nb.bindNodes(spec.get("nodes"));
      PodBinder pb = new PodBinder(p, network, origins);
      List<PodDecl> pods = pb.bind(spec.get("pods"));

      List<K8sResource> objects = new ArrayList<>();
      if (docs.size() > 1) {
        objects.addAll(resources.load(docs.subList(1, docs.size()), p));
      }
      objects.addAll(bindResources(spec.get("resources")));

      TimelineBinder tb =
          new TimelineBinder(
              p, file, display, resources, nb, externals, eb.broken, eb.incomplete, origins);
      List<TimelineItem> timeline = tb.bind(spec.get("timeline"));
      List<EndExpectation> expect = new ExpectBinder(p, origins).bindEnd(spec.get("expect"));
      List<CaptureSpec> captures = bindCaptures(spec.get("capture"), origins);

      new CrossChecker(
              p,
              origins,
              resources,
              nodes,
              externals,
              pods,
              objects,
              timeline,
              expect,
              captures,
              nb.broken,
              eb.broken,
              nb.incomplete,
              eb.incomplete || pb.incomplete)
          .check();
      if (!p.hasErrors()) {
        MemoryEstimate.of(Location.ofFile(display), nodes, pods, objects, timeline, origins, until)
            .check(maxHeap, p);
      }

      return new Scenario(
          name,
          description,
          file,
          seed,
          cilium,
          network,
          nodes,
          externals,
          pods,
          objects,
          timeline,
          expect,
          captures,
          p.warnings());
    }

    CiliumSettings bindCilium(YamlValue c) {
      CiliumSettings d = CiliumSettings.defaults(CiliumVersion.DEFAULT);
      if (c.isAbsent() || !c.expectObject(p, "a map of Cilium settings")) {
        return d;
      }
      c.warnUnknownFields(p, CILIUM_FIELDS, "spec.cilium");
      CiliumVersion v = CiliumVersion.DEFAULT;
      YamlValue ver = c.get("version");
      if (!ver.isAbsent()) {
        String text = ver.asText(p, CiliumVersion.DEFAULT.label());
        CiliumVersion parsed = CiliumVersion.parse(text.trim());
        if (parsed == null) {
          p.error(ver.location(), ver.path(), unknownVersion(text.trim()));
        } else {
          v = parsed;
        }
        if (parsed != null && ver.node().isNumber() && !text.equals(v.label())) {
          p.warning(
              ver.location(),
              ver.path(),
              "the version is a number here; quote it (\""
                  + text
                  + "\") so YAML keeps it as"
                  + " written");
        }
      }
      d = CiliumSettings.defaults(v);
      CiliumSettings.Tunnel tunnel = d.tunnel();
      YamlValue t = c.get("tunnel");
      if (!t.isAbsent()) {
        String s = t.asString(p, "vxlan");
        tunnel = null;
        for (CiliumSettings.Tunnel x : CiliumSettings.Tunnel.values()) {
          if (x.id().equals(s)) {
            tunnel = x;
          }
        }
        if (tunnel == null) {
          p.error(
              t.location(),
              t.path(),
              "\"" + s + "\" is not a tunnel protocol; use vxlan or geneve");
          tunnel = d.tunnel();
        }
      }
      long reconcile = c.get("reconcileInterval").asDuration(p, d.reconcileInterval());
      if (reconcile == 0) {
        p.error(
            c.get("reconcileInterval").location(),
            "spec.cilium.reconcileInterval",
            "must be more than 0 (Cilium's default is 1s)");
        reconcile = d.reconcileInterval();
      }
      int mapMax = c.get("egressPolicyMapMax").asInt(p, 1, 1 << 24, d.egressPolicyMapMax());
      int min = d.snatPortMin();
      int max = d.snatPortMax();
      YamlValue range = c.get("snatPortRange");
      if (!range.isAbsent()) {
        String r = range.asText(p, "");
        String[] ab = r.split("-", -1);
        boolean ok =
            ab.length == 2 && ab[0].trim().matches("\\d{1,5}") && ab[1].trim().matches("\\d{1,5}");
        if (ok) {
          int a = Integer.parseInt(ab[0].trim());
          int b = Integer.parseInt(ab[1].trim());
          if (a < 1 || b > 65535 || a >= b) {
            ok = false;
          } else {
            min = a;
            max = b;
          }
        }
        if (!ok) {
          p.error(
              range.location(),
              range.path(),
              "\""
                  + r
                  + "\" is not a port range; write MIN-MAX with 1 <= MIN < MAX <= 65535, e.g."
                  + " 32768-65535");
        }
      }
      long tcp = d.ctTcp();
      long syn = d.ctTcpSyn();
      long close = d.ctTcpClose();
      long nonTcp = d.ctNonTcp();
      YamlValue ct = c.get("ctLifetimes");
      if (ct.expectObject(p, "a map with tcp, tcpSyn, tcpClose and nonTcp")) {
        ct.warnUnknownFields(p, CT_FIELDS, "spec.cilium.ctLifetimes");
        tcp = positive(ct.get("tcp"), tcp);
        syn = positive(ct.get("tcpSyn"), syn);
        close = positive(ct.get("tcpClose"), close);
        nonTcp = positive(ct.get("nonTcp"), nonTcp);
      }
      long gc = d.ctGcInterval();
      YamlValue g = c.get("ctGcInterval");
      if (!g.isAbsent()) {
        String s = g.asText(p, "dynamic");
        if (!s.equals("dynamic")) {
          gc = positive(g, CiliumSettings.DYNAMIC_GC);
        }
      }
      CiliumSettings.MonitorAggregation agg = d.monitorAggregation();
      YamlValue m = c.get("monitorAggregation");
      if (!m.isAbsent()) {
        String s = m.asString(p, "none");
        agg = null;
        for (CiliumSettings.MonitorAggregation x : CiliumSettings.MonitorAggregation.values()) {
          if (x.id().equals(s)) {
            agg = x;
          }
        }
        if (agg == null) {
          p.error(
              m.location(),
              m.path(),
              "\"" + s + "\" is not a monitor aggregation level; use none or medium");
          agg = d.monitorAggregation();
        }
      }
      return new CiliumSettings(
          v, tunnel, reconcile, mapMax, min, max, tcp, syn, close, nonTcp, gc, agg);
    }

    /** Why {@code text} is not a version egret models, and what to write instead. */
    static String unknownVersion(String text) {
      List<String> labels = new ArrayList<>();
      for (CiliumVersion x : CiliumVersion.values()) {
        labels.add("\"" + x.label() + "\"");
      }
      String known = String.join(", ", labels);
      for (CiliumVersion x : CiliumVersion.values()) {
        if (text.startsWith(x.label() + ".") || text.equals("v" + x.label())) {
          return "\""
              + text
              + "\": write the minor version only, \""
              + x.label()
              + "\" (egret models "
              + known
              + ")";
        }
      }
      return "\"" + text + "\" is not a Cilium version egret models; use one of " + known;
    }

    private long positive(YamlValue v, long fallback) {
      long d = v.asDuration(p, fallback);
      if (!v.isAbsent() && d == 0) {
        p.error(v.location(), v.path(), "must be more than 0");
        return fallback;
      }
      return d;
    }

    NetworkSettings bindNetwork(YamlValue n) {
      Cidr4 underlay = Cidr4.parse(NetworkSettings.DEFAULT_UNDERLAY);
      int mtu = NetworkSettings.DEFAULT_MTU;
      long latency = NetworkSettings.DEFAULT_LATENCY;
      long bandwidth = NetworkSettings.DEFAULT_BANDWIDTH;
      int router = 0;
      if (n.expectObject(p, "a map with underlay and router")) {
        n.warnUnknownFields(p, NETWORK_FIELDS, "spec.network");
        YamlValue u = n.get("underlay");
        if (u.expectObject(p, "a map with cidr, mtu, latency and bandwidth")) {
          u.warnUnknownFields(p, UNDERLAY_FIELDS, "spec.network.underlay");
          Cidr4 c = u.get("cidr").asCidr4(p);
          if (c != null) {
            if (c.hasHostBits()) {
              p.error(
                  u.get("cidr").location(),
                  u.get("cidr").path(),
                  "\"" + c + "\" has host bits set; write the network address, " + c.masked());
            } else if (c.prefixLength() > 30) {
              p.error(
                  u.get("cidr").location(),
                  u.get("cidr").path(),
                  "\"" + c + "\" is too small for a router and nodes; use /30 or larger");
            } else {
              underlay = c;
            }
          }
          mtu = u.get("mtu").asInt(p, 576, 65535, mtu);
          latency = u.get("latency").asDuration(p, latency);
          YamlValue b = u.get("bandwidth");
          if (!b.isAbsent()) {
            String text = b.asText(p, "");
            try {
              bandwidth = Bandwidth.parse(text);
            } catch (IllegalArgumentException e) {
              p.error(b.location(), b.path(), e.getMessage());
            }
          }
        }
        YamlValue r = n.get("router");
        router = r.asIp4(p, 0);
        if (router != 0 && !underlay.contains(router)) {
          p.error(
              r.location(),
              r.path(),
              Ip4.format(router)
                  + " is outside the underlay "
                  + underlay
                  + "; the router must be on the underlay segment");
          router = 0;
        }
      }
      if (router == 0) {
        router = underlay.network() + 1;
      }
      return new NetworkSettings(underlay, mtu, latency, bandwidth, router);
    }

    List<K8sResource> bindResources(YamlValue list) {
      List<K8sResource> out = new ArrayList<>();
      for (YamlValue item : list.items(p)) {
        if (!item.expectObject(p, "a Kubernetes object, or {file: path}")) {
          if (!item.isAbsent()) {
            continue;
          }
          p.error(
              item.location(), item.path(), "is empty; give a Kubernetes object or {file: path}");
          continue;
        }
        if (!item.get("file").isAbsent() && item.get("kind").isAbsent()) {
          out.addAll(loadResourceFile(item.get("file")));
        } else {
          resources.bindObject(item, p, out);
        }
      }
      return out;
    }

    /** Loads {@code resources: [{file: x}]} relative to the scenario's directory. */
    List<K8sResource> loadResourceFile(YamlValue f) {
      String rel = f.asString(p, null);
      if (rel == null || rel.isBlank()) {
        p.error(f.location(), f.path(), "must name a file, relative to the scenario");
        return List.of();
      }
      Path base = file.toAbsolutePath().getParent();
      Path target = base == null ? Path.of(rel) : base.resolve(rel).normalize();
      try {
        if (Files.exists(target) && Files.exists(file) && Files.isSameFile(target, file)) {
          p.error(
              f.location(),
              f.path(),
              "\""
                  + rel
                  + "\" is this scenario file itself; a resources file holds Kubernetes"
                  + " objects only");
          return List.of();
        }
      } catch (IOException e) {
        // fall through: the reader reports unreadable files
      }
      if (!Files.exists(target)) {
        p.error(
            f.location(),
            f.path(),
            "file \""
                + rel
                + "\" not found (looked for "
                + displayNameOf(rel)
                + "; the path is relative to the scenario's directory)");
        return List.of();
      }
      if (Files.isDirectory(target)) {
        p.error(f.location(), f.path(), "\"" + rel + "\" is a directory; name a YAML file");
        return List.of();
      }
      String shown = displayNameOf(rel);
      if (!fitsInHeap(target, shown, maxHeap, p)) {
        return List.of();
      }
      List<YamlDocument> d = YamlReader.read(target, shown, p);
      for (YamlDocument doc : d) {
        YamlValue t = doc.top();
        if (KIND.equals(t.get("kind").node() == null ? null : t.get("kind").node().asText())
            && API_VERSION.equals(
                t.get("apiVersion").node() == null ? null : t.get("apiVersion").node().asText())) {
          p.error(
              f.location(),
              f.path(),
              "\""
                  + rel
                  + "\" is a Scenario (kind: Scenario at "
                  + t.get("kind").location()
                  + "); a resources file holds Kubernetes objects only");
          return List.of();
        }
      }
      return resources.load(d, p);
    }

    /** How an included file is named in messages: relative to the scenario's own name. */
    private String displayNameOf(String rel) {
      Path shownParent = Path.of(display).getParent();
      return shownParent == null ? rel : shownParent.resolve(rel).normalize().toString();
    }

    List<CaptureSpec> bindCaptures(YamlValue list, Origins origins) {
      List<CaptureSpec> out = new ArrayList<>();
      if (list.isScalar()) {
        String s = list.asString(p, "");
        if (s.equals(CaptureSpec.ALL)) {
          out.add(new CaptureSpec(CaptureSpec.ALL, CaptureSpec.ALL));
        } else {
          p.error(list.location(), list.path(), "must be \"all\" or a list of {node, interface}");
        }
        return out;
      }
      for (YamlValue item : list.items(p)) {
        if (item.isScalar()) {
          String s = item.asString(p, "");
          if (s.equals(CaptureSpec.ALL)) {
            out.add(new CaptureSpec(CaptureSpec.ALL, CaptureSpec.ALL));
          } else {
            p.error(
                item.location(),
                item.path(),
                "\"" + s + "\": write \"all\" or {node: NAME, interface: IFACE}");
          }
          continue;
        }
        if (!item.expectObject(p, "{node, interface}")) {
          continue;
        }
        item.warnUnknownFields(p, Set.of("node", "interface"), "a capture");
        String node = item.get("node").asString(p, null);
        if (node == null) {
          item.get("node").require(p, "a node name, or all");
          continue;
        }
        String iface = item.get("interface").asString(p, CaptureSpec.ALL);
        out.add(origins.put(new CaptureSpec(node, iface), item));
      }
      return out;
    }
  }

  /** Parses bandwidths such as {@code 10Gbps}, {@code 100Mbps}, {@code 1Gbit}, {@code 1.5Gbps}. */
  static final class Bandwidth {
    private Bandwidth() {}

    static long parse(String text) {
      String s = text.trim();
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kKmMgGtT]?)(bps|bit|bit/s|b/s)")
              .matcher(s);
      if (!m.matches()) {
        throw new IllegalArgumentException(
            "\"" + text + "\" is not a bandwidth; write e.g. 10Gbps, 100Mbps or 1Gbit");
      }
      double v = Double.parseDouble(m.group(1));
      long scale =
          switch (m.group(2).toLowerCase()) {
            case "k" -> 1_000L;
            case "m" -> 1_000_000L;
            case "g" -> 1_000_000_000L;
            case "t" -> 1_000_000_000_000L;
            default -> 1L;
          };
      double bps = v * scale;
      if (bps < 1 || bps > 1e15) {
        throw new IllegalArgumentException("\"" + text + "\" is out of range (1 bps to 1000 Tbps)");
      }
      return (long) bps;
    }
  }

  static String durationHint() {
    return "e.g. 500ms, 1.5s or " + Durations.format(Durations.MINUTE * 2);
  }
}
