package dev.egret.topology.controlplane.egressgateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.datapath.egress.EgressPolicyEntry;
import dev.egret.datapath.egress.EgressPolicyMap4;
import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.net.Ip4;
import dev.egret.topology.cluster.Cluster;
import dev.egret.topology.cluster.ClusterConfig;
import dev.egret.topology.cluster.NodeSpec;
import dev.egret.topology.controlplane.CiliumVersion;
import dev.egret.topology.k8s.CiliumEgressGatewayPolicy;
import dev.egret.topology.k8s.CiliumEgressGatewayPolicySpec;
import dev.egret.topology.k8s.EgressGateway;
import dev.egret.topology.k8s.EgressRule;
import dev.egret.topology.k8s.NamespaceResource;
import dev.egret.topology.k8s.ObjectMeta;
import dev.egret.topology.k8s.PodResource;
import dev.egret.topology.model.LabelSelector;
import dev.egret.topology.model.Labels;
import dev.egret.topology.model.Node;
import dev.egret.topology.model.Operator;
import dev.egret.topology.model.Pod;
import dev.egret.topology.model.Requirement;
import dev.egret.topology.yaml.Location;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Properties of the manager over random clusters: the maps do not depend on the order resources
 * arrive in (conflict-free inputs, synchronous mode, after quiescence); every entry's source is a
 * selected endpoint; and the incrementally maintained state equals a from-scratch computation after
 * random mutations.
 */
class ManagerProperties {
  private static final Location HERE = new Location("property", 1, 1);

  /** A random world, drawn from one seed so jqwik can shrink the seed and sizes. */
  private record World(
      List<NodeSpec> nodes,
      List<NamespaceResource> namespaces,
      List<PodResource> pods,
      List<CiliumEgressGatewayPolicy> policies) {}

  private static World world(
      long seed, int nodeCount, int podCount, int policyCount, boolean overlap) {
    Random r = new Random(seed);
    List<NodeSpec> nodes = new ArrayList<>();
    for (int i = 0; i < nodeCount; i++) {
      Labels l =
          Labels.of(
              "role", r.nextInt(3) == 0 ? "gw" : "worker", "zone", r.nextBoolean() ? "a" : "b");
      nodes.add(new NodeSpec("n" + i, l, Ip4.parse("172.18.0." + (10 + i)), 0, null, null));
    }
    List<NamespaceResource> nss = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      nss.add(
          new NamespaceResource(
              new ObjectMeta("ns" + i, null, null, Labels.of("team", "t" + r.nextInt(2)), HERE)));
    }
    List<PodResource> pods = new ArrayList<>();
    for (int i = 0; i < podCount; i++) {
      Labels l = Labels.of("app", "a" + r.nextInt(4), "tier", r.nextBoolean() ? "x" : "y");
      pods.add(
          new PodResource(
              new ObjectMeta("p" + i, "ns" + r.nextInt(3), "uid-" + i, l, HERE),
              "n" + r.nextInt(nodeCount),
              Labels.EMPTY,
              null,
              Ip4.parse("10.200.0." + (2 + i))));
    }
    List<CiliumEgressGatewayPolicy> pols = new ArrayList<>();
    for (int j = 0; j < policyCount; j++) {
      EgressRule rule =
          r.nextBoolean()
              ? new EgressRule(null, LabelSelector.matching("app", "a" + r.nextInt(4)), null)
              : new EgressRule(
                  LabelSelector.matching("team", "t" + r.nextInt(2)),
                  new LabelSelector(
                      Map.of(), List.of(new Requirement("tier", Operator.In, List.of("x")))),
                  null);
      int base = overlap ? 100 + r.nextInt(2) : 100 + j;
      List<Cidr4> dst = new ArrayList<>(List.of(new Cidr4(Ip4.parse(base + ".0.0.0"), 8)));
      if (r.nextBoolean()) {
        dst.add(new Cidr4(Ip4.parse(base + ".1.0.0"), 16));
      }
      List<Cidr4> exc =
          r.nextBoolean() ? List.of(new Cidr4(Ip4.parse(base + ".2.0.0"), 24)) : List.of();
      LabelSelector gw =
          r.nextBoolean()
              ? LabelSelector.matching("role", "gw")
              : LabelSelector.matching("zone", r.nextBoolean() ? "a" : "b");
      pols.add(
          new CiliumEgressGatewayPolicy(
              new ObjectMeta("pol" + j, null, null, Labels.EMPTY, HERE),
              new CiliumEgressGatewayPolicySpec(
                  List.of(rule), dst, exc, new EgressGateway(gw, "eth0", 0), List.of())));
    }
    return new World(nodes, nss, pods, pols);
  }

  private static List<Consumer<Cluster>> actions(World w) {
    List<Consumer<Cluster>> a = new ArrayList<>();
    w.nodes.forEach(n -> a.add(c -> c.addNode(n)));
    w.namespaces.forEach(n -> a.add(c -> c.apply(n)));
    w.pods.forEach(p -> a.add(c -> c.apply(p)));
    w.policies.forEach(p -> a.add(c -> c.apply(p)));
    return a;
  }

  private static EgressGatewayManager started(Cluster c, CiliumVersion v) {
    EgressGatewayManager m =
        new EgressGatewayManager(
            c, v, ReconcileTrigger.immediate(), EgressPolicyMap4.EGRESS_POLICY_MAP_SIZE, 3);
    m.start();
    return m;
  }

  private static Map<String, Set<String>> maps(Cluster c, EgressGatewayManager m) {
    Map<String, Set<String>> out = new TreeMap<>();
    for (Node n : c.nodes()) {
      out.put(n.name(), Fixture.entries(m.mapFor(n.name())));
    }
    return out;
  }

  @Property(tries = 60)
  void mapsDoNotDependOnArrivalOrder(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 5) int nodes,
      @ForAll @IntRange(min = 0, max = 12) int pods,
      @ForAll @IntRange(min = 1, max = 4) int policies,
      @ForAll boolean v118) {
    CiliumVersion v = v118 ? CiliumVersion.V1_18 : CiliumVersion.V1_16;
    World w = world(seed, nodes, pods, policies, false);
    Cluster a = new Cluster(ClusterConfig.defaults(1));
    EgressGatewayManager ma = started(a, v);
    actions(w).forEach(x -> x.accept(a));
    List<Consumer<Cluster>> shuffled = actions(w);
    Collections.shuffle(shuffled, new Random(seed ^ 0x5eed));
    Cluster b = new Cluster(ClusterConfig.defaults(1));
    EgressGatewayManager mb = started(b, v);
    shuffled.forEach(x -> x.accept(b));
    assertEquals(maps(a, ma), maps(b, mb));
    assertEquals(
        List.of(),
        ma.warnings().stream().filter(x -> x.kind() == WarningKind.CONFLICTING_KEY).toList());
  }

  @Property(tries = 60)
  void everyEntrysSourceIsASelectedEndpoint(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 5) int nodes,
      @ForAll @IntRange(min = 0, max = 12) int pods,
      @ForAll @IntRange(min = 1, max = 4) int policies,
      @ForAll boolean overlap) {
    World w = world(seed, nodes, pods, policies, overlap);
    Cluster c = new Cluster(ClusterConfig.defaults(1));
    EgressGatewayManager m = started(c, CiliumVersion.V1_16);
    actions(w).forEach(x -> x.accept(c));
    for (Node n : c.nodes()) {
      for (EgressPolicyEntry e : m.mapFor(n.name()).dump()) {
        boolean backed = false;
        for (String p : m.policyNames()) {
          CiliumEgressGatewayPolicy pol = (CiliumEgressGatewayPolicy) c.policies().get(p);
          boolean cidr =
              pol.spec().destinationCIDRs().contains(e.destination())
                  || pol.spec().excludedCIDRs().contains(e.destination());
          for (Endpoint ep : m.matchedEndpoints(p)) {
            Pod pod = c.pod(ep.name());
            backed |=
                cidr
                    && ep.ip() == e.sourceIp()
                    && pod != null
                    && pod.isRunning()
                    && pod.ip() == e.sourceIp()
                    && pol.spec().selectors().stream()
                        .anyMatch(
                            r ->
                                EndpointSelector.of(0, r.namespaceSelector(), r.podSelector())
                                    .selector()
                                    .matches(c.identities().lookup(pod.identity()).labels()));
          }
        }
        assertTrue(backed, "entry " + e + " on " + n.name() + " has no selected endpoint");
      }
    }
  }

  @Property(tries = 200)
  void incrementalEqualsFromScratch(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 5) int nodes,
      @ForAll @IntRange(min = 0, max = 12) int pods,
      @ForAll @IntRange(min = 1, max = 4) int policies,
      @ForAll @IntRange(min = 0, max = 25) int mutations,
      @ForAll boolean overlap,
      @ForAll boolean v118) {
    CiliumVersion v = v118 ? CiliumVersion.V1_18 : CiliumVersion.V1_16;
    World w = world(seed, nodes, pods, policies, overlap);
    Cluster c = new Cluster(ClusterConfig.defaults(1));
    EgressGatewayManager incremental = started(c, v);
    actions(w).forEach(x -> x.accept(c));
    Random r = new Random(seed * 31 + 7);
    for (int i = 0; i < mutations; i++) {
      mutate(c, w, r);
    }
    EgressGatewayManager scratch = started(c, v);
    assertEquals(scratch.desiredState(), incremental.desiredState());
    if (!overlap) {
      assertEquals(maps(c, scratch), maps(c, incremental));
    }
    Set<String> gw = new TreeSet<>(scratch.gatewayNodes());
    assertEquals(gw, new TreeSet<>(incremental.gatewayNodes()));
  }

  private static void mutate(Cluster c, World w, Random r) {
    List<Pod> running = c.pods().stream().filter(Pod::isRunning).toList();
    switch (r.nextInt(7)) {
      case 0 -> {
        if (!running.isEmpty()) {
          Pod p = running.get(r.nextInt(running.size()));
          c.labelPod(p.key(), Map.of("app", "a" + r.nextInt(4)), List.of());
        }
      }
      case 1 -> {
        if (!running.isEmpty()) {
          Pod p = running.get(r.nextInt(running.size()));
          c.reschedulePod(p.key(), w.nodes.get(r.nextInt(w.nodes.size())).name());
        }
      }
      case 2 -> {
        if (!running.isEmpty()) {
          c.deletePod(running.get(r.nextInt(running.size())).key());
        }
      }
      case 3 ->
          c.labelNode(
              w.nodes.get(r.nextInt(w.nodes.size())).name(),
              Map.of("role", r.nextBoolean() ? "gw" : "worker"),
              List.of());
      case 4 -> c.upsertNamespace("ns" + r.nextInt(3), Labels.of("team", "t" + r.nextInt(2)));
      case 5 -> {
        CiliumEgressGatewayPolicy p = w.policies.get(r.nextInt(w.policies.size()));
        List<Cidr4> dst = new ArrayList<>(p.spec().destinationCIDRs());
        if (dst.size() > 1 && r.nextBoolean()) {
          dst.remove(1);
        }
        c.apply(
            new CiliumEgressGatewayPolicy(
                p.metadata(),
                new CiliumEgressGatewayPolicySpec(
                    p.spec().selectors(), dst, List.of(), p.spec().egressGateway(), List.of())));
      }
      default -> c.deletePolicy("pol" + r.nextInt(w.policies.size()));
    }
  }
}
