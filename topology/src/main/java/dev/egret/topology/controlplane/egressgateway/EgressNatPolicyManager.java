package dev.egret.topology.controlplane.egressgateway;

import dev.egret.datapath.egress.EgressPolicyMap4;
import dev.egret.datapath.maps.MapFullException;
import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.net.Ip4;
import dev.egret.topology.cluster.Cluster;
import dev.egret.topology.cluster.ClusterEvent;
import dev.egret.topology.cluster.ClusterListener;
import dev.egret.topology.controlplane.CiliumVersion;
import dev.egret.topology.controlplane.egressgateway.EntryExplanation.Provenance;
import dev.egret.topology.identity.Identity;
import dev.egret.topology.k8s.CiliumEgressNATPolicy;
import dev.egret.topology.k8s.K8sResource;
import dev.egret.topology.model.Labels;
import dev.egret.topology.model.Pod;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The Cilium 1.10.0–1.10.5 egress NAT policy manager (pkg/egresspolicy): CiliumEgressNATPolicy
 * only, one {@code cilium_egress_v4} map whose value is (egress IP, tunnel endpoint), both the
 * policy's {@code egressSourceIP}, so the map is the same on every node and one object serves them
 * all. There is no reconcile loop: each event writes the map at once (reference §3.3, §6.2):
 *
 * <ul>
 *   <li>a policy whose name exists, or whose egressSourceIP another policy uses, is rejected;
 *   <li>an update is a delete of the old policy followed by an add of the new one;
 *   <li>deleting a policy deletes its keys even when another policy still wants them;
 *   <li>an endpoint update deletes the entries of every policy that selected it before using its
 *       <em>new</em> IP (entries of an old IP leak), then adds those of the policies matching now.
 * </ul>
 */
public final class EgressNatPolicyManager implements EgressControlPlane, ClusterListener {
  private final Cluster cluster;
  private final EgressPolicyMap4 map;
  private final Map<String, PolicyConfig> policies = new TreeMap<>();
  private final Map<String, Endpoint> endpoints = new HashMap<>();
  private final Map<String, Set<String>> selectedBy = new HashMap<>();
  private final Map<EntryKey, Contribution> lastWriter = new HashMap<>();
  private final List<EgressWarning> rejections = new ArrayList<>();
  private final List<EntryKey> failures = new ArrayList<>();
  private final List<Long> times = new ArrayList<>();
  private LongSupplier clock = () -> 0L;

  /** A 1.10 manager over {@code cluster}; writes the cluster's current policies and pods. */
  public EgressNatPolicyManager(Cluster cluster, int mapMax, long seed) {
    this.cluster = cluster;
    this.map = EgressPolicyMap4.legacy110(mapMax);
    for (K8sResource r : cluster.policies().values()) {
      if (r instanceof CiliumEgressNATPolicy c) {
        onAddEgressPolicy(PolicyConfig.parseCenp(c));
      }
    }
    for (Pod p : cluster.pods()) {
      if (p.isRunning()) {
        onUpdateEndpoint(endpointOf(p));
      }
    }
    cluster.addListener(this);
  }

  /** The clock whose reading is recorded for each write (a simulation's {@code now}). */
  public void setClock(LongSupplier clock) {
    this.clock = clock;
  }

  @Override
  public CiliumVersion version() {
    return CiliumVersion.V1_10;
  }

  @Override
  public void onEvent(ClusterEvent e) {
    if (e instanceof ClusterEvent.PodUpserted u) {
      onUpdateEndpoint(endpointOf(u.now()));
    } else if (e instanceof ClusterEvent.PodDeleted d) {
      onDeleteEndpoint(d.old().uid());
    } else if (e instanceof ClusterEvent.PolicyUpserted u) {
      if (u.old() != null) {
        onDeleteEgressPolicy(u.old().metadata().name());
      }
      if (u.now() instanceof CiliumEgressNATPolicy c) {
        onAddEgressPolicy(PolicyConfig.parseCenp(c));
      }
    } else if (e instanceof ClusterEvent.PolicyDeleted d) {
      onDeleteEgressPolicy(d.old().metadata().name());
    }
  }

  private Endpoint endpointOf(Pod p) {
    Identity id = cluster.identities().lookup(p.identity());
    return new Endpoint(
        p.uid(),
        p.key(),
        p.ip(),
        p.identity(),
        id == null ? Labels.EMPTY : id.labels(),
        p.nodeName());
  }

  /** Models: pkg/egresspolicy/manager.go OnAddEgressPolicy (v1.10.0). False when rejected. */
  public boolean onAddEgressPolicy(PolicyConfig config) {
    if (policies.containsKey(config.name())) {
      reject(config, "a policy with this name already exists");
      return false;
    }
    for (PolicyConfig other : policies.values()) {
      if (other.egressSourceIp() == config.egressSourceIp()) {
        reject(
            config,
            "egressSourceIP "
                + Ip4.format(config.egressSourceIp())
                + " is already used by policy "
                + other.name()
                + "; Cilium 1.10.0-1.10.5 rejects a second policy with the same egressSourceIP");
        return false;
      }
    }
    policies.put(config.name(), config);
    for (Endpoint ep : endpoints.values()) {
      int sel = config.firstMatchingSelector(ep.identityLabels());
      if (sel >= 0) {
        selectedBy.computeIfAbsent(ep.uid(), k -> new LinkedHashSet<>()).add(config.name());
        write(config, sel, ep);
      }
    }
    tick();
    return true;
  }

  /** Models: pkg/egresspolicy/manager.go OnDeleteEgressPolicy (v1.10.0). */
  public void onDeleteEgressPolicy(String name) {
    PolicyConfig config = policies.remove(name);
    if (config == null) {
      return;
    }
    for (Endpoint ep : endpoints.values()) {
      Set<String> s = selectedBy.get(ep.uid());
      if (s != null && s.remove(name)) {
        erase(config, ep.ip());
      }
    }
    tick();
  }

  /** Models: pkg/egresspolicy/manager.go OnUpdateEndpoint (v1.10.0). */
  public void onUpdateEndpoint(Endpoint ep) {
    endpoints.put(ep.uid(), ep);
    Set<String> before = selectedBy.getOrDefault(ep.uid(), Set.of());
    for (String name : before) {
      PolicyConfig c = policies.get(name);
      if (c != null) {
        erase(c, ep.ip()); // the endpoint's new IP: entries of an old IP stay behind
      }
    }
    Set<String> now = new LinkedHashSet<>();
    for (PolicyConfig c : policies.values()) {
      int sel = c.firstMatchingSelector(ep.identityLabels());
      if (sel >= 0) {
        now.add(c.name());
        write(c, sel, ep);
      }
    }
    selectedBy.put(ep.uid(), now);
    tick();
  }

  /** Models: pkg/egresspolicy/manager.go OnDeleteEndpoint (v1.10.0). */
  public void onDeleteEndpoint(String uid) {
    Endpoint ep = endpoints.remove(uid);
    if (ep == null) {
      return;
    }
    for (String name : selectedBy.getOrDefault(uid, Set.of())) {
      PolicyConfig c = policies.get(name);
      if (c != null) {
        erase(c, ep.ip());
      }
    }
    selectedBy.remove(uid);
    tick();
  }

  private void write(PolicyConfig c, int sel, Endpoint ep) {
    for (int i = 0; i < c.destinationCIDRs().size(); i++) {
      Cidr4 d = c.destinationCIDRs().get(i);
      try {
        map.update(ep.ip(), d, c.egressSourceIp(), c.egressSourceIp());
        lastWriter.put(EntryKey.of(ep.ip(), d), new Contribution(c.name(), sel, ep, d, false, i));
      } catch (MapFullException e) {
        failures.add(EntryKey.of(ep.ip(), d));
      }
    }
  }

  private void erase(PolicyConfig c, int ip) {
    for (Cidr4 d : c.destinationCIDRs()) {
      map.delete(ip, d);
      lastWriter.remove(EntryKey.of(ip, d));
    }
  }

  private void reject(PolicyConfig c, String why) {
    rejections.add(
        new EgressWarning(
            WarningKind.POLICY_REJECTED, c.name(), "metadata.name", why, EgressWarning.CENP_LINK));
  }

  private void tick() {
    times.add(clock.getAsLong());
  }

  @Override
  public EgressPolicyMap4 mapFor(String node) {
    return map;
  }

  @Override
  public void start() {
    // 1.10.0 writes on every event; nothing is deferred to a sync
  }

  @Override
  public long reconciliationCount() {
    return times.size();
  }

  @Override
  public List<Long> reconciliationTimes() {
    return Collections.unmodifiableList(times);
  }

  @Override
  public List<EgressWarning> warnings() {
    List<EgressWarning> out = new ArrayList<>(rejections);
    if (!failures.isEmpty()) {
      out.add(
          new EgressWarning(
              WarningKind.MAP_FULL,
              "",
              "every node",
              "cilium_egress_v4 is full ("
                  + map.maxEntries()
                  + " entries): "
                  + failures.size()
                  + " writes failed with ENOSPC, e.g. "
                  + failures.get(0),
              EgressWarning.MAP_FULL_LINK));
    }
    return out;
  }

  @Override
  public EntryExplanation explain(String node, int sourceIp, Cidr4 destination) {
    EntryKey k = EntryKey.of(sourceIp, destination);
    Contribution c = lastWriter.get(k);
    List<Provenance> ps = new ArrayList<>();
    if (c != null) {
      int ip = policies.containsKey(c.policy()) ? policies.get(c.policy()).egressSourceIp() : 0;
      ps.add(new Provenance(c, null, 0, 1, 0, ip, ip));
    }
    return new EntryExplanation(
        node,
        k,
        map.get(sourceIp, destination),
        ps,
        times.isEmpty() ? -1 : times.get(times.size() - 1));
  }
}
