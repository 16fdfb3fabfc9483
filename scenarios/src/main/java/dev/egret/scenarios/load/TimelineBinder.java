package dev.egret.scenarios.load;

import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.net.Ip4;
import dev.egret.scenarios.model.Action;
import dev.egret.scenarios.model.ActionExpect;
import dev.egret.scenarios.model.Destination;
import dev.egret.scenarios.model.ExternalSpec;
import dev.egret.scenarios.model.Protocol;
import dev.egret.scenarios.model.Source;
import dev.egret.scenarios.model.TimelineItem;
import dev.egret.sim.Durations;
import dev.egret.topology.cluster.NodeSpec;
import dev.egret.topology.k8s.K8sResource;
import dev.egret.topology.k8s.ResourceLoader;
import dev.egret.topology.model.LabelSelector;
import dev.egret.topology.yaml.Problems;
import dev.egret.topology.yaml.YamlDocument;
import dev.egret.topology.yaml.YamlReader;
import dev.egret.topology.yaml.YamlValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Binds {@code spec.timeline[]}: one action per item, at non-decreasing times. */
final class TimelineBinder {
  static final List<String> ACTIONS =
      List.of(
          "http",
          "tcp",
          "udp",
          "ping",
          "load",
          "apply",
          "delete",
          "label",
          "reschedule",
          "nodeDown",
          "nodeUp",
          "nodeDelete",
          "nodeAdd",
          "addressAdd",
          "addressDel",
          "linkDown",
          "linkUp");

  /** The client timeout when none is given, like {@code curl --max-time 10}. */
  static final long DEFAULT_TIMEOUT = Durations.seconds(10);

  /**
   * The latest simulated time a timeline may reach (its items' times plus their longest durations):
   * 100 years, well inside the 292 years a {@code long} of nanoseconds holds, so no clock sum
   * overflows.
   */
  static final long MAX_END = 100L * 8766 * Durations.HOUR;

  private final Problems p;
  private final Path file;
  private final String display;
  private final ResourceLoader resources;
  private final NodeBinder nodes;
  private final Map<String, ExternalSpec> externals = new LinkedHashMap<>();
  private final Set<String> brokenExternals;
  private final boolean externalsIncomplete;
  private final ExpectBinder expects;
  private final Origins origins;

  TimelineBinder(
      Problems p,
      Path file,
      String display,
      ResourceLoader resources,
      NodeBinder nodes,
      List<ExternalSpec> externals,
      Set<String> brokenExternals,
      boolean externalsIncomplete,
      Origins origins) {
    this.p = p;
    this.file = file;
    this.display = display;
    this.resources = resources;
    this.nodes = nodes;
    for (ExternalSpec e : externals) {
      this.externals.put(e.name(), e);
    }
    this.brokenExternals = brokenExternals;
    this.externalsIncomplete = externalsIncomplete;
    this.origins = origins;
    this.expects = new ExpectBinder(p, origins);
  }

  List<TimelineItem> bind(YamlValue list) {
    List<TimelineItem> out = new ArrayList<>();
    long last = 0;
    YamlValue lastAt = null;
    int index = -1;
    for (YamlValue item : list.items(p)) {
      index++;
      if (!item.expectObject(p, "a timeline item {at, <action>, expect}")) {
        if (item.isAbsent()) {
          p.error(
              item.location(),
              item.path(),
              "is empty; write e.g. {at: 1s, http: {from:" + " default/my-app, to: echo:80}}");
        }
        continue;
      }
      YamlValue atV = item.get("at");
      long at;
      if (atV.isAbsent()) {
        atV.require(p, "when the action happens, e.g. 1.5s");
        at = last;
      } else {
        at = atV.asDuration(p, -1);
        if (at < 0) {
          at = last;
        } else if (at < last) {
          p.error(
              atV.location(),
              atV.path(),
              Durations.format(at)
                  + " is earlier than the previous"
                  + " item's "
                  + Durations.format(last)
                  + " (at "
                  + lastAt.location()
                  + "); the timeline must be in time order");
        } else {
          last = at;
          lastAt = atV;
        }
      }
      List<String> found = new ArrayList<>();
      for (String f : item.fieldNames()) {
        if (ACTIONS.contains(f)) {
          found.add(f);
        }
      }
      Set<String> known = new java.util.HashSet<>(ACTIONS);
      known.add("at");
      known.add("expect");
      if (found.isEmpty()) {
        String near = null;
        for (String f : item.fieldNames()) {
          if (!f.equals("at") && !f.equals("expect")) {
            near = f;
          }
        }
        p.error(
            item.location(),
            item.path(),
            "has no action"
                + (near == null ? "" : " (\"" + near + "\" is not one)")
                + "; use one of "
                + String.join(", ", ACTIONS));
        continue;
      }
      if (found.size() > 1) {
        p.error(
            item.get(found.get(1)).keyLocation(),
            item.get(found.get(1)).path(),
            "a timeline item holds one action, this one has "
                + String.join(" and ", found)
                + "; split it into two items");
        continue;
      }
      item.warnUnknownFields(p, known, "a timeline item");
      String kind = found.get(0);
      Action a = bindAction(kind, item.get(kind));
      ActionExpect e = null;
      YamlValue ev = item.get("expect");
      if (!ev.isAbsent()) {
        if (a != null && !(a instanceof Action.Traffic)) {
          p.error(
              ev.keyLocation(),
              ev.path(),
              "only traffic actions (http, tcp, udp, ping, load)"
                  + " take expectations; end-of-run checks go in spec.expect");
        } else {
          e = expects.bindAction(ev);
        }
      }
      if (a != null && a instanceof Action.Traffic) {
        long end = MemoryEstimate.saturatingAdd(at, longest(a));
        if (end > MAX_END) {
          p.error(
              item.get(kind).location(),
              item.get(kind).path(),
              "this traffic would last until about "
                  + (end == Long.MAX_VALUE ? 292 : end / (8766 * Durations.HOUR))
                  + " years of simulated time (at plus its timeout, hold, duration or count),"
                  + " past egret's limit of 100 years; shorten it");
          a = null;
        }
      }
      if (a != null) {
        out.add(origins.put(new TimelineItem(index, at, a, e, item.location()), item));
      }
    }
    return out;
  }

  /** How long a traffic action may last after it starts, as the run's horizon counts it. */
  static long longest(Action a) {
    if (a instanceof Action.Http h) {
      return h.timeout();
    }
    if (a instanceof Action.Tcp t) {
      return MemoryEstimate.saturatingAdd(t.timeout(), t.hold());
    }
    if (a instanceof Action.Udp u) {
      return MemoryEstimate.saturatingAdd(u.timeout(), u.count() * Durations.millis(10));
    }
    if (a instanceof Action.Ping p) {
      return MemoryEstimate.saturatingAdd(
          p.timeout(), MemoryEstimate.saturatingMultiply(p.count(), Durations.SECOND));
    }
    if (a instanceof Action.Load l) {
      return MemoryEstimate.saturatingAdd(
          MemoryEstimate.saturatingAdd(l.duration(), l.hold()), l.timeout());
    }
    return 0;
  }

  private Action bindAction(String kind, YamlValue v) {
    return switch (kind) {
      case "http", "tcp", "udp", "ping", "load" -> bindTraffic(kind, v);
      case "apply" -> bindApply(v);
      case "delete" -> bindDelete(v);
      case "label" -> bindLabel(v);
      case "reschedule" -> bindReschedule(v);
      case "nodeDown", "nodeUp", "nodeDelete" -> bindNodeName(kind, v);
      case "nodeAdd" -> bindNodeAdd(v);
      case "addressAdd", "addressDel" -> bindAddress(kind, v);
      case "linkDown", "linkUp" -> bindLink(kind, v);
      default -> null;
    };
  }

  // ------------------------------------------------------------------ traffic

  private static final Map<String, Set<String>> TRAFFIC_FIELDS =
      Map.of(
          "http", Set.of("from", "to", "timeout"),
          "tcp", Set.of("from", "to", "bytes", "hold", "timeout"),
          "udp", Set.of("from", "to", "count", "size", "timeout"),
          "ping", Set.of("from", "to", "count", "timeout"),
          "load", Set.of("from", "to", "protocol", "rate", "duration", "hold", "timeout"));

  private Action bindTraffic(String kind, YamlValue v) {
    if (!v.expectObject(p, "{from, to, ...}")) {
      if (v.isAbsent()) {
        p.error(v.location(), v.path(), "is empty; write {from: NAMESPACE/POD, to: EXTERNAL:PORT}");
      }
      return null;
    }
    v.warnUnknownFields(p, TRAFFIC_FIELDS.get(kind), kind);
    Source from = bindSource(v.get("from"));
    Protocol proto =
        switch (kind) {
          case "udp" -> Protocol.UDP;
          case "ping" -> Protocol.ICMP;
          default -> Protocol.TCP;
        };
    if (kind.equals("load") && !v.get("protocol").isAbsent()) {
      String s = v.get("protocol").asString(p, "TCP");
      Protocol pr = Protocol.parse(s);
      if (pr == null) {
        p.error(
            v.get("protocol").location(),
            v.get("protocol").path(),
            "\"" + s + "\" is not a protocol; use TCP, UDP or ICMP");
      } else {
        proto = pr;
      }
    }
    Destination to = bindDestination(v.get("to"), proto);
    long timeout = v.get("timeout").asDuration(p, DEFAULT_TIMEOUT);
    if (!v.get("timeout").isAbsent() && timeout == 0) {
      p.error(v.get("timeout").location(), v.get("timeout").path(), "must be more than 0");
      timeout = DEFAULT_TIMEOUT;
    }
    if (from == null || to == null) {
      return null;
    }
    switch (kind) {
      case "http":
        return new Action.Http(from, to, timeout);
      case "tcp":
        {
          long bytes = v.get("bytes").asLong(p, 0, 1L << 40, 1000);
          long hold = v.get("hold").asDuration(p, 0);
          return new Action.Tcp(from, to, bytes, hold, timeout);
        }
      case "udp":
        {
          int count = v.get("count").asInt(p, 1, 10_000_000, 1);
          int size = v.get("size").asInt(p, 0, 65_507, 64);
          return new Action.Udp(from, to, count, size, timeout);
        }
      case "ping":
        {
          int count = v.get("count").asInt(p, 1, 1_000_000, 1);
          return new Action.Ping(from, to, count, timeout);
        }
      default:
        {
          YamlValue rv = v.get("rate");
          double rate = 0;
          if (!rv.require(p, "connections per second, e.g. 100")) {
            return null;
          }
          String rt = rv.asText(p, "0");
          try {
            rate = Double.parseDouble(rt);
          } catch (NumberFormatException e) {
            rate = -1;
          }
          if (!(rate > 0) || rate > 10_000_000 || Double.isNaN(rate)) {
            p.error(
                rv.location(),
                rv.path(),
                "\""
                    + rt
                    + "\" is not a rate; give connections per"
                    + " second between 0 and 10000000, e.g. 100");
            return null;
          }
          YamlValue dv = v.get("duration");
          if (!dv.require(p, "how long the load lasts, e.g. 30s")) {
            return null;
          }
          long duration = dv.asDuration(p, 0);
          if (duration == 0) {
            p.error(dv.location(), dv.path(), "must be more than 0");
            return null;
          }
          long hold = v.get("hold").asDuration(p, 0);
          double conns = rate * duration / 1e9;
          if (conns > 50_000_000) {
            p.error(
                rv.location(),
                v.path(),
                String.format(
                    java.util.Locale.ROOT,
                    "%,.0f connections (rate × duration) is more than egret simulates in one action"
                        + " (50,000,000); lower the rate or the duration",
                    conns));
            return null;
          }
          return new Action.Load(from, to, proto, rate, duration, hold, timeout);
        }
    }
  }

  private Source bindSource(YamlValue f) {
    if (f.isAbsent()) {
      f.require(p, "NAMESPACE/POD or {namespace, selector}");
      return null;
    }
    if (f.isScalar()) {
      String s = f.asString(p, "");
      int slash = s.indexOf('/');
      if (slash <= 0 || slash == s.length() - 1 || s.indexOf('/', slash + 1) >= 0) {
        p.error(f.location(), f.path(), "\"" + s + "\" is not NAMESPACE/POD (e.g. default/my-app)");
        return null;
      }
      return new Source.PodRef(s.substring(0, slash), s.substring(slash + 1));
    }
    if (!f.expectObject(p, "NAMESPACE/POD or {namespace, selector}")) {
      return null;
    }
    f.warnUnknownFields(p, Set.of("namespace", "selector"), "from");
    String ns = f.get("namespace").asString(p, "default");
    YamlValue sv = f.get("selector");
    if (!sv.require(p, "a label selector such as \"app=x,tier in (a,b)\"")) {
      return null;
    }
    String text = sv.asString(p, "");
    try {
      LabelSelector sel = SelectorParser.parse(text);
      return new Source.Selector(ns, sel, text);
    } catch (IllegalArgumentException e) {
      p.error(sv.location(), sv.path(), e.getMessage());
      return null;
    }
  }

  private Destination bindDestination(YamlValue t, Protocol proto) {
    if (t.isAbsent()) {
      t.require(p, proto == Protocol.ICMP ? "EXTERNAL or IP" : "EXTERNAL:PORT or IP:PORT");
      return null;
    }
    String s = t.asText(p, "");
    String host = s;
    int port = 0;
    int colon = s.lastIndexOf(':');
    if (colon >= 0) {
      if (Ip4.looksLikeIpv6(s.substring(0, colon)) || s.indexOf(':') != colon) {
        p.error(
            t.location(),
            t.path(),
            "\""
                + s
                + "\" looks like IPv6; egret models IPv4 traffic: use an external's name or an"
                + " IPv4 address, e.g. echo:80 or 198.51.100.10:80");
        return null;
      }
      host = s.substring(0, colon);
      String ps = s.substring(colon + 1);
      if (!ps.matches("\\d{1,5}") || Integer.parseInt(ps) < 1 || Integer.parseInt(ps) > 65535) {
        p.error(t.location(), t.path(), "\"" + ps + "\" is not a port (1..65535)");
        return null;
      }
      port = Integer.parseInt(ps);
    }
    if (proto == Protocol.ICMP && port != 0) {
      p.error(t.location(), t.path(), "ping takes no port; write just the external or the IP");
      return null;
    }
    if (proto != Protocol.ICMP && port == 0) {
      p.error(t.location(), t.path(), "\"" + s + "\" has no port; write " + s + ":PORT");
      return null;
    }
    if (Ip4.isValid(host)) {
      int ip = Ip4.parse(host);
      String ext = null;
      for (ExternalSpec e : externals.values()) {
        if (e.ip() == ip) {
          ext = e.name();
        }
      }
      return new Destination(ext, ip, port);
    }
    ExternalSpec e = externals.get(host);
    if (e == null && (brokenExternals.contains(host) || externalsIncomplete)) {
      return null; // its declaration was reported already
    }
    if (e == null) {
      p.error(
          t.location(),
          t.path(),
          "unknown external \""
              + host
              + "\""
              + (externals.isEmpty()
                  ? " (spec.externals is empty)"
                  : "; known: " + String.join(", ", externals.keySet())));
      return null;
    }
    return new Destination(e.name(), e.ip(), port);
  }

  // ------------------------------------------------------------------ cluster events

  private Action bindApply(YamlValue v) {
    if (!v.expectObject(p, "a Kubernetes object or {file: path}")) {
      if (v.isAbsent()) {
        p.error(v.location(), v.path(), "is empty; give an inline object or {file: path}");
      }
      return null;
    }
    List<K8sResource> objs = new ArrayList<>();
    if (!v.get("file").isAbsent() && v.get("kind").isAbsent()) {
      v.warnUnknownFields(p, Set.of("file"), "apply");
      String rel = v.get("file").asString(p, null);
      if (rel == null) {
        return null;
      }
      Path base = file.toAbsolutePath().getParent();
      Path target = base == null ? Path.of(rel) : base.resolve(rel).normalize();
      Path shownParent = Path.of(display).getParent();
      String shown = shownParent == null ? rel : shownParent.resolve(rel).normalize().toString();
      if (!Files.isRegularFile(target)) {
        p.error(
            v.get("file").location(),
            v.get("file").path(),
            Files.isDirectory(target)
                ? "\"" + rel + "\" is a directory; name a YAML file"
                : "file \""
                    + rel
                    + "\" not found (looked for "
                    + shown
                    + "; the path is relative to the scenario's directory)");
        return null;
      }
      List<YamlDocument> docs = YamlReader.read(target, shown, p);
      for (YamlDocument doc : docs) {
        YamlValue k = doc.top().get("kind");
        if (k.isScalar() && ScenarioLoader.KIND.equals(k.node().asText())) {
          p.error(
              v.get("file").location(),
              v.get("file").path(),
              "\""
                  + rel
                  + "\" is a Scenario (kind: Scenario at "
                  + k.location()
                  + "); apply takes a file of Kubernetes objects");
          return null;
        }
      }
      objs.addAll(resources.load(docs, p));
    } else {
      resources.bindObject(v, p, objs);
    }
    return objs.isEmpty() ? null : new Action.Apply(objs);
  }

  private Action bindDelete(YamlValue v) {
    if (!v.expectObject(p, "{kind, name, namespace}")) {
      return null;
    }
    v.warnUnknownFields(p, Set.of("kind", "name", "namespace"), "delete");
    String kind = v.get("kind").asString(p, null);
    String name = v.get("name").asString(p, null);
    if (kind == null) {
      v.get("kind").require(p, "e.g. CiliumEgressGatewayPolicy, Pod, Node");
    }
    if (name == null) {
      v.get("name").require(p, "the object's name");
    }
    if (kind == null || name == null) {
      return null;
    }
    Set<String> kinds =
        Set.of(
            "Namespace",
            "Node",
            "Pod",
            "Deployment",
            "DaemonSet",
            "CiliumEgressGatewayPolicy",
            "CiliumEgressNATPolicy");
    if (!kinds.contains(kind)) {
      p.error(
          v.get("kind").location(),
          v.get("kind").path(),
          "cannot delete kind \""
              + kind
              + "\"; egret knows "
              + String.join(", ", new java.util.TreeSet<>(kinds)));
      return null;
    }
    String ns = v.get("namespace").asString(p, null);
    boolean namespaced =
        kind.equals("Pod") || kind.equals("Deployment") || kind.equals("DaemonSet");
    if (namespaced && ns == null) {
      ns = "default";
    }
    return new Action.Delete(kind, name, ns);
  }

  private Action bindLabel(YamlValue v) {
    if (!v.expectObject(p, "{node | pod, set, remove}")) {
      return null;
    }
    v.warnUnknownFields(p, Set.of("node", "pod", "set", "remove"), "label");
    String node = v.get("node").asString(p, null);
    String pod = v.get("pod").asString(p, null);
    if ((node == null) == (pod == null)) {
      p.error(v.location(), v.path(), "name exactly one of node or pod (NAMESPACE/POD)");
      return null;
    }
    if (pod != null && !pod.contains("/")) {
      p.error(
          v.get("pod").location(),
          v.get("pod").path(),
          "\"" + pod + "\" is not NAMESPACE/POD (e.g. default/my-app)");
      return null;
    }
    Map<String, String> set = NodeBinder.bindLabels(p, v.get("set"));
    List<String> remove = v.get("remove").asStringList(p);
    if (v.get("set").isAbsent() && v.get("remove").isAbsent()) {
      p.error(
          v.location(),
          v.path(),
          "changes nothing; give set: {key: value} and/or remove:" + " [key]");
      return null;
    }
    return new Action.Label(node, pod, set, remove);
  }

  private Action bindReschedule(YamlValue v) {
    if (!v.expectObject(p, "{pod, node}")) {
      return null;
    }
    v.warnUnknownFields(p, Set.of("pod", "node"), "reschedule");
    String pod = v.get("pod").asString(p, null);
    String node = v.get("node").asString(p, null);
    if (pod == null) {
      v.get("pod").require(p, "NAMESPACE/POD");
    } else if (!pod.contains("/")) {
      p.error(
          v.get("pod").location(),
          v.get("pod").path(),
          "\"" + pod + "\" is not NAMESPACE/POD (e.g. default/my-app)");
      return null;
    }
    if (node == null) {
      v.get("node").require(p, "the node to move the pod to");
    }
    return pod == null || node == null ? null : new Action.Reschedule(pod, node);
  }

  private Action bindNodeName(String kind, YamlValue v) {
    String node;
    if (v.isObject()) {
      v.warnUnknownFields(p, Set.of("node"), kind);
      node = v.get("node").asString(p, null);
      if (node == null) {
        v.get("node").require(p, "the node's name");
        return null;
      }
    } else {
      if (v.isAbsent()) {
        p.error(v.location(), v.path(), "needs a node name, e.g. " + kind + ": k8s-worker-2");
        return null;
      }
      node = v.asString(p, null);
      if (node == null) {
        return null;
      }
    }
    return switch (kind) {
      case "nodeDown" -> new Action.NodeDown(node);
      case "nodeUp" -> new Action.NodeUp(node);
      default -> new Action.NodeDelete(node);
    };
  }

  private Action bindNodeAdd(YamlValue v) {
    NodeSpec n = nodes.bindOne(v);
    return n == null ? null : new Action.NodeAdd(n);
  }

  private Action bindAddress(String kind, YamlValue v) {
    if (!v.expectObject(p, "{node, interface, address}")) {
      return null;
    }
    v.warnUnknownFields(p, Set.of("node", "interface", "address"), kind);
    String node = v.get("node").asString(p, null);
    String iface = v.get("interface").asString(p, null);
    YamlValue av = v.get("address");
    if (node == null) {
      v.get("node").require(p, "the node's name");
    }
    if (iface == null) {
      v.get("interface").require(p, "e.g. eth1");
    }
    if (!av.require(p, "e.g. 10.168.60.100/24")) {
      return null;
    }
    String s = av.asString(p, "");
    Cidr4 c;
    try {
      c = s.contains("/") ? Cidr4.parse(s) : Cidr4.host(Ip4.parse(s));
    } catch (IllegalArgumentException e) {
      p.error(av.location(), av.path(), e.getMessage());
      return null;
    }
    if (node == null || iface == null) {
      return null;
    }
    return kind.equals("addressAdd")
        ? new Action.AddressAdd(node, iface, c)
        : new Action.AddressDel(node, iface, c);
  }

  private Action bindLink(String kind, YamlValue v) {
    if (!v.expectObject(p, "{node} or {between: [a, b]}")) {
      if (v.isAbsent()) {
        p.error(v.location(), v.path(), "needs {node: NAME} or {between: [A, B]}");
      }
      return null;
    }
    v.warnUnknownFields(p, Set.of("node", "between"), kind);
    String node = v.get("node").asString(p, null);
    List<String> between = v.get("between").isAbsent() ? null : v.get("between").asStringList(p);
    if ((node == null) == (between == null)) {
      p.error(v.location(), v.path(), "give exactly one of node or between");
      return null;
    }
    if (between != null && (between.size() != 2 || between.get(0).equals(between.get(1)))) {
      p.error(
          v.get("between").location(),
          v.get("between").path(),
          "between names two different" + " nodes or externals, e.g. [k8s-worker-1, k8s-worker-2]");
      return null;
    }
    return kind.equals("linkDown")
        ? new Action.LinkDown(node, between)
        : new Action.LinkUp(node, between);
  }
}
