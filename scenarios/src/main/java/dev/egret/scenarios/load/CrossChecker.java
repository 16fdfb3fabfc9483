package dev.egret.scenarios.load;

import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.net.Ip4;
import dev.egret.scenarios.model.Action;
import dev.egret.scenarios.model.CaptureSpec;
import dev.egret.scenarios.model.EndExpectation;
import dev.egret.scenarios.model.ExternalSpec;
import dev.egret.scenarios.model.PodDecl;
import dev.egret.scenarios.model.Source;
import dev.egret.scenarios.model.TimelineItem;
import dev.egret.topology.cluster.NodeSpec;
import dev.egret.topology.k8s.DaemonSetResource;
import dev.egret.topology.k8s.DeploymentResource;
import dev.egret.topology.k8s.K8sResource;
import dev.egret.topology.k8s.NodeResource;
import dev.egret.topology.k8s.PodResource;
import dev.egret.topology.k8s.ResourceLoader;
import dev.egret.topology.model.NodeAddress;
import dev.egret.topology.model.NodeNetwork;
import dev.egret.topology.yaml.Location;
import dev.egret.topology.yaml.Problems;
import dev.egret.topology.yaml.YamlValue;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks that names refer to things that exist: pods on known nodes, traffic from known pods,
 * expectations, captures and events naming known nodes, pods and externals, no address used twice,
 * no object declared twice. Every message points at the field that names the missing thing.
 *
 * <p>Names that were declared but failed their own validation (a node whose address is wrong, an
 * external without an IP) count as known here, so one mistake gives one message, not one more per
 * reference to it.
 */
final class CrossChecker {
  /** Interfaces every node has besides its declared ones (NodeNetwork). */
  static final List<String> BUILT_IN_INTERFACES =
      List.of(
          NodeNetwork.LOOPBACK,
          NodeNetwork.CILIUM_NET,
          NodeNetwork.CILIUM_HOST,
          NodeNetwork.CILIUM_VXLAN);

  private final Problems p;
  private final Origins origins;
  private final ResourceLoader resources;
  private final List<NodeSpec> nodes;
  private final List<ExternalSpec> externals;
  private final List<PodDecl> pods;
  private final List<K8sResource> objects;
  private final List<TimelineItem> timeline;
  private final List<EndExpectation> expect;
  private final List<CaptureSpec> captures;
  private final Set<String> brokenNodes;
  private final Set<String> brokenExternals;
  private final boolean nodesIncomplete;
  private final boolean podsOrExternalsIncomplete;

  /** Node name → its interface names (declared ones, or eth0), for capture checks. */
  private final Map<String, Set<String>> nodeInterfaces = new LinkedHashMap<>();

  private final Set<String> nodeNames = new LinkedHashSet<>();
  private final Set<String> podKeys = new LinkedHashSet<>();
  private final Set<String> controllerPrefixes = new LinkedHashSet<>();

  CrossChecker(
      Problems p,
      Origins origins,
      ResourceLoader resources,
      List<NodeSpec> nodes,
      List<ExternalSpec> externals,
      List<PodDecl> pods,
      List<K8sResource> objects,
      List<TimelineItem> timeline,
      List<EndExpectation> expect,
      List<CaptureSpec> captures,
      Set<String> brokenNodes,
      Set<String> brokenExternals,
      boolean nodesIncomplete,
      boolean podsOrExternalsIncomplete) {
    this.p = p;
    this.origins = origins;
    this.resources = resources;
    this.nodes = nodes;
    this.externals = externals;
    this.pods = pods;
    this.objects = objects;
    this.timeline = timeline;
    this.expect = expect;
    this.captures = captures;
    this.brokenNodes = brokenNodes;
    this.brokenExternals = brokenExternals;
    this.nodesIncomplete = nodesIncomplete;
    this.podsOrExternalsIncomplete = podsOrExternalsIncomplete;
  }

  void check() {
    Map<Integer, String> ips = new HashMap<>();
    for (NodeSpec n : nodes) {
      nodeNames.add(n.name());
      nodeInterfaces.put(n.name(), interfacesOf(n));
      if (n.internalIp() != 0) {
        ips.put(n.internalIp(), "the InternalIP of node " + n.name());
      }
    }
    for (K8sResource r : objects) {
      if (r instanceof NodeResource n) {
        nodeNames.add(n.metadata().name());
        nodeInterfaces.putIfAbsent(
            n.metadata().name(), Set.of(NodeNetwork.DEFAULT_UNDERLAY_INTERFACE));
        for (NodeAddress a : n.addresses()) {
          ips.putIfAbsent(a.ip(), "an address of Node " + n.metadata().name());
        }
      }
    }
    for (TimelineItem t : timeline) {
      if (t.action() instanceof Action.NodeAdd a) {
        nodeNames.add(a.node().name());
        nodeInterfaces.putIfAbsent(a.node().name(), interfacesOf(a.node()));
      }
    }
    for (ExternalSpec e : externals) {
      String owner = ips.get(e.ip());
      if (owner != null) {
        p.error(
            origins.location(e, "ip", Location.ofFile("?")),
            origins.path(e, "ip", "spec.externals"),
            Ip4.format(e.ip())
                + " is "
                + owner
                + "; an external needs an address no node has (e.g. one outside the underlay,"
                + " such as 198.51.100.10)");
      }
    }
    for (ExternalSpec e : externals) {
      ips.putIfAbsent(e.ip(), "the address of external " + e.name());
    }
    Map<String, NodeSpec> nodeByName = new HashMap<>();
    nodes.forEach(n -> nodeByName.put(n.name(), n));
    Map<Integer, String> podIps = new HashMap<>();
    for (K8sResource r : objects) {
      if (r instanceof PodResource pr && pr.podIP() != 0) {
        podIps.putIfAbsent(
            pr.podIP(), "pod " + pr.metadata().namespace() + "/" + pr.metadata().name());
      }
    }
    for (PodDecl pod : pods) {
      podKeys.add(pod.key());
      if (pod.node() != null && !nodeKnown(pod.node())) {
        p.error(
            origins.location(pod, "node", pod.at()),
            origins.path(pod, "node", "node"),
            "pod " + pod.key() + " is on unknown node \"" + pod.node() + "\"" + known(nodeNames));
      }
      if (pod.ip() != 0) {
        String why = podIpProblem(pod, nodeByName.get(pod.node()), ips, podIps);
        if (why != null) {
          p.error(
              origins.location(pod, "ip", pod.at()),
              origins.path(pod, "ip", "ip"),
              Ip4.format(pod.ip()) + " " + why);
        } else {
          podIps.put(pod.ip(), "pod " + pod.key());
        }
      }
    }
    checkObjects();
    for (TimelineItem t : timeline) {
      checkItem(t);
    }
    for (EndExpectation e : expect) {
      String node =
          e instanceof EndExpectation.EgressMap m
              ? m.node()
              : e instanceof EndExpectation.Snat s ? s.node() : null;
      if (node != null && !nodeKnown(node)) {
        p.error(
            origins.location(e, "node", e.where()),
            origins.path(e, "node", "node"),
            "unknown node \"" + node + "\"" + known(nodeNames));
      }
    }
    for (CaptureSpec c : captures) {
      checkCapture(c);
    }
  }

  private void checkObjects() {
    Map<String, K8sResource> seen = new HashMap<>();
    for (PodDecl pod : pods) {
      seen.putIfAbsent("Pod/" + pod.key(), null);
    }
    for (K8sResource r : objects) {
      YamlValue src = resources.source(r);
      String id = r.id();
      if (seen.containsKey(id)) {
        K8sResource first = seen.get(id);
        YamlValue name = src == null ? null : src.get("metadata").get("name");
        String where =
            first == null
                ? "in spec.pods"
                : "at "
                    + (resources.source(first) == null
                        ? first.metadata().location()
                        : resources.source(first).get("metadata").get("name").location());
        p.error(
            name == null ? r.metadata().location() : name.location(),
            name == null ? "metadata.name" : name.path(),
            r.kind()
                + " "
                + displayName(r)
                + " is declared twice (first "
                + where
                + "); the second would replace the first, as kubectl apply does: rename one or"
                + " merge them");
        continue;
      }
      seen.put(id, r);
      if (r instanceof PodResource pr) {
        String key = pr.metadata().namespace() + "/" + pr.metadata().name();
        podKeys.add(key);
        if (pr.nodeName() != null && !nodeKnown(pr.nodeName())) {
          YamlValue nv = src == null ? null : src.get("spec").get("nodeName");
          p.error(
              nv == null ? pr.metadata().location() : nv.location(),
              nv == null ? "spec.nodeName" : nv.path(),
              "pod " + key + " is on unknown node \"" + pr.nodeName() + "\"" + known(nodeNames));
        }
      } else if (r instanceof DeploymentResource d) {
        controllerPrefixes.add(d.metadata().namespace() + "/" + d.metadata().name() + "-");
      } else if (r instanceof DaemonSetResource d) {
        controllerPrefixes.add(d.metadata().namespace() + "/" + d.metadata().name() + "-");
      }
    }
  }

  /** Why a short-form pod cannot have its explicit IP, or null. */
  private String podIpProblem(
      PodDecl pod, NodeSpec node, Map<Integer, String> hostIps, Map<Integer, String> podIps) {
    String owner = hostIps.get(pod.ip());
    if (owner != null) {
      return "is " + owner + "; give the pod an address of its node's podCIDR, or leave ip out";
    }
    owner = podIps.get(pod.ip());
    if (owner != null) {
      return "is already the IP of " + owner + "; every pod needs its own, or leave ip out";
    }
    if (node != null && node.podCidr() != null) {
      Cidr4 c = node.podCidr();
      if (!c.contains(pod.ip())) {
        return "is outside the podCIDR "
            + c
            + " of node "
            + node.name()
            + "; traffic to it would not be routed to that node";
      }
      if (pod.ip() == c.network() || pod.ip() == c.addressAt(c.size() - 1)) {
        return "is the network or broadcast address of the podCIDR "
            + c
            + " of node "
            + node.name();
      }
      if (pod.ip() == c.network() + 1) {
        return "is the address of node "
            + node.name()
            + "'s cilium_host (the first of its podCIDR "
            + c
            + "); pick another or leave ip out";
      }
    }
    return null;
  }

  private static String displayName(K8sResource r) {
    return r.metadata().namespace() == null
        ? r.metadata().name()
        : r.metadata().namespace() + "/" + r.metadata().name();
  }

  private void checkCapture(CaptureSpec c) {
    if (c.node().equals(CaptureSpec.ALL)) {
      if (!c.iface().equals(CaptureSpec.ALL)
          && !BUILT_IN_INTERFACES.contains(c.iface())
          && nodeInterfaces.values().stream().noneMatch(s -> s.contains(c.iface()))) {
        p.error(
            origins.location(c, "interface", Location.ofFile("?")),
            origins.path(c, "interface", "spec.capture"),
            "no node has an interface \"" + c.iface() + "\"" + interfaceHint(null));
      }
      return;
    }
    if (!nodeKnown(c.node())) {
      p.error(
          origins.location(c, "node", Location.ofFile("?")),
          origins.path(c, "node", "spec.capture"),
          "unknown node \"" + c.node() + "\"" + known(nodeNames));
      return;
    }
    Set<String> ifs = nodeInterfaces.get(c.node());
    if (ifs != null
        && !c.iface().equals(CaptureSpec.ALL)
        && !ifs.contains(c.iface())
        && !BUILT_IN_INTERFACES.contains(c.iface())) {
      p.error(
          origins.location(c, "interface", Location.ofFile("?")),
          origins.path(c, "interface", "spec.capture"),
          "node " + c.node() + " has no interface \"" + c.iface() + "\"" + interfaceHint(ifs));
    }
  }

  private static String interfaceHint(Set<String> declared) {
    Set<String> all = new LinkedHashSet<>();
    if (declared != null) {
      all.addAll(declared);
    }
    all.addAll(BUILT_IN_INTERFACES);
    return "; capture one of " + String.join(", ", all) + ", or all";
  }

  private static Set<String> interfacesOf(NodeSpec n) {
    Set<String> out = new LinkedHashSet<>();
    if (n.interfaces() == null) {
      out.add(NodeNetwork.DEFAULT_UNDERLAY_INTERFACE);
    } else {
      n.interfaces().forEach(i -> out.add(i.name()));
    }
    return out;
  }

  private void checkItem(TimelineItem t) {
    Action a = t.action();
    String kind = a.kind();
    Location at = t.where();
    String where = "spec.timeline[" + t.index() + "]." + kind;
    if (a instanceof Action.Traffic tr) {
      if (tr.from() instanceof Source.PodRef ref && !podKnown(ref.key())) {
        p.error(
            origins.location(t, kind + ".from", at),
            origins.path(t, kind + ".from", where + ".from"),
            "unknown pod \"" + ref.key() + "\"" + known(podKeys));
      }
      if (t.expect() != null && t.expect().gateway() != null && !nodeKnown(t.expect().gateway())) {
        p.error(
            origins.location(t, "expect.gateway", t.expect().where()),
            origins.path(t, "expect.gateway", "spec.timeline[" + t.index() + "].expect.gateway"),
            "unknown node \"" + t.expect().gateway() + "\"" + known(nodeNames));
      }
    } else if (a instanceof Action.Reschedule r) {
      if (!podKnown(r.pod())) {
        p.error(
            origins.location(t, kind + ".pod", at),
            origins.path(t, kind + ".pod", where + ".pod"),
            "unknown pod \"" + r.pod() + "\"" + known(podKeys));
      }
      if (!nodeKnown(r.node())) {
        p.error(
            origins.location(t, kind + ".node", at),
            origins.path(t, kind + ".node", where + ".node"),
            "unknown node \"" + r.node() + "\"" + known(nodeNames));
      }
    } else if (a instanceof Action.Label l) {
      if (l.node() != null && !nodeKnown(l.node())) {
        p.error(
            origins.location(t, kind + ".node", at),
            origins.path(t, kind + ".node", where + ".node"),
            "unknown node \"" + l.node() + "\"" + known(nodeNames));
      }
      if (l.pod() != null && !podKnown(l.pod())) {
        p.error(
            origins.location(t, kind + ".pod", at),
            origins.path(t, kind + ".pod", where + ".pod"),
            "unknown pod \"" + l.pod() + "\"" + known(podKeys));
      }
    } else {
      String node = nodeOf(a);
      if (node != null && !nodeKnown(node)) {
        YamlValue v = origins.field(t, kind);
        String field = v != null && v.isObject() ? kind + ".node" : kind;
        p.error(
            origins.location(t, field, at),
            origins.path(t, field, where),
            "unknown node \"" + node + "\"" + known(nodeNames));
      }
      List<String> between =
          a instanceof Action.LinkDown d
              ? d.between()
              : a instanceof Action.LinkUp u ? u.between() : null;
      if (between != null) {
        for (int i = 0; i < between.size(); i++) {
          String b = between.get(i);
          boolean ext = externals.stream().anyMatch(e -> e.name().equals(b));
          if (!nodeKnown(b) && !ext && !brokenExternals.contains(b) && !podsOrExternalsIncomplete) {
            YamlValue bv = origins.field(t, kind + ".between");
            p.error(
                bv == null ? at : bv.at(i).location(),
                bv == null ? where + ".between" : bv.at(i).path(),
                "unknown node or external \""
                    + b
                    + "\""
                    + known(nodeNames)
                    + (externals.isEmpty()
                        ? ""
                        : "; externals: "
                            + String.join(
                                ", ", externals.stream().map(ExternalSpec::name).toList())));
          }
        }
      }
    }
  }

  private static String nodeOf(Action a) {
    if (a instanceof Action.NodeDown d) {
      return d.node();
    }
    if (a instanceof Action.NodeUp u) {
      return u.node();
    }
    if (a instanceof Action.NodeDelete d) {
      return d.node();
    }
    if (a instanceof Action.AddressAdd d) {
      return d.node();
    }
    if (a instanceof Action.AddressDel d) {
      return d.node();
    }
    if (a instanceof Action.LinkDown d) {
      return d.node();
    }
    if (a instanceof Action.LinkUp u) {
      return u.node();
    }
    return null;
  }

  private boolean nodeKnown(String name) {
    return nodesIncomplete || nodeNames.contains(name) || brokenNodes.contains(name);
  }

  private boolean podKnown(String key) {
    if (podsOrExternalsIncomplete || podKeys.contains(key)) {
      return true;
    }
    for (String prefix : controllerPrefixes) {
      if (key.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private static String known(Set<String> names) {
    if (names.isEmpty()) {
      return " (none are declared)";
    }
    return names.size() <= 8
        ? "; known: " + String.join(", ", names)
        : "; known: " + String.join(", ", List.copyOf(names).subList(0, 8)) + ", ...";
  }
}
