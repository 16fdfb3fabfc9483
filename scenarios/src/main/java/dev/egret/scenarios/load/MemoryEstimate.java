package dev.egret.scenarios.load;

import dev.egret.scenarios.model.Action;
import dev.egret.scenarios.model.PodDecl;
import dev.egret.scenarios.model.Source;
import dev.egret.scenarios.model.TimelineItem;
import dev.egret.topology.cluster.NodeSpec;
import dev.egret.topology.k8s.CiliumEgressGatewayPolicy;
import dev.egret.topology.k8s.CiliumEgressNATPolicy;
import dev.egret.topology.k8s.DaemonSetResource;
import dev.egret.topology.k8s.DeploymentResource;
import dev.egret.topology.k8s.K8sResource;
import dev.egret.topology.k8s.NodeResource;
import dev.egret.topology.k8s.PodResource;
import dev.egret.topology.yaml.Location;
import dev.egret.topology.yaml.Problems;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * How much heap a scenario asks for, estimated before anything is built, so a scenario too large
 * for the JVM fails at once with a message naming the size asked for and the limit, instead of an
 * {@link OutOfMemoryError} minutes into the run (issue 9, bounded resources).
 *
 * <p>The constants come from whole runs of generated clusters ({@code ClusterGenerator}), each
 * timed at the smallest {@code -Xmx} that completes: 5,000 nodes / 4,000 pods / 2,000 policies
 * between 64 and 96 MiB; 100 nodes / 150,000 pods between 192 and 256 MiB; the scale, 5,000
 * nodes / 150,000 pods / 2,000 policies, between 448 and 512 MiB; a {@code load} of 1,000,000
 * connections between 512 and 768 MiB (every connection is kept for the result); reading a 12 MiB
 * {@code kubectl} dump of 20,000 pods between 256 and 300 MiB (about 22 bytes of heap per byte of
 * YAML). The estimate is 1.3 to 2.5 times those measurements: conservative, but the scale
 * is estimated at about 0.7 GiB and runs within a 4 GiB heap with room to spare.
 */
public final class MemoryEstimate {
  /** The JVM, the classes and egret's fixed structures. */
  public static final long BASE = 64L << 20;

  public static final long PER_NODE = 32L << 10;
  public static final long PER_POD = 3L << 10;
  public static final long PER_CONNECTION = 1L << 10;
  public static final long PER_POLICY = 8L << 10;

  /** Heap per byte of YAML while a file is read (the located tree of every value). */
  public static final long PER_YAML_BYTE = 32;

  /** One part of the estimate: what it is, its size, where the scenario asks for it. */
  public record Part(String what, long bytes, Location at, String field) {}

  private final List<Part> parts;
  private final long total;

  private MemoryEstimate(List<Part> parts) {
    this.parts = parts;
    long t = BASE;
    for (Part p : parts) {
      t = saturatingAdd(t, p.bytes());
    }
    this.total = t;
  }

  /** The estimated peak heap in bytes. */
  public long bytes() {
    return total;
  }

  /** The parts, largest first. */
  public List<Part> parts() {
    return parts;
  }

  /** Estimates the run of a bound scenario. */
  static MemoryEstimate of(
      Location scenario,
      List<NodeSpec> nodes,
      List<PodDecl> pods,
      List<K8sResource> objects,
      List<TimelineItem> timeline,
      Origins origins,
      long until) {
    long nodeCount = nodes.size();
    for (K8sResource r : objects) {
      if (r instanceof NodeResource) {
        nodeCount++;
      }
    }
    for (TimelineItem t : timeline) {
      if (t.action() instanceof Action.NodeAdd) {
        nodeCount++;
      }
    }
    List<Part> parts = new ArrayList<>();
    parts.add(
        new Part(
            count(nodeCount) + " nodes",
            saturatingMultiply(nodeCount, PER_NODE),
            scenario,
            "spec"));
    long podCount = pods.size();
    long policies = 0;
    K8sResource biggest = null;
    long biggestPods = 0;
    for (K8sResource r : objects) {
      long n = 0;
      if (r instanceof PodResource) {
        n = 1;
      } else if (r instanceof DeploymentResource d) {
        n = d.replicas();
      } else if (r instanceof DaemonSetResource) {
        n = Math.max(1, nodeCount);
      } else if (r instanceof CiliumEgressGatewayPolicy || r instanceof CiliumEgressNATPolicy) {
        policies++;
      }
      podCount = saturatingAdd(podCount, n);
      if (n > biggestPods) {
        biggestPods = n;
        biggest = r;
      }
    }
    String podsWhat =
        count(podCount)
            + " pods"
            + (biggest != null && biggestPods * 2 > podCount
                ? " (" + count(biggestPods) + " from " + biggest.kind() + " " + name(biggest) + ")"
                : "");
    boolean oneController = biggest != null && biggestPods * 2 > podCount;
    parts.add(
        new Part(
            podsWhat,
            saturatingMultiply(podCount, PER_POD),
            oneController ? biggest.metadata().location() : scenario,
            oneController
                ? "spec.replicas"
                : (long) pods.size() * 2 > podCount ? "spec.pods" : ""));
    parts.add(
        new Part(
            count(policies) + " policies",
            saturatingMultiply(policies, PER_POLICY),
            scenario,
            "spec"));
    for (TimelineItem t : timeline) {
      if (!(t.action() instanceof Action.Traffic tr)) {
        continue;
      }
      if (until >= 0 && t.at() > until) {
        continue; // after --until: never started
      }
      long conns = connections(tr, pods, objects, nodeCount, until < 0 ? -1 : until - t.at());
      if (conns < 1000) {
        continue; // only big actions are worth naming
      }
      String field = "spec.timeline[" + t.index() + "]." + tr.kind();
      parts.add(
          new Part(
              count(conns) + " connections from " + field,
              saturatingMultiply(conns, PER_CONNECTION),
              origins == null ? t.where() : origins.location(t, tr.kind(), t.where()),
              field));
    }
    parts.sort(Comparator.comparingLong(Part::bytes).reversed());
    return new MemoryEstimate(parts);
  }

  /**
   * Connections a traffic action opens: one per source pod, or rate × duration for a load (the
   * duration cut to {@code window} nanoseconds when that is not negative).
   */
  static long connections(
      Action.Traffic t,
      List<PodDecl> pods,
      List<K8sResource> objects,
      long nodeCount,
      long window) {
    if (t instanceof Action.Load l) {
      double all = Math.ceil(l.rate() * (l.duration() / 1e9));
      double n =
          window >= 0 && window < l.duration()
              ? Math.min(all, Math.floor(l.rate() * (window / 1e9)) + 1) // i starts at i/rate s
              : all;
      return n >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) n;
    }
    if (!(t.from() instanceof Source.Selector s)) {
      return 1;
    }
    long n = 0;
    for (PodDecl p : pods) {
      if (p.namespace().equals(s.namespace()) && s.selector().matches(p.labels())) {
        n++;
      }
    }
    for (K8sResource r : objects) {
      if (!s.namespace().equals(r.metadata().namespace())) {
        continue;
      }
      if (r instanceof DeploymentResource d && s.selector().matches(d.templateLabels())) {
        n = saturatingAdd(n, d.replicas());
      } else if (r instanceof DaemonSetResource d && s.selector().matches(d.templateLabels())) {
        n = saturatingAdd(n, nodeCount);
      } else if (r instanceof PodResource p && s.selector().matches(p.metadata().labels())) {
        n++;
      }
    }
    return n;
  }

  /**
   * Bytes of {@code flows.jsonl} per connection, a low estimate: measured 28 KiB (2,000 TCP
   * connections of example 005) to 37 KiB (1,000,000 short TCP connections): every packet is seen
   * at several observation points, each a Hubble JSON line of about 1.2 KiB.
   */
  public static final long FLOW_BYTES_PER_CONNECTION = 24L << 10;

  /** The connections the traffic of {@code s} opens up to {@code until} (-1: to its end). */
  public static long connections(dev.egret.scenarios.model.Scenario s, long until) {
    long nodeCount = s.nodes().size();
    long total = 0;
    for (TimelineItem t : s.timeline()) {
      if (t.action() instanceof Action.Traffic tr && (until < 0 || t.at() <= until)) {
        total =
            saturatingAdd(
                total,
                connections(
                    tr, s.pods(), s.resources(), nodeCount, until < 0 ? -1 : until - t.at()));
      }
    }
    return total;
  }

  /**
   * Why {@code --out} cannot hold the flows of {@code connections} with {@code usableBytes} free,
   * or null when it can (as far as a low estimate tells).
   */
  public static String outputSpaceProblem(long connections, long usableBytes) {
    long need = saturatingMultiply(connections, FLOW_BYTES_PER_CONNECTION);
    if (need <= usableBytes) {
      return null;
    }
    return "the flows of this run need about "
        + size(need)
        + " ("
        + count(connections)
        + " connections, at least "
        + size(FLOW_BYTES_PER_CONNECTION)
        + " of Hubble JSON each) but only "
        + size(usableBytes)
        + " are free there; free some space, choose another --out, or run without --out";
  }

  /** The heap a YAML file of {@code bytes} needs while it is read. */
  public static long forYaml(long bytes) {
    return saturatingAdd(BASE, saturatingMultiply(bytes, PER_YAML_BYTE));
  }

  /**
   * Adds an error at the largest part when the estimate exceeds {@code maxHeap}; true when it fits.
   */
  boolean check(long maxHeap, Problems p) {
    if (total <= maxHeap) {
      return true;
    }
    Part top = parts.get(0);
    StringBuilder why = new StringBuilder();
    for (Part part : parts) {
      if (part.bytes() * 20 < total) {
        break;
      }
      why.append(why.length() == 0 ? "" : "; ").append(part.what()).append(": ");
      why.append(size(part.bytes()));
    }
    p.error(
        top.at(),
        top.field(),
        "this scenario needs about "
            + size(total)
            + " of heap ("
            + why
            + ") but the JVM may use at most "
            + size(maxHeap)
            + "; raise the limit with EGRET_JAVA_OPTS=-Xmx"
            + suggestedXmx(total)
            + ", or make the scenario smaller");
    return false;
  }

  /** An {@code -Xmx} value above {@code bytes}, in whole gibibytes (or mebibytes below 1 GiB). */
  public static String suggestedXmx(long bytes) {
    long m = (bytes + (1 << 20) - 1) >> 20;
    if (m < 1024) {
      return ((m + 127) / 128 * 128) + "m";
    }
    return ((m + 1023) / 1024) + "g";
  }

  /** {@code 1.5 GiB}, {@code 640 MiB}, {@code 12 KiB}. */
  public static String size(long bytes) {
    if (bytes >= 1L << 40) {
      return String.format(Locale.ROOT, "%.1f TiB", bytes / (double) (1L << 40));
    }
    if (bytes >= 1L << 30) {
      return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }
    if (bytes >= 1L << 20) {
      return (bytes >> 20) + " MiB";
    }
    return (bytes >> 10) + " KiB";
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static String name(K8sResource r) {
    return r.metadata().namespace() == null
        ? r.metadata().name()
        : r.metadata().namespace() + "/" + r.metadata().name();
  }

  static long saturatingAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
  }

  static long saturatingMultiply(long a, long b) {
    if (a == 0 || b == 0) {
      return 0;
    }
    return a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
  }
}
