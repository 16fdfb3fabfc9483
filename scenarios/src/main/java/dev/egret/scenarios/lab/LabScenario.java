package dev.egret.scenarios.lab;

import dev.egret.datapath.net.Cidr4;
import dev.egret.scenarios.model.Action;
import dev.egret.scenarios.model.Destination;
import dev.egret.scenarios.model.ExternalSpec;
import dev.egret.scenarios.model.NetworkSettings;
import dev.egret.scenarios.model.PodDecl;
import dev.egret.scenarios.model.Scenario;
import dev.egret.scenarios.model.TimelineItem;
import dev.egret.sim.Durations;
import dev.egret.topology.cluster.NodeSpec;
import dev.egret.topology.ipam.Ipam;
import dev.egret.topology.k8s.CiliumEgressGatewayPolicy;
import dev.egret.topology.k8s.CiliumEgressGatewayPolicySpec;
import dev.egret.topology.k8s.CiliumEgressNATPolicy;
import dev.egret.topology.k8s.EgressGateway;
import dev.egret.topology.k8s.K8sResource;
import dev.egret.topology.k8s.NodeResource;
import dev.egret.topology.k8s.PodResource;
import dev.egret.topology.model.NodeAddress;
import dev.egret.topology.model.NodeNetwork.InterfaceSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * A scenario as the lab runs it: its {@link AddressMap} and the same scenario with every address
 * translated into the lab space (nodes, interfaces, pod CIDRs, pods, externals, the router, policy
 * CIDRs and egress IPs, traffic destinations). Names, labels, times and expectations are untouched
 * (expectations are checked in scenario addresses after translating the lab's results back).
 *
 * <p>Also decides what the lab can replay live: traffic ({@code http}, {@code tcp}, {@code udp},
 * {@code ping}, {@code load}) and the events {@code apply}, {@code delete}, {@code label}, {@code
 * reschedule}, {@code nodeDown} and {@code nodeUp}. Node additions and deletions, address changes
 * and link faults are refused with a message naming the timeline item.
 */
public final class LabScenario {
  /** The pod pool the simulator allocates node pod CIDRs from (World's cluster config). */
  public static final Cidr4 POD_POOL = Cidr4.parse(Ipam.DEFAULT_CLUSTER_POOL);

  private final Scenario scenario;
  private final AddressMap map;
  private final Scenario lab;
  private final boolean usesPool;

  private LabScenario(Scenario scenario, AddressMap map, Scenario lab, boolean usesPool) {
    this.scenario = scenario;
    this.map = map;
    this.lab = lab;
    this.usesPool = usesPool;
  }

  /** The scenario as written. */
  public Scenario scenario() {
    return scenario;
  }

  /** The scenario in lab addresses. */
  public Scenario lab() {
    return lab;
  }

  public AddressMap map() {
    return map;
  }

  /** The lab image of the pod pool nodes without a podCIDR draw from. */
  public Cidr4 labPodPool() {
    return usesPool ? map.toLab(POD_POOL) : POD_POOL;
  }

  /**
   * Maps {@code s} into the lab.
   *
   * @throws LabException if an action cannot run live or an address cannot be mapped
   */
  public static LabScenario of(Scenario s) {
    checkLive(s);
    AddressMap.Builder b = AddressMap.builder();
    NetworkSettings net = s.network();
    b.cidr(net.underlay(), "underlay");
    b.address(net.router(), "router");
    boolean usesPool = false;
    for (NodeSpec n : s.nodes()) {
      usesPool |= n.podCidr() == null;
      nodeAddresses(b, n.name(), n.internalIp(), n.externalIp(), n.podCidr(), n.interfaces());
    }
    for (ExternalSpec e : s.externals()) {
      b.address(e.ip(), "external " + e.name());
    }
    for (PodDecl p : s.pods()) {
      b.address(p.ip(), "pod " + p.key());
    }
    List<K8sResource> all = new ArrayList<>(s.resources());
    for (TimelineItem item : s.timeline()) {
      if (item.action() instanceof Action.Apply a) {
        all.addAll(a.objects());
      } else if (item.action() instanceof Action.Traffic t && t.to().external() == null) {
        b.address(t.to().ip(), "traffic destination");
      }
    }
    for (K8sResource r : all) {
      usesPool |= resourceAddresses(b, r);
    }
    if (usesPool) {
      b.keep(POD_POOL, "pod pool");
    }
    AddressMap map = b.build();
    return new LabScenario(s, map, translate(s, map), usesPool);
  }

  private static void nodeAddresses(
      AddressMap.Builder b,
      String node,
      int internalIp,
      int externalIp,
      Cidr4 podCidr,
      List<InterfaceSpec> ifs) {
    b.address(internalIp, "node " + node + " InternalIP");
    b.address(externalIp, "node " + node + " ExternalIP");
    if (podCidr != null) {
      b.keep(podCidr, "pod CIDR of " + node);
    }
    if (ifs != null) {
      for (InterfaceSpec i : ifs) {
        for (Cidr4 a : i.addresses()) {
          b.address(a.address(), "node " + node + " " + i.name());
          if (a.prefixLength() < 32) {
            b.cidr(a, "subnet of " + node + " " + i.name());
          }
        }
      }
    }
  }

  /** Adds a resource's addresses; true when it declares a node without a pod CIDR. */
  private static boolean resourceAddresses(AddressMap.Builder b, K8sResource r) {
    String id = r.metadata().name();
    if (r instanceof CiliumEgressGatewayPolicy p) {
      CiliumEgressGatewayPolicySpec sp = p.spec();
      for (Cidr4 c : sp.destinationCIDRs()) {
        b.cidr(c, "policy " + id + " destination");
      }
      for (Cidr4 c : sp.excludedCIDRs()) {
        b.cidr(c, "policy " + id + " excluded");
      }
      if (sp.egressGateway() != null) {
        b.address(sp.egressGateway().egressIP(), "policy " + id + " egressIP");
      }
      for (EgressGateway g : sp.egressGateways()) {
        b.address(g.egressIP(), "policy " + id + " egressIP");
      }
    } else if (r instanceof CiliumEgressNATPolicy p) {
      for (Cidr4 c : p.destinationCIDRs()) {
        b.cidr(c, "policy " + id + " destination");
      }
      b.address(p.egressSourceIP(), "policy " + id + " egressSourceIP");
    } else if (r instanceof NodeResource n) {
      for (NodeAddress a : n.addresses()) {
        b.address(a.ip(), "node " + id + " " + a.type());
      }
      if (n.podCIDR() != null) {
        b.keep(n.podCIDR(), "pod CIDR of " + id);
      }
      return n.podCIDR() == null;
    } else if (r instanceof PodResource p) {
      b.address(p.podIP(), "pod " + r.metadata().namespace() + "/" + id);
    }
    return false;
  }

  private static void checkLive(Scenario s) {
    for (TimelineItem item : s.timeline()) {
      Action a = item.action();
      String why =
          switch (a.kind()) {
            case "nodeAdd", "nodeDelete" -> "adding or deleting nodes";
            case "addressAdd", "addressDel" -> "changing node addresses";
            case "linkDown", "linkUp" -> "link faults";
            default -> null;
          };
      if (why != null) {
        throw new LabException(
            s.file()
                + ": timeline["
                + item.index()
                + "] ("
                + a.kind()
                + " at "
                + Durations.format(item.at())
                + "): the lab does not replay "
                + why
                + " live; use egret run for this scenario");
      }
    }
  }

  // ------------------------------------------------------------------ translation

  private static Scenario translate(Scenario s, AddressMap m) {
    NetworkSettings n = s.network();
    NetworkSettings net =
        new NetworkSettings(
            m.toLab(n.underlay()), n.mtu(), n.latency(), n.bandwidthBps(), m.toLab(n.router()));
    List<NodeSpec> nodes = new ArrayList<>();
    for (NodeSpec ns : s.nodes()) {
      nodes.add(node(ns, m, n.underlay()));
    }
    List<ExternalSpec> externals = new ArrayList<>();
    for (ExternalSpec e : s.externals()) {
      externals.add(new ExternalSpec(e.name(), m.toLab(e.ip()), e.services()));
    }
    List<PodDecl> pods = new ArrayList<>();
    for (PodDecl p : s.pods()) {
      pods.add(
          new PodDecl(
              p.name(),
              p.namespace(),
              p.labels(),
              p.node(),
              p.ip() == 0 ? 0 : m.toLab(p.ip()),
              p.uid(),
              p.at()));
    }
    List<K8sResource> resources = new ArrayList<>();
    for (K8sResource r : s.resources()) {
      resources.add(resource(r, m));
    }
    List<TimelineItem> timeline = new ArrayList<>();
    for (TimelineItem item : s.timeline()) {
      timeline.add(
          new TimelineItem(
              item.index(), item.at(), action(item.action(), m), item.expect(), item.where()));
    }
    return new Scenario(
        s.name(),
        s.description(),
        s.file(),
        s.seed(),
        s.cilium(),
        net,
        nodes,
        externals,
        pods,
        resources,
        timeline,
        s.expectations(),
        s.captures(),
        s.warnings());
  }

  private static NodeSpec node(NodeSpec n, AddressMap m, Cidr4 underlay) {
    List<InterfaceSpec> ifs = n.interfaces();
    if (ifs == null && n.internalIp() != 0) {
      // Spelled out, because the default eth0 takes the underlay's prefix length, which changes.
      ifs =
          List.of(
              new InterfaceSpec(
                  "eth0", List.of(new Cidr4(n.internalIp(), underlay.prefixLength()))));
    }
    List<InterfaceSpec> labIfs = null;
    if (ifs != null) {
      labIfs = new ArrayList<>();
      for (InterfaceSpec i : ifs) {
        List<Cidr4> as = new ArrayList<>();
        for (Cidr4 a : i.addresses()) {
          as.add(new Cidr4(m.toLab(a.address()), m.toLab(a.masked()).prefixLength()));
        }
        labIfs.add(new InterfaceSpec(i.name(), as));
      }
    }
    return new NodeSpec(
        n.name(),
        n.labels(),
        m.toLab(n.internalIp()),
        m.toLab(n.externalIp()),
        n.podCidr() == null ? null : m.toLab(n.podCidr()),
        labIfs);
  }

  private static K8sResource resource(K8sResource r, AddressMap m) {
    if (r instanceof CiliumEgressGatewayPolicy p) {
      CiliumEgressGatewayPolicySpec sp = p.spec();
      List<EgressGateway> gws = new ArrayList<>();
      for (EgressGateway g : sp.egressGateways()) {
        gws.add(gateway(g, m));
      }
      return new CiliumEgressGatewayPolicy(
          p.metadata(),
          new CiliumEgressGatewayPolicySpec(
              sp.selectors(),
              cidrs(sp.destinationCIDRs(), m),
              cidrs(sp.excludedCIDRs(), m),
              sp.egressGateway() == null ? null : gateway(sp.egressGateway(), m),
              gws));
    }
    if (r instanceof CiliumEgressNATPolicy p) {
      return new CiliumEgressNATPolicy(
          p.metadata(), p.egress(), cidrs(p.destinationCIDRs(), m), m.toLab(p.egressSourceIP()));
    }
    if (r instanceof NodeResource n) {
      List<NodeAddress> as = new ArrayList<>();
      for (NodeAddress a : n.addresses()) {
        as.add(new NodeAddress(a.type(), m.toLab(a.ip())));
      }
      return new NodeResource(n.metadata(), n.podCIDR() == null ? null : m.toLab(n.podCIDR()), as);
    }
    if (r instanceof PodResource p) {
      return new PodResource(
          p.metadata(),
          p.nodeName(),
          p.nodeSelector(),
          p.serviceAccountName(),
          p.podIP() == 0 ? 0 : m.toLab(p.podIP()));
    }
    return r;
  }

  private static EgressGateway gateway(EgressGateway g, AddressMap m) {
    return new EgressGateway(g.nodeSelector(), g.iface(), m.toLab(g.egressIP()));
  }

  private static List<Cidr4> cidrs(List<Cidr4> cs, AddressMap m) {
    List<Cidr4> out = new ArrayList<>();
    for (Cidr4 c : cs) {
      out.add(m.toLab(c));
    }
    return out;
  }

  private static Action action(Action a, AddressMap m) {
    if (a instanceof Action.Http h) {
      return new Action.Http(h.from(), dest(h.to(), m), h.timeout());
    }
    if (a instanceof Action.Tcp t) {
      return new Action.Tcp(t.from(), dest(t.to(), m), t.bytes(), t.hold(), t.timeout());
    }
    if (a instanceof Action.Udp u) {
      return new Action.Udp(u.from(), dest(u.to(), m), u.count(), u.size(), u.timeout());
    }
    if (a instanceof Action.Ping p) {
      return new Action.Ping(p.from(), dest(p.to(), m), p.count(), p.timeout());
    }
    if (a instanceof Action.Load l) {
      return new Action.Load(
          l.from(), dest(l.to(), m), l.protocol(), l.rate(), l.duration(), l.hold(), l.timeout());
    }
    if (a instanceof Action.Apply ap) {
      List<K8sResource> objs = new ArrayList<>();
      for (K8sResource r : ap.objects()) {
        objs.add(resource(r, m));
      }
      return new Action.Apply(objs);
    }
    return a;
  }

  private static Destination dest(Destination d, AddressMap m) {
    return new Destination(d.external(), m.toLab(d.ip()), d.port());
  }
}
