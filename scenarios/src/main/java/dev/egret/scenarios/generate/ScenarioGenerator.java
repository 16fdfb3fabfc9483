package dev.egret.scenarios.generate;

import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.net.Ip4;
import dev.egret.scenarios.traffic.LoadGenerator;
import dev.egret.sim.Durations;
import dev.egret.sim.Rng;
import dev.egret.topology.generate.ClusterGenerator;
import dev.egret.topology.k8s.CiliumEgressGatewayPolicy;
import dev.egret.topology.k8s.CiliumEgressGatewayPolicySpec;
import dev.egret.topology.k8s.DeploymentResource;
import dev.egret.topology.k8s.EgressGateway;
import dev.egret.topology.k8s.EgressRule;
import dev.egret.topology.k8s.K8sResource;
import dev.egret.topology.k8s.NamespaceResource;
import dev.egret.topology.k8s.ObjectMeta;
import dev.egret.topology.k8s.ResourceWriter;
import dev.egret.topology.model.Labels;
import dev.egret.topology.yaml.Location;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes a synthetic scenario of a given size (for {@code egret generate}): deterministic for a
 * seed, byte for byte.
 *
 * <p>Shape:
 *
 * <ul>
 *   <li>{@code nodes} nodes {@code node-00000…} on the 172.18.0.0/16 underlay from 172.18.0.10, pod
 *       CIDR {@code 10.a.b.0/24} each (given explicitly: the default pool holds 256 nodes); {@code
 *       gateways} of them, spread evenly, are egress gateways, each its own pool ({@code
 *       egress-pool=pool-k}) with a second interface {@code eth1} holding {@code 10.168.k.100/24};
 *   <li>{@code namespaces} namespaces {@code ns-000…} with team and env labels;
 *   <li>{@code policies} two-replica "client" Deployments {@code client-i} (label {@code
 *       role=client}) in namespace {@code i mod namespaces}, each selected by policy {@code
 *       egress-i} in one of three selector styles (matchLabels; namespaceSelector plus In/NotIn
 *       matchExpressions; matchLabels with the namespace label plus DoesNotExist); the rest of
 *       {@code nodes × podsPerNode} pods in 30-replica Deployments no policy selects. Pods are
 *       expressed as Deployments (the scheduler expands them), so 150,000 pods take a few thousand
 *       short documents;
 *   <li>every policy has one destination CIDR around its external (/32, /28, /24, /16, /8 or /0),
 *       0–2 more random destination CIDRs, and excluded CIDRs inside its wide destinations that
 *       never cover the externals' /24; policy {@code i} uses gateway pool {@code i mod gateways}
 *       by nodeSelector, with {@code interface: eth0}, {@code egressIP} on {@code eth1}, or the
 *       default route;
 *   <li>{@code externals} externals {@code ext-e} at {@code 203.0.113.(10+e)}, a {@code sink} on
 *       TCP 443;
 *   <li>traffic: when {@code connections > 0}, one TCP {@code load} per namespace holding clients,
 *       together {@code connections} connections at {@code rate} per second, each held {@code
 *       hold}, to the namespace's external, expecting every connection to succeed.
 * </ul>
 */
public final class ScenarioGenerator {
  /** Pods of a policy-selected client Deployment. */
  public static final int CLIENT_REPLICAS = 2;

  /** Pods of each Deployment no policy selects. */
  public static final int BIG_REPLICAS = 30;

  /** At most this many externals (they sit in 203.0.113.10–.249). */
  public static final int MAX_EXTERNALS = 240;

  /** At most this many nodes (pod CIDRs 10.0.0.0/24 onward stay clear of 10.168.0.0/16). */
  public static final int MAX_NODES = 40_000;

  /** At most this many gateways (one eth1 /24 each in 10.168.0.0/16). */
  public static final int MAX_GATEWAYS = 256;

  /** The TCP port of every external's sink. */
  public static final int SERVICE_PORT = 443;

  private static final int EXTERNAL_BASE = Ip4.parse("203.0.113.10");
  private static final Cidr4 EXTERNAL_NET = Cidr4.parse("203.0.113.0/24");
  private static final int[] AROUND_EXTERNAL = {32, 28, 24, 16, 8, 0};
  private static final int[] RANDOM_PREFIXES = {32, 24, 16, 8, 28, 20};
  private static final Location GENERATED = new Location("<generated>", 1, 1);

  /** What to generate. */
  public record Params(
      long seed,
      int nodes,
      int gateways,
      int namespaces,
      int podsPerNode,
      int policies,
      int externals,
      long connections,
      double rate,
      long hold) {
    /** Checks the ranges; returns an error message, or null when valid. */
    public String problem() {
      if (nodes < 1 || nodes > MAX_NODES) {
        return "--nodes must be 1.." + MAX_NODES;
      }
      if (gateways < 1 || gateways > Math.min(nodes, MAX_GATEWAYS)) {
        return "--gateways must be 1.." + Math.min(nodes, MAX_GATEWAYS) + " (at most --nodes)";
      }
      if (namespaces < 1 || namespaces > 100_000) {
        return "--namespaces must be 1..100000";
      }
      if (podsPerNode < 0 || podsPerNode > 250) {
        return "--pods-per-node must be 0..250 (one /24 pod CIDR per node)";
      }
      if (policies < 0 || (long) policies * CLIENT_REPLICAS > (long) nodes * podsPerNode) {
        return "--policies must be 0.."
            + ((long) nodes * podsPerNode / CLIENT_REPLICAS)
            + " (each selects "
            + CLIENT_REPLICAS
            + " of the nodes × pods-per-node pods)";
      }
      if (externals < 1 || externals > MAX_EXTERNALS) {
        return "--externals must be 1.." + MAX_EXTERNALS;
      }
      if (connections < 0 || connections > 50_000_000) {
        return "--connections must be 0..50000000";
      }
      if (connections > 0 && policies == 0) {
        return "--connections needs at least one policy (the load comes from the client pods)";
      }
      if (!(rate > 0) || rate > 10_000_000) {
        return "--rate must be more than 0 and at most 10000000 connections per second";
      }
      if (hold < 0) {
        return "--hold must not be negative";
      }
      return null;
    }
  }

  private final Params p;
  private final Rng rng;

  private ScenarioGenerator(Params p) {
    this.p = p;
    this.rng = Rng.root(p.seed()).stream("generate");
  }

  /** Writes the scenario for {@code p} to {@code out}. */
  public static void write(Params p, Writer out) throws IOException {
    String problem = p.problem();
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    new ScenarioGenerator(p).writeTo(out);
  }

  /** The scenario for {@code p} as text. */
  public static String generate(Params p) {
    var sw = new java.io.StringWriter();
    try {
      write(p, sw);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sw.toString();
  }

  private void writeTo(Writer out) throws IOException {
    long pods = (long) p.nodes() * p.podsPerNode();
    out.write("# Generated by: egret generate" + arguments() + "\n");
    out.write("apiVersion: egret.dev/v1alpha1\nkind: Scenario\nmetadata:\n");
    out.write(
        "  name: generated-"
            + p.nodes()
            + "n-"
            + pods
            + "p-"
            + p.policies()
            + "pol-"
            + p.connections()
            + "c\n");
    out.write(
        "  description: synthetic cluster of "
            + p.nodes()
            + " nodes ("
            + p.gateways()
            + " egress gateways), "
            + pods
            + " pods, "
            + p.policies()
            + " policies, "
            + p.externals()
            + " externals"
            + (p.connections() > 0 ? ", " + p.connections() + " TCP connections" : "")
            + "\n");
    out.write("spec:\n  seed: " + p.seed() + "\n");
    writeNodes(out);
    out.write("  externals:\n");
    for (int e = 0; e < p.externals(); e++) {
      out.write(
          "    - {name: "
              + external(e)
              + ", ip: "
              + Ip4.format(EXTERNAL_BASE + e)
              + ", services: [{port: "
              + SERVICE_PORT
              + ", app: sink}]}\n");
    }
    writeTimeline(out);
    out.write("  expect:\n    - drops: {reason: NO_EGRESS_GATEWAY, max: 0}\n");
    List<K8sResource> resources = new ArrayList<>();
    for (int i = 0; i < p.namespaces(); i++) {
      resources.add(
          new NamespaceResource(
              meta(
                  nsName(i),
                  null,
                  Labels.of(
                      "team",
                      "team-" + i % 20,
                      "env",
                      i % 3 == 0 ? "prod" : i % 3 == 1 ? "staging" : "dev"))));
    }
    for (int i = 0; i < p.policies(); i++) {
      resources.add(
          new DeploymentResource(
              meta("client-" + i, nsName(i % p.namespaces()), Labels.EMPTY),
              CLIENT_REPLICAS,
              Labels.of("app", "client-" + i, "role", "client", "tier", i % 4 == 0 ? "web" : "api"),
              Labels.EMPTY,
              null,
              null));
    }
    long rest = Math.max(0, pods - (long) p.policies() * CLIENT_REPLICAS);
    for (int i = 0; rest > 0; i++) {
      int n = (int) Math.min(BIG_REPLICAS, rest);
      rest -= n;
      resources.add(
          new DeploymentResource(
              meta("svc-" + i, nsName(i % p.namespaces()), Labels.EMPTY),
              n,
              Labels.of("app", "svc-" + i, "tier", i % 2 == 0 ? "worker" : "db"),
              Labels.EMPTY,
              null,
              null));
    }
    for (int i = 0; i < p.policies(); i++) {
      resources.add(policy(i));
    }
    for (K8sResource r : resources) {
      out.write("---\n");
      out.write(ResourceWriter.write(List.of(r)));
    }
  }

  private String arguments() {
    return " --seed "
        + p.seed()
        + " --nodes "
        + p.nodes()
        + " --gateways "
        + p.gateways()
        + " --namespaces "
        + p.namespaces()
        + " --pods-per-node "
        + p.podsPerNode()
        + " --policies "
        + p.policies()
        + " --externals "
        + p.externals()
        + " --connections "
        + p.connections()
        + " --rate "
        + rateText(p.rate())
        + " --hold "
        + Durations.format(p.hold());
  }

  private void writeNodes(Writer out) throws IOException {
    out.write("  nodes:\n");
    int base = Ip4.parse("172.18.0.10");
    for (int i = 0; i < p.nodes(); i++) {
      int gw = gatewayIndex(i);
      String name = nodeName(i);
      StringBuilder sb = new StringBuilder(160);
      sb.append("    - {name: ").append(name).append(", internalIP: ").append(Ip4.format(base + i));
      sb.append(", podCIDR: ").append(new Cidr4(Ip4.parse("10.0.0.0") + (i << 8), 24));
      sb.append(", labels: {zone: zone-").append((char) ('a' + i % 3));
      if (gw >= 0) {
        sb.append(", egress-gateway: \"true\", egress-pool: pool-").append(gw).append('}');
        sb.append(", interfaces: [{name: eth0, addresses: [")
            .append(Ip4.format(base + i))
            .append("/16]}, {name: eth1, addresses: [")
            .append(Ip4.format(ClusterGenerator.egressIpOfPool(gw)))
            .append("/24]}]");
      } else {
        sb.append('}');
      }
      sb.append("}\n");
      out.write(sb.toString());
    }
  }

  /** Gateway {@code k} is node {@code floor(k × nodes / gateways)}; -1 for other nodes. */
  private int gatewayIndex(int node) {
    long n = p.nodes();
    long g = p.gateways();
    // k such that floor(k*n/g) == node
    long k = (node * g + n - 1) / n;
    return k < g && k * n / g == node ? (int) k : -1;
  }

  private void writeTimeline(Writer out) throws IOException {
    if (p.connections() == 0) {
      out.write("  timeline: []\n");
      return;
    }
    // Namespaces that hold clients: min(namespaces, policies); one load each.
    int loads = Math.min(p.namespaces(), p.policies());
    long per = p.connections() / loads;
    long extra = p.connections() % loads;
    long duration = Math.max(1, (long) Math.ceil(p.connections() / p.rate() * Durations.SECOND));
    out.write("  timeline:\n");
    for (int k = 0; k < loads; k++) {
      long count = per + (k < extra ? 1 : 0);
      if (count == 0) {
        continue;
      }
      double rate = count * (double) Durations.SECOND / duration;
      // The loader's count is ceil-like over the offsets; nudge the rate down until it matches.
      while (LoadGenerator.connectionCount(rate, duration) > count) {
        rate = Math.nextDown(rate);
      }
      while (LoadGenerator.connectionCount(rate, duration) < count) {
        rate = Math.nextUp(rate);
      }
      out.write("    - at: 1s\n      load:\n");
      out.write("        from: {namespace: " + nsName(k) + ", selector: \"role=client\"}\n");
      out.write("        to: " + external(k % p.externals()) + ":" + SERVICE_PORT + "\n");
      out.write("        protocol: TCP\n");
      out.write("        rate: " + rateText(rate) + "\n");
      out.write("        duration: " + Durations.format(duration) + "\n");
      out.write("        hold: " + Durations.format(p.hold()) + "\n");
      out.write("      expect: {successRate: \">= 1\"}\n");
    }
  }

  static String rateText(double rate) {
    if (rate == Math.rint(rate) && Math.abs(rate) < 1e15) {
      return Long.toString((long) rate);
    }
    return Double.toString(rate).toLowerCase(Locale.ROOT);
  }

  private CiliumEgressGatewayPolicy policy(int i) {
    String ns = nsName(i % p.namespaces());
    EgressRule rule = ClusterGenerator.policyRule(i, ns);
    // The namespace's load goes to external (ns index mod externals): keep it covered.
    int ext = EXTERNAL_BASE + (i % p.namespaces()) % p.externals();
    List<Cidr4> dst = new ArrayList<>();
    List<Cidr4> exc = new ArrayList<>();
    int around = AROUND_EXTERNAL[rng.nextInt(AROUND_EXTERNAL.length)];
    dst.add(new Cidr4(ext & Ip4.mask(around), around));
    int more = rng.nextInt(3);
    for (int k = 0; k < more; k++) {
      int plen = RANDOM_PREFIXES[rng.nextInt(RANDOM_PREFIXES.length)];
      Cidr4 d = new Cidr4(rng.nextInt() & Ip4.mask(plen), plen);
      if (!overlaps(d, dst)) {
        dst.add(d);
      }
    }
    for (Cidr4 d : List.copyOf(dst)) {
      if (d.prefixLength() <= 16 && rng.nextInt(2) == 0) {
        int ne = 1 + rng.nextInt(2);
        for (int e = 0; e < ne; e++) {
          int xl = d.prefixLength() + 8;
          Cidr4 x =
              new Cidr4(
                  (d.network() | (rng.nextInt() & ~Ip4.mask(d.prefixLength()))) & Ip4.mask(xl), xl);
          if (!exc.contains(x) && !overlaps(x, List.of(EXTERNAL_NET))) {
            exc.add(x);
          }
        }
      }
    }
    EgressGateway gw = ClusterGenerator.policyGateway(i, i % p.gateways());
    return new CiliumEgressGatewayPolicy(
        meta("egress-" + i, null, Labels.EMPTY),
        new CiliumEgressGatewayPolicySpec(List.of(rule), dst, exc, gw, List.of()));
  }

  private static boolean overlaps(Cidr4 c, List<Cidr4> others) {
    for (Cidr4 o : others) {
      int len = Math.min(c.prefixLength(), o.prefixLength());
      if (((c.network() ^ o.network()) & Ip4.mask(len)) == 0) {
        return true;
      }
    }
    return false;
  }

  static String nodeName(int i) {
    return String.format("node-%05d", i);
  }

  static String nsName(int i) {
    return String.format("ns-%03d", i);
  }

  static String external(int e) {
    return String.format("ext-%03d", e);
  }

  private static ObjectMeta meta(String name, String ns, Labels labels) {
    return new ObjectMeta(name, ns, null, labels, GENERATED);
  }
}
