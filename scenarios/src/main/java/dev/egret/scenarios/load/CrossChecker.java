package dev.egret.scenarios.load;

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
import dev.egret.topology.yaml.Location;
import dev.egret.topology.yaml.Problems;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks that names refer to things that exist: pods on known nodes, traffic from known pods,
 * expectations and events naming known nodes, pods and externals, no address used twice.
 */
final class CrossChecker {
  private final Problems p;
  private final List<NodeSpec> nodes;
  private final List<ExternalSpec> externals;
  private final List<PodDecl> pods;
  private final List<K8sResource> objects;
  private final List<TimelineItem> timeline;
  private final List<EndExpectation> expect;
  private final List<CaptureSpec> captures;

  private final Set<String> nodeNames = new LinkedHashSet<>();
  private final Set<String> podKeys = new LinkedHashSet<>();
  private final Set<String> controllerPrefixes = new LinkedHashSet<>();

  CrossChecker(
      Problems p,
      List<NodeSpec> nodes,
      List<ExternalSpec> externals,
      List<PodDecl> pods,
      List<K8sResource> objects,
      List<TimelineItem> timeline,
      List<EndExpectation> expect,
      List<CaptureSpec> captures) {
    this.p = p;
    this.nodes = nodes;
    this.externals = externals;
    this.pods = pods;
    this.objects = objects;
    this.timeline = timeline;
    this.expect = expect;
    this.captures = captures;
  }

  void check() {
    Map<Integer, String> ips = new HashMap<>();
    for (NodeSpec n : nodes) {
      nodeNames.add(n.name());
      if (n.internalIp() != 0) {
        ips.put(n.internalIp(), "node " + n.name());
      }
    }
    for (K8sResource r : objects) {
      if (r instanceof NodeResource n) {
        nodeNames.add(n.metadata().name());
      }
    }
    for (TimelineItem t : timeline) {
      if (t.action() instanceof Action.NodeAdd a) {
        nodeNames.add(a.node().name());
      }
    }
    for (ExternalSpec e : externals) {
      String owner = ips.get(e.ip());
      if (owner != null) {
        p.error(
            Location.ofFile("?"),
            "spec.externals",
            "external " + e.name() + " has the address " + Ip4.format(e.ip()) + " of " + owner);
      }
    }
    for (PodDecl pod : pods) {
      podKeys.add(pod.key());
      if (pod.node() != null && !nodeNames.contains(pod.node())) {
        p.error(
            pod.at(),
            "node",
            "pod " + pod.key() + " is on unknown node \"" + pod.node() + "\"" + known(nodeNames));
      }
    }
    for (K8sResource r : objects) {
      if (r instanceof PodResource pr) {
        String key = pr.metadata().namespace() + "/" + pr.metadata().name();
        if (!podKeys.add(key)) {
          p.error(pr.metadata().location(), "metadata.name", "pod " + key + " is declared twice");
        }
        if (pr.nodeName() != null && !nodeNames.contains(pr.nodeName())) {
          p.error(
              pr.metadata().location(),
              "spec.nodeName",
              "pod " + key + " is on unknown node \"" + pr.nodeName() + "\"" + known(nodeNames));
        }
      } else if (r instanceof DeploymentResource d) {
        controllerPrefixes.add(d.metadata().namespace() + "/" + d.metadata().name() + "-");
      } else if (r instanceof DaemonSetResource d) {
        controllerPrefixes.add(d.metadata().namespace() + "/" + d.metadata().name() + "-");
      }
    }
    for (TimelineItem t : timeline) {
      checkItem(t);
    }
    for (EndExpectation e : expect) {
      String node =
          e instanceof EndExpectation.EgressMap m
              ? m.node()
              : e instanceof EndExpectation.Snat s ? s.node() : null;
      if (node != null && !nodeNames.contains(node)) {
        p.error(e.where(), "node", "unknown node \"" + node + "\"" + known(nodeNames));
      }
    }
    for (CaptureSpec c : captures) {
      if (!c.node().equals(CaptureSpec.ALL) && !nodeNames.contains(c.node())) {
        p.error(
            Location.ofFile("?"),
            "spec.capture",
            "unknown node \"" + c.node() + "\"" + known(nodeNames));
      }
    }
  }

  private void checkItem(TimelineItem t) {
    Action a = t.action();
    Location at = t.where();
    String where = "timeline[" + t.index() + "]." + a.kind();
    if (a instanceof Action.Traffic tr) {
      if (tr.from() instanceof Source.PodRef ref && !podKnown(ref.key())) {
        p.error(at, where + ".from", "unknown pod \"" + ref.key() + "\"" + known(podKeys));
      }
      if (t.expect() != null
          && t.expect().gateway() != null
          && !nodeNames.contains(t.expect().gateway())) {
        p.error(
            t.expect().where(),
            "timeline[" + t.index() + "].expect.gateway",
            "unknown node \"" + t.expect().gateway() + "\"" + known(nodeNames));
      }
    } else if (a instanceof Action.Reschedule r) {
      if (!podKnown(r.pod())) {
        p.error(at, where + ".pod", "unknown pod \"" + r.pod() + "\"" + known(podKeys));
      }
      if (!nodeNames.contains(r.node())) {
        p.error(at, where + ".node", "unknown node \"" + r.node() + "\"" + known(nodeNames));
      }
    } else if (a instanceof Action.Label l) {
      if (l.node() != null && !nodeNames.contains(l.node())) {
        p.error(at, where + ".node", "unknown node \"" + l.node() + "\"" + known(nodeNames));
      }
      if (l.pod() != null && !podKnown(l.pod())) {
        p.error(at, where + ".pod", "unknown pod \"" + l.pod() + "\"" + known(podKeys));
      }
    } else {
      String node = nodeOf(a);
      if (node != null && !nodeNames.contains(node)) {
        p.error(at, where, "unknown node \"" + node + "\"" + known(nodeNames));
      }
      List<String> between =
          a instanceof Action.LinkDown d
              ? d.between()
              : a instanceof Action.LinkUp u ? u.between() : null;
      if (between != null) {
        for (String b : between) {
          boolean ext = externals.stream().anyMatch(e -> e.name().equals(b));
          if (!nodeNames.contains(b) && !ext) {
            p.error(at, where + ".between", "unknown node or external \"" + b + "\"");
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

  private boolean podKnown(String key) {
    if (podKeys.contains(key)) {
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
