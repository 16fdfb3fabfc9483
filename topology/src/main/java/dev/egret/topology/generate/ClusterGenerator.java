package dev.egret.topology.generate;

import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.net.Ip4;
import dev.egret.sim.Rng;
import dev.egret.topology.cluster.Cluster;
import dev.egret.topology.cluster.ClusterConfig;
import dev.egret.topology.cluster.NodeSpec;
import dev.egret.topology.k8s.CiliumEgressGatewayPolicy;
import dev.egret.topology.k8s.CiliumEgressGatewayPolicySpec;
import dev.egret.topology.k8s.DeploymentResource;
import dev.egret.topology.k8s.EgressGateway;
import dev.egret.topology.k8s.EgressRule;
import dev.egret.topology.k8s.K8sResource;
import dev.egret.topology.k8s.NamespaceResource;
import dev.egret.topology.k8s.ObjectMeta;
import dev.egret.topology.model.LabelSelector;
import dev.egret.topology.model.Labels;
import dev.egret.topology.model.NodeNetwork;
import dev.egret.topology.model.NodeNetwork.InterfaceSpec;
import dev.egret.topology.model.Operator;
import dev.egret.topology.model.Requirement;
import dev.egret.topology.yaml.Location;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A deterministic generator of large clusters for benchmarks and the {@code egret generate}
 * command: N nodes (one in {@value #GATEWAY_EVERY} labelled as an egress gateway of one of the
 * pools), namespaces with team and environment labels, Deployments, and P policies.
 *
 * <p>Shape: each policy {@code i} selects the small "client" Deployment {@code client-i} (2 pods)
 * in one of three styles (plain matchLabels; a namespaceSelector on the namespace name ANDed with
 * In/NotIn expressions; matchLabels with the namespace label and a DoesNotExist expression), has
 * 1–3 destination CIDRs of mixed sizes (/32 to /0) and, for wide destinations, 0–2 excluded CIDRs
 * inside them, and picks its gateway from a pool by nodeSelector, with {@code interface: eth0}, an
 * {@code egressIP} on {@code eth1}, or the default route. The remaining pods belong to larger
 * Deployments no policy selects, as in real clusters where egress gateways serve a minority of
 * workloads. Keys never collide between policies, and the total stays below the default map size of
 * 16,384 entries for 2,000 policies (about 11,000 entries).
 */
public final class ClusterGenerator {
  /** One node in this many is an egress gateway. */
  public static final int GATEWAY_EVERY = 250;

  /** Pods of a policy-selected client Deployment. */
  public static final int CLIENT_REPLICAS = 2;

  /** Pods of the other Deployments. */
  public static final int BIG_REPLICAS = 30;

  public static final int NAMESPACES = 100;
  public static final int TEAMS = 20;

  private static final Location GENERATED = new Location("<generated>", 1, 1);
  private static final int[] PREFIXES = {32, 24, 16, 8, 0, 24, 28, 20};

  /** The size of what to generate. */
  public record Size(int nodes, int pods, int policies) {
    /** The scale: 5,000 nodes, 150,000 pods, 2,000 policies. */
    public static final Size LARGE = new Size(5000, 150_000, 2000);
  }

  /** The generated cluster and the resources it was built from. */
  public record Generated(Cluster cluster, List<K8sResource> resources, int gatewayNodes) {}

  private ClusterGenerator() {}

  /** The cluster settings generated clusters use: a /16 underlay and pod CIDRs from 10.0.0.0/8. */
  public static ClusterConfig config(long seed) {
    Cidr4 u = Cidr4.parse("172.18.0.0/16");
    return new ClusterConfig(
        seed, u, u.network() + 1, NodeNetwork.DEFAULT_MTU, Cidr4.parse("10.0.0.0/8"), 24);
  }

  /** Generates a cluster of {@code size} from {@code seed}. */
  public static Generated generate(long seed, Size size) {
    Rng rng = Rng.root(seed).stream("generate");
    Cluster c = new Cluster(config(seed));
    List<K8sResource> resources = new ArrayList<>();
    int pools = Math.max(1, size.nodes() / GATEWAY_EVERY);
    int gateways = 0;
    for (int i = 0; i < size.nodes(); i++) {
      String name = String.format("node-%05d", i);
      int ip = Ip4.parse("172.18.0.10") + i;
      Labels l =
          Labels.of(
              "kubernetes.io/hostname",
              name,
              "topology.kubernetes.io/zone",
              "zone-" + (char) ('a' + i % 3));
      List<InterfaceSpec> ifs = new ArrayList<>();
      ifs.add(new InterfaceSpec("eth0", List.of(new Cidr4(ip, 16))));
      if (i % GATEWAY_EVERY == 0) {
        int pool = (i / GATEWAY_EVERY) % pools;
        l = l.with("egress-gateway", "true").with("egress-pool", "pool-" + pool);
        ifs.add(new InterfaceSpec("eth1", List.of(new Cidr4(egressIpOfPool(pool), 24))));
        gateways++;
      }
      c.addNode(new NodeSpec(name, l, ip, 0, null, ifs));
    }
    for (int i = 0; i < NAMESPACES; i++) {
      NamespaceResource ns =
          new NamespaceResource(
              meta(
                  nsName(i),
                  null,
                  Labels.of(
                      "team",
                      "team-" + i % TEAMS,
                      "env",
                      i % 3 == 0 ? "prod" : i % 3 == 1 ? "staging" : "dev")));
      resources.add(ns);
      c.apply(ns);
    }
    int clientPods = size.policies() * CLIENT_REPLICAS;
    for (int i = 0; i < size.policies(); i++) {
      DeploymentResource d =
          new DeploymentResource(
              meta("client-" + i, nsName(i % NAMESPACES), Labels.EMPTY),
              CLIENT_REPLICAS,
              Labels.of("app", "client-" + i, "tier", i % 4 == 0 ? "web" : "api"),
              Labels.EMPTY,
              null,
              null);
      resources.add(d);
      c.apply(d);
    }
    int rest = Math.max(0, size.pods() - clientPods);
    for (int i = 0; rest > 0; i++) {
      int n = Math.min(BIG_REPLICAS, rest);
      rest -= n;
      DeploymentResource d =
          new DeploymentResource(
              meta("svc-" + i, nsName(i % NAMESPACES), Labels.EMPTY),
              n,
              Labels.of("app", "svc-" + i, "tier", i % 2 == 0 ? "worker" : "db"),
              Labels.EMPTY,
              null,
              null);
      resources.add(d);
      c.apply(d);
    }
    for (int i = 0; i < size.policies(); i++) {
      CiliumEgressGatewayPolicy p = policy(i, pools, rng);
      resources.add(p);
      c.apply(p);
    }
    return new Generated(c, resources, gateways);
  }

  /**
   * The selector of generated policy {@code i} (whose pods are labelled {@code app=client-i} in
   * namespace {@code ns}), mixing the styles users write: matchLabels (half of them), a namespace
   * selector with In/NotIn, and matchLabels with the namespace label plus DoesNotExist.
   */
  public static EgressRule policyRule(int i, String ns) {
    String app = "client-" + i;
    return switch (i % 4) {
      case 0, 1 -> new EgressRule(null, LabelSelector.matching("app", app), null);
      case 2 ->
          new EgressRule(
              LabelSelector.matching("kubernetes.io/metadata.name", ns),
              new LabelSelector(
                  Map.of(),
                  List.of(
                      new Requirement("app", Operator.In, List.of(app)),
                      new Requirement("tier", Operator.NotIn, List.of("db")))),
              null);
      default ->
          new EgressRule(
              null,
              new LabelSelector(
                  Map.of("app", app, "io.kubernetes.pod.namespace", ns),
                  List.of(new Requirement("canary", Operator.DoesNotExist, List.of()))),
              null);
    };
  }

  /**
   * The gateway of generated policy {@code i} on gateway pool {@code pool}: by interface, by the
   * pool's egress IP, or by neither (the node's first IPv4), in turn.
   */
  public static EgressGateway policyGateway(int i, int pool) {
    LabelSelector gwSel =
        LabelSelector.matching("egress-gateway", "true", "egress-pool", "pool-" + pool);
    return switch (i % 3) {
      case 0 -> new EgressGateway(gwSel, "eth0", 0);
      case 1 -> new EgressGateway(gwSel, null, egressIpOfPool(pool));
      default -> new EgressGateway(gwSel, null, 0);
    };
  }

  /** The egress IP generated gateway nodes of pool {@code pool} carry on their eth1. */
  public static int egressIpOfPool(int pool) {
    return Ip4.parse("10.168.0.100") + (pool << 8);
  }

  private static String nsName(int i) {
    return String.format("ns-%03d", i);
  }

  private static ObjectMeta meta(String name, String ns, Labels labels) {
    return new ObjectMeta(name, ns, null, labels, GENERATED);
  }

  private static CiliumEgressGatewayPolicy policy(int i, int pools, Rng rng) {
    String ns = nsName(i % NAMESPACES);
    EgressRule rule = policyRule(i, ns);
    List<Cidr4> dst = new ArrayList<>();
    List<Cidr4> exc = new ArrayList<>();
    int nd = 1 + rng.nextInt(3);
    for (int k = 0; k < nd; k++) {
      int plen = PREFIXES[rng.nextInt(PREFIXES.length)];
      Cidr4 d = new Cidr4(rng.nextInt() & Ip4.mask(plen), plen);
      if (!dst.contains(d)) {
        dst.add(d);
      }
      if (plen <= 16 && rng.nextInt(2) == 0) {
        int ne = 1 + rng.nextInt(2);
        for (int e = 0; e < ne; e++) {
          int xl = plen + 8;
          Cidr4 x = new Cidr4((d.network() | (rng.nextInt() & ~Ip4.mask(plen))) & Ip4.mask(xl), xl);
          if (!exc.contains(x) && !dst.contains(x)) {
            exc.add(x);
          }
        }
      }
    }
    EgressGateway gw = policyGateway(i, i % pools);
    return new CiliumEgressGatewayPolicy(
        meta("egress-" + i, null, Labels.EMPTY),
        new CiliumEgressGatewayPolicySpec(List.of(rule), dst, exc, gw, List.of()));
  }
}
