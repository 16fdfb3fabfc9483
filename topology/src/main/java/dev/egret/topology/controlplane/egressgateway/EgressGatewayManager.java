package dev.egret.topology.controlplane.egressgateway;

import dev.egret.datapath.egress.EgressPolicyEntry;
import dev.egret.datapath.egress.EgressPolicyMap4;
import dev.egret.datapath.maps.MapFullException;
import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.net.Ip4;
import dev.egret.sim.Rng;
import dev.egret.topology.cluster.Cluster;
import dev.egret.topology.cluster.ClusterEvent;
import dev.egret.topology.cluster.ClusterListener;
import dev.egret.topology.controlplane.CiliumVersion;
import dev.egret.topology.controlplane.egressgateway.EgressIpDerivation.Path;
import dev.egret.topology.controlplane.egressgateway.EntryExplanation.Provenance;
import dev.egret.topology.identity.Identity;
import dev.egret.topology.k8s.CiliumEgressGatewayPolicy;
import dev.egret.topology.k8s.K8sResource;
import dev.egret.topology.model.LabelSelector;
import dev.egret.topology.model.Labels;
import dev.egret.topology.model.Node;
import dev.egret.topology.model.Pod;
import dev.egret.topology.model.Requirement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The egress gateway manager of Cilium 1.16–1.18 for every node at once (pkg/egressgateway
 * manager.go and policy.go): it caches policies, nodes and endpoints as events arrive, and on each
 * reconciliation ({@link #reconcileLocked()}) regenerates gateway configs when the version says so
 * and rewrites every node's map against that map's own snapshot.
 *
 * <p><b>Per-node maps without copies.</b> The desired keys are the same on every node; values
 * differ only in the egress IP, which is non-zero only on a policy's gateway node. Nodes that are
 * not the gateway of any policy share one {@link EgressPolicyMap4}; each gateway node gets its own,
 * cloned from the shared map when it becomes a gateway and merged back once it is no longer a
 * gateway and holds the same entries. Every map is written against its own snapshot, so ENOSPC and
 * the conflict flip-flop behave per map as in Cilium (reference §3.2–3.4).
 *
 * <p><b>Incremental, same result.</b> Cilium recomputes the desired state from scratch on each
 * reconciliation. Here the desired state (key → contributions) is maintained incrementally:
 * endpoints are grouped by identity, an identity's matching policies are cached (found through a
 * label index over selectors), only the endpoints of identities some policy selects are cached (the
 * others are fetched from the cluster when a policy starts selecting their identity), and each
 * event adds or removes only the contributions it affects, marking their keys dirty. A
 * reconciliation then visits the dirty keys, the conflicting keys (which Cilium rewrites on every
 * run) and the keys a previous ENOSPC left unwritten — exactly the keys where a full diff against
 * the snapshot can find a difference. The update order when the map could overflow, and the order
 * of conflicting writes (Go map iteration), come from seeded streams ({@code egressgw/map/<node>}).
 * Costs: an endpoint event O(candidate policies + its entries); a policy event O(identities + its
 * entries); a reconciliation O(policies + dirty keys × gateway maps) for 1.16 (which regenerates
 * gateway configs every time), O(dirty keys × gateway maps) otherwise.
 */
public final class EgressGatewayManager implements EgressControlPlane, ClusterListener {
  /** {@code eventK8sSyncDone}. */
  public static final int EVENT_K8S_SYNC_DONE = 1;

  public static final int EVENT_ADD_POLICY = 1 << 1;
  public static final int EVENT_DELETE_POLICY = 1 << 2;
  public static final int EVENT_UPDATE_ENDPOINT = 1 << 3;
  public static final int EVENT_DELETE_ENDPOINT = 1 << 4;
  public static final int EVENT_UPDATE_NODE = 1 << 5;
  public static final int EVENT_DELETE_NODE = 1 << 6;

  private static final int REGENERATE_EVENTS =
      EVENT_K8S_SYNC_DONE
          | EVENT_ADD_POLICY
          | EVENT_DELETE_POLICY
          | EVENT_UPDATE_NODE
          | EVENT_DELETE_NODE;
  private static final String SHARED = "";

  private final Cluster cluster;
  private final CiliumVersion version;
  private final ReconcileTrigger trigger;
  private final int mapMax;
  private final Rng rng;

  private final TreeMap<String, PolicyState> policies = new TreeMap<>();
  private final Map<String, PolicyState> policyByName = new HashMap<>();
  private final SelectorIndex<PolicyState> selectorIndex = new SelectorIndex<>();
  private final NodeMatchIndex nodes = new NodeMatchIndex();
  private final Map<String, Endpoint> endpoints;
  private final Map<Integer, Set<Endpoint>> endpointsByIdentity = new HashMap<>();
  private final Map<Integer, Labels> identityLabels = new HashMap<>();

  /**
   * The identities of {@link #identityLabels} by label (key → value → ids): policy → identities.
   */
  private final Map<String, Map<String, Set<Integer>>> identitiesByLabel = new HashMap<>();

  private final Map<Integer, List<Match>> identityMatches = new HashMap<>();
  private final Map<String, Set<Endpoint>> endpointsByNode = new HashMap<>();
  private final Set<Integer> loadedIdentities = new HashSet<>();

  private final Map<EntryKey, List<Contribution>> desired = new HashMap<>();
  private final Set<EntryKey> dirty = new HashSet<>();
  private final Set<EntryKey> conflicts = new HashSet<>();

  private final MapState shared;
  private final TreeMap<String, MapState> nodeMaps = new TreeMap<>();
  private Set<String> gatewayNodes = Set.of();

  private int eventBits;
  private boolean started;
  private long reconciliations;
  private final List<Long> reconcileTimes = new ArrayList<>();

  private record Match(PolicyState policy, int selectorIndex) {}

  private static final class PolicyState {
    final PolicyConfig config;
    final Map<Endpoint, Integer> matched = new LinkedHashMap<>();
    final Set<Integer> matchedIdentities = new HashSet<>();
    final int[] perSelector;
    List<GatewayConfig> gateways = List.of();

    PolicyState(PolicyConfig c) {
      this.config = c;
      this.perSelector = new int[c.selectors().size()];
    }

    String name() {
      return config.name();
    }
  }

  private static final class MapState {
    final String node;
    final EgressPolicyMap4 map;
    final Set<EntryKey> unsatisfied = new HashSet<>();
    final Rng rng;
    final List<EntryKey> lastFailures = new ArrayList<>();

    MapState(String node, EgressPolicyMap4 map, Rng rng) {
      this.node = node;
      this.map = map;
      this.rng = rng;
    }
  }

  /**
   * A manager for {@code version} over {@code cluster}: it loads the cluster's current nodes,
   * policies and running pods, then listens to its events. Nothing is reconciled before {@link
   * #start()}.
   */
  public EgressGatewayManager(
      Cluster cluster, CiliumVersion version, ReconcileTrigger trigger, int mapMax, long seed) {
    if (version.natPolicyEra()) {
      throw new IllegalArgumentException("Cilium 1.10 uses EgressNatPolicyManager");
    }
    this.cluster = cluster;
    this.version = version;
    this.trigger = trigger;
    this.mapMax = mapMax;
    this.rng = Rng.root(seed).stream("controlplane/egressgw");
    this.endpoints = new HashMap<>();
    this.shared = new MapState(SHARED, new EgressPolicyMap4(mapMax), rng.stream("map/*"));
    trigger.bind(this::reconcileLocked);
    for (Node n : cluster.nodes()) {
      nodes.upsert(n);
    }
    for (K8sResource r : cluster.policies().values()) {
      if (r instanceof CiliumEgressGatewayPolicy c) {
        addPolicy(PolicyConfig.parseCegp(c, version));
      }
    }
    for (Identity id : cluster.identities().all()) {
      if (cluster.podCountWithIdentity(id.id()) > 0 && !matchesOf(id.id(), id.labels()).isEmpty()) {
        loadIdentity(id.id());
      }
    }
    cluster.addListener(this);
  }

  @Override
  public CiliumVersion version() {
    return version;
  }

  // ================================================================== events

  @Override
  public void onEvent(ClusterEvent e) {
    if (e instanceof ClusterEvent.PodUpserted u) {
      onPodUpserted(u.now());
    } else if (e instanceof ClusterEvent.PodDeleted d) {
      deleteEndpoint(d.old().uid());
    } else if (e instanceof ClusterEvent.NodeUpserted u) {
      nodes.upsert(u.now());
      if (version.sourceNodeSelector()
          && (u.old() == null || !u.old().labels().equals(u.now().labels()))) {
        reevaluateNode(u.now().name());
      }
      event(EVENT_UPDATE_NODE);
    } else if (e instanceof ClusterEvent.NodeDeleted d) {
      nodes.delete(d.old().name());
      if (version.sourceNodeSelector()) {
        reevaluateNode(d.old().name()); // its endpoints now have an unknown node: empty labels
      }
      event(EVENT_DELETE_NODE);
    } else if (e instanceof ClusterEvent.InterfaceAddressChanged c) {
      // netlink only: seen at the next regeneration, no reconciliation (reference §2.2)
      nodes.upsert(c.now());
    } else if (e instanceof ClusterEvent.PolicyUpserted u) {
      if (u.now() instanceof CiliumEgressGatewayPolicy c) {
        onAddEgressPolicy(PolicyConfig.parseCegp(c, version));
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

  /**
   * A pod (its CiliumEndpoint) created or changed. Endpoints are cached only for identities some
   * policy selects (or selected): a pod of an identity no policy selects cannot contribute an
   * entry, and if a policy starts selecting its identity later, the identity's pods are loaded from
   * the cluster then ({@link #loadIdentity}). Same results as caching every endpoint, as Cilium
   * does, for a fraction of the memory (the 150,000-pod benchmark caches 4,000).
   */
  private void onPodUpserted(Pod now) {
    Endpoint after = endpointOf(now);
    Endpoint before = endpoints.get(now.uid());
    if (after.equals(before)) {
      return;
    }
    if (before != null) {
      removeEndpoint(before);
    }
    if (loadedIdentities.contains(after.identity())) {
      upsertEndpointInternal(after);
    } else if (!matchesOf(after.identity(), after.identityLabels()).isEmpty()) {
      loadIdentity(after.identity());
    }
    event(EVENT_UPDATE_ENDPOINT);
  }

  /** Caches every running pod of {@code identity} as an endpoint (the identity became selected). */
  private void loadIdentity(int identity) {
    if (!loadedIdentities.add(identity)) {
      return;
    }
    for (Pod p : cluster.podsWithIdentity(identity)) {
      upsertEndpointInternal(endpointOf(p));
    }
  }

  /** Models: manager.go onAddEgressPolicy (parse done by the caller): replaces by name. */
  public void onAddEgressPolicy(PolicyConfig config) {
    PolicyState old = policies.get(config.name());
    if (old != null) {
      removePolicy(old);
    }
    addPolicy(config);
    event(EVENT_ADD_POLICY);
  }

  /** Models: manager.go onDeleteEgressPolicy. */
  public void onDeleteEgressPolicy(String name) {
    PolicyState old = policies.get(name);
    if (old != null) {
      removePolicy(old);
    }
    event(EVENT_DELETE_POLICY);
  }

  /** Models: manager.go addEndpoint (a CiliumEndpoint upsert, keyed by UID since 1.15). */
  public void upsertEndpoint(Endpoint ep) {
    upsertEndpointInternal(ep);
    event(EVENT_UPDATE_ENDPOINT);
  }

  /** Models: manager.go deleteEndpoint. */
  public void deleteEndpoint(String uid) {
    Endpoint old = endpoints.get(uid);
    if (old != null) {
      removeEndpoint(old);
    }
    event(EVENT_DELETE_ENDPOINT);
  }

  private void event(int bit) {
    eventBits |= bit;
    if (started) {
      trigger.request();
    }
  }

  @Override
  public void start() {
    started = true;
    event(EVENT_K8S_SYNC_DONE);
  }

  // ================================================================== cache maintenance

  private void addPolicy(PolicyConfig config) {
    PolicyState ps = new PolicyState(config);
    policies.put(config.name(), ps);
    policyByName.put(config.name(), ps);
    List<LabelSelector> sel = new ArrayList<>();
    for (EndpointSelector s : config.selectors()) {
      sel.add(s.selector());
    }
    selectorIndex.add(ps, sel);
    for (int id : candidateIdentities(sel)) {
      int idx = config.firstMatchingSelector(identityLabels.get(id));
      if (idx < 0) {
        continue;
      }
      identityMatches.get(id).add(new Match(ps, idx));
      ps.matchedIdentities.add(id);
      for (Endpoint ep : List.copyOf(endpointsByIdentity.getOrDefault(id, Set.of()))) {
        if (config.admitsNode(nodeLabels(ep))) {
          addMatch(ps, ep, idx);
        }
      }
      // pods of an identity no policy selected before are loaded now (with every match)
      loadIdentity(id);
    }
  }

  private void removePolicy(PolicyState ps) {
    policies.remove(ps.name());
    policyByName.remove(ps.name());
    selectorIndex.remove(ps);
    for (int id : ps.matchedIdentities) {
      List<Match> ms = identityMatches.get(id);
      if (ms != null) {
        ms.removeIf(m -> m.policy == ps);
      }
    }
    for (Endpoint ep : List.copyOf(ps.matched.keySet())) {
      removeMatch(ps, ep);
    }
    gatewayDirty = true;
  }

  private boolean gatewayDirty;

  private void upsertEndpointInternal(Endpoint ep) {
    Endpoint old = endpoints.get(ep.uid());
    if (old != null) {
      if (old.equals(ep)) {
        return;
      }
      removeEndpoint(old);
    }
    endpoints.put(ep.uid(), ep);
    endpointsByIdentity.computeIfAbsent(ep.identity(), k -> new LinkedHashSet<>()).add(ep);
    if (version.sourceNodeSelector()) {
      endpointsByNode.computeIfAbsent(ep.nodeName(), k -> new LinkedHashSet<>()).add(ep);
    }
    for (Match m : matchesOf(ep.identity(), ep.identityLabels())) {
      if (m.policy.config.admitsNode(nodeLabels(ep))) {
        addMatch(m.policy, ep, m.selectorIndex);
      }
    }
  }

  private void removeEndpoint(Endpoint ep) {
    endpoints.remove(ep.uid());
    Set<Endpoint> s = endpointsByIdentity.get(ep.identity());
    if (s != null) {
      s.remove(ep);
    }
    Set<Endpoint> n = endpointsByNode.get(ep.nodeName());
    if (n != null) {
      n.remove(ep);
    }
    for (Match m : identityMatches.getOrDefault(ep.identity(), List.of())) {
      if (m.policy.matched.containsKey(ep)) {
        removeMatch(m.policy, ep);
      }
    }
  }

  /**
   * The identities some of {@code selectors} may select, in ascending order: for each selector, the
   * identities carrying one of the values of its most selective {@code In}/equality requirement
   * (the {@link SelectorIndex} key, seen from the other side); every known identity when a selector
   * has none. O(candidates log candidates) instead of O(identities) per policy.
   */
  private int[] candidateIdentities(List<LabelSelector> selectors) {
    Set<Integer> out = new HashSet<>();
    for (LabelSelector s : selectors) {
      Requirement key = SelectorIndex.indexKey(s);
      if (key == null) {
        out = identityLabels.keySet();
        break;
      }
      Map<String, Set<Integer>> byValue = identitiesByLabel.getOrDefault(key.key(), Map.of());
      for (String v : key.values()) {
        out.addAll(byValue.getOrDefault(v, Set.of()));
      }
    }
    int[] ids = new int[out.size()];
    int i = 0;
    for (int id : out) {
      ids[i++] = id;
    }
    Arrays.sort(ids);
    return ids;
  }

  private List<Match> matchesOf(int identity, Labels labels) {
    List<Match> ms = identityMatches.get(identity);
    if (ms == null) {
      identityLabels.put(identity, labels);
      for (Map.Entry<String, String> e : labels.asMap().entrySet()) {
        identitiesByLabel
            .computeIfAbsent(e.getKey(), k -> new HashMap<>())
            .computeIfAbsent(e.getValue(), k -> new HashSet<>())
            .add(identity);
      }
      ms = new ArrayList<>();
      for (PolicyState ps : selectorIndex.candidates(labels)) {
        int idx = ps.config.firstMatchingSelector(labels);
        if (idx >= 0) {
          ms.add(new Match(ps, idx));
          ps.matchedIdentities.add(identity);
        }
      }
      identityMatches.put(identity, ms);
    }
    return ms;
  }

  /** ≥1.17: a node's labels changed; endpoints on it may enter or leave nodeSelector policies. */
  private void reevaluateNode(String node) {
    for (Endpoint ep : List.copyOf(endpointsByNode.getOrDefault(node, Set.of()))) {
      for (Match m : matchesOf(ep.identity(), ep.identityLabels())) {
        if (m.policy.config.nodeSelectors().isEmpty()) {
          continue;
        }
        boolean admit = m.policy.config.admitsNode(nodeLabels(ep));
        boolean has = m.policy.matched.containsKey(ep);
        if (admit && !has) {
          addMatch(m.policy, ep, m.selectorIndex);
        } else if (!admit && has) {
          removeMatch(m.policy, ep);
        }
      }
    }
  }

  private Labels nodeLabels(Endpoint ep) {
    Node n = nodes.get(ep.nodeName());
    return n == null ? Labels.EMPTY : n.labels();
  }

  private void addMatch(PolicyState ps, Endpoint ep, int selector) {
    ps.matched.put(ep, selector);
    countSelectors(ps, ep, 1);
    List<Cidr4> dst = ps.config.destinationCIDRs();
    for (int i = 0; i < dst.size(); i++) {
      addContribution(new Contribution(ps.name(), selector, ep, dst.get(i), false, i));
    }
    List<Cidr4> exc = ps.config.excludedCIDRs();
    for (int i = 0; i < exc.size(); i++) {
      addContribution(new Contribution(ps.name(), selector, ep, exc.get(i), true, i));
    }
  }

  private void removeMatch(PolicyState ps, Endpoint ep) {
    Integer selector = ps.matched.remove(ep);
    countSelectors(ps, ep, -1);
    List<Cidr4> dst = ps.config.destinationCIDRs();
    for (int i = 0; i < dst.size(); i++) {
      removeContribution(new Contribution(ps.name(), selector, ep, dst.get(i), false, i));
    }
    List<Cidr4> exc = ps.config.excludedCIDRs();
    for (int i = 0; i < exc.size(); i++) {
      removeContribution(new Contribution(ps.name(), selector, ep, exc.get(i), true, i));
    }
  }

  /** Counts the endpoint for every selectors[] item that matches it, not just the first. */
  private static void countSelectors(PolicyState ps, Endpoint ep, int delta) {
    long mask = ps.config.matchingSelectorsMask(ep.identityLabels());
    for (int i = 0; i < ps.perSelector.length && i < Long.SIZE; i++) {
      if ((mask & (1L << i)) != 0) {
        ps.perSelector[i] += delta;
      }
    }
  }

  private void addContribution(Contribution c) {
    EntryKey k = EntryKey.of(c.endpoint().ip(), c.cidr());
    List<Contribution> cs = desired.computeIfAbsent(k, x -> new ArrayList<>(1));
    cs.add(c);
    if (cs.size() > 1) {
      conflicts.add(k);
    }
    dirty.add(k);
  }

  private void removeContribution(Contribution c) {
    EntryKey k = EntryKey.of(c.endpoint().ip(), c.cidr());
    List<Contribution> cs = desired.get(k);
    if (cs == null) {
      return;
    }
    cs.remove(c);
    if (cs.size() < 2) {
      conflicts.remove(k);
    }
    if (cs.isEmpty()) {
      desired.remove(k);
    }
    dirty.add(k);
  }

  private void markPolicyKeysDirty(PolicyState ps) {
    for (Endpoint ep : ps.matched.keySet()) {
      for (Cidr4 c : ps.config.destinationCIDRs()) {
        dirty.add(EntryKey.of(ep.ip(), c));
      }
      for (Cidr4 c : ps.config.excludedCIDRs()) {
        dirty.add(EntryKey.of(ep.ip(), c));
      }
    }
  }

  // ================================================================== reconciliation

  /** Models: pkg/egressgateway/manager.go reconcileLocked (v1.16; event bits per version). */
  void reconcileLocked() {
    boolean regenerate =
        version.regenerateOnEndpointEvents()
            || (eventBits & REGENERATE_EVENTS) != 0
            || gatewayDirty;
    if (regenerate) {
      regenerateGatewayConfigs();
    }
    updateEgressRules();
    eventBits = 0;
    gatewayDirty = false;
    reconciliations++;
    reconcileTimes.add(trigger.now());
  }

  /** Models: pkg/egressgateway/policy.go regenerateGatewayConfig (v1.16), for every policy. */
  private void regenerateGatewayConfigs() {
    Set<String> gws = new TreeSet<>();
    for (PolicyState ps : policies.values()) {
      List<GatewayConfig> now = gatewayConfigs(ps.config);
      if (!sameValues(ps.gateways, now)) {
        markPolicyKeysDirty(ps);
      }
      ps.gateways = now;
      for (GatewayConfig g : now) {
        if (g.node() != null) {
          gws.add(g.node());
        }
      }
    }
    gatewayNodes = gws;
  }

  private static boolean sameValues(List<GatewayConfig> a, List<GatewayConfig> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!a.get(i).sameValues(b.get(i))) {
        return false;
      }
    }
    return true;
  }

  private List<GatewayConfig> gatewayConfigs(PolicyConfig config) {
    List<GatewayConfig> out = new ArrayList<>(config.gateways().size());
    for (int i = 0; i < config.gateways().size(); i++) {
      GatewaySpec spec = config.gateways().get(i);
      NodeMatchIndex.Matches m = nodes.matches(spec.nodeSelector());
      Node n = m.first();
      if (n == null) {
        out.add(
            new GatewayConfig(
                i,
                null,
                EgressPolicyMap4.EGRESS_GATEWAY_NO_GATEWAY,
                "none",
                List.of(),
                0,
                new EgressIpDerivation(Path.NO_GATEWAY, 0, null, 0, "no node matches")));
        continue;
      }
      out.add(
          new GatewayConfig(
              i,
              n.name(),
              n.k8sNodeIp(),
              n.k8sNodeIpSource(),
              m.firstNames(),
              m.count(),
              EgressIpDeriver.derive(n, spec, version)));
    }
    if (out.size() > 1) {
      out.sort((x, y) -> Integer.compareUnsigned(x.gatewayIp(), y.gatewayIp()));
    }
    return out;
  }

  private GatewayConfig gatewayFor(PolicyState ps, Endpoint ep) {
    int n = ps.gateways.size();
    if (n == 0) {
      return null;
    }
    return n == 1 ? ps.gateways.get(0) : ps.gateways.get(slot(ep, n));
  }

  private static int slot(Endpoint ep, int n) {
    return (int) (Fnv1a32.hash(ep.uid()) % n);
  }

  /** The (egress IP, gateway IP) a contribution asks for on {@code node}; null without gateway. */
  private long valueOf(Contribution c, String node) {
    PolicyState ps = policyByName.get(c.policy());
    GatewayConfig g = gatewayFor(ps, c.endpoint());
    if (g == null) {
      return Long.MIN_VALUE;
    }
    int egress = g.egressIpOn(node);
    int gateway = c.excluded() ? EgressPolicyMap4.EGRESS_GATEWAY_EXCLUDED_CIDR : g.gatewayIp();
    return ((long) egress << 32) | (gateway & 0xffffffffL);
  }

  /** Models: pkg/egressgateway/manager.go updateEgressRules4 (v1.16), for every node's map. */
  private void updateEgressRules() {
    List<String> fresh = new ArrayList<>();
    for (String g : gatewayNodes) {
      if (!nodeMaps.containsKey(g)) {
        fresh.add(g);
      }
    }
    // A new gateway map starts as a copy of the shared map before this reconciliation. When no
    // write of this run can fail or depend on random order (no conflicts, room for every dirty
    // key), copying the shared map after its writes and then writing the new gateway's own values
    // gives the same map for less work.
    boolean deterministic =
        conflicts.isEmpty()
            && shared.map.size() + dirty.size() + shared.unsatisfied.size() < mapMax;
    if (!deterministic) {
      for (String g : fresh) {
        nodeMaps.put(g, cloneShared(g));
        mapAssignments++;
      }
    }
    apply(shared, allCandidates(shared));
    for (MapState ms : List.copyOf(nodeMaps.values())) {
      apply(ms, allCandidates(ms));
      if (!gatewayNodes.contains(ms.node)
          && ms.unsatisfied.equals(shared.unsatisfied)
          && ms.map.dump().equals(shared.map.dump())) {
        nodeMaps.remove(ms.node);
        mapAssignments++;
      }
    }
    if (deterministic && !fresh.isEmpty()) {
      List<EgressPolicyEntry> snapshot = shared.map.dump();
      Map<String, List<EntryKey>> owned = ownedKeys(Set.copyOf(fresh));
      for (String g : fresh) {
        MapState ms = cloneOf(snapshot, g);
        nodeMaps.put(g, ms);
        mapAssignments++;
        apply(ms, owned.getOrDefault(g, List.of()));
      }
    }
    dirty.clear();
  }

  /**
   * Keys whose value on each of {@code nodes} differs from the shared one: their policies' keys.
   */
  private Map<String, List<EntryKey>> ownedKeys(Set<String> nodes) {
    Map<String, List<EntryKey>> out = new HashMap<>();
    for (PolicyState ps : policies.values()) {
      Set<String> owners = new TreeSet<>();
      for (GatewayConfig g : ps.gateways) {
        if (g.node() != null && nodes.contains(g.node())) {
          owners.add(g.node());
        }
      }
      for (String node : owners) {
        List<EntryKey> keys = out.computeIfAbsent(node, k -> new ArrayList<>());
        for (Endpoint ep : ps.matched.keySet()) {
          for (Cidr4 c : ps.config.destinationCIDRs()) {
            keys.add(EntryKey.of(ep.ip(), c));
          }
          for (Cidr4 c : ps.config.excludedCIDRs()) {
            keys.add(EntryKey.of(ep.ip(), c));
          }
        }
      }
    }
    return out;
  }

  /** Conflicting keys (sorted: their random draws happen in this order), dirty, unsatisfied. */
  private List<EntryKey> allCandidates(MapState ms) {
    List<EntryKey> out = new ArrayList<>(conflicts.size() + dirty.size() + ms.unsatisfied.size());
    if (!conflicts.isEmpty()) {
      out.addAll(new TreeSet<>(conflicts));
    }
    for (EntryKey k : dirty) {
      if (!conflicts.contains(k)) {
        out.add(k);
      }
    }
    for (EntryKey k : ms.unsatisfied) {
      if (!conflicts.contains(k) && !dirty.contains(k)) {
        out.add(k);
      }
    }
    return out;
  }

  private MapState cloneShared(String node) {
    return cloneOf(shared.map.dump(), node);
  }

  private MapState cloneOf(List<EgressPolicyEntry> snapshot, String node) {
    EgressPolicyMap4 m = new EgressPolicyMap4(mapMax);
    for (EgressPolicyEntry e : snapshot) {
      try {
        m.update(e);
      } catch (MapFullException ex) {
        throw new IllegalStateException(ex);
      }
    }
    MapState ms = new MapState(node, m, rng.stream("map/" + node));
    ms.unsatisfied.addAll(shared.unsatisfied);
    return ms;
  }

  private record Write(EntryKey key, Cidr4 cidr, int egress, int gateway, boolean isNew) {}

  private void apply(MapState ms, List<EntryKey> candidates) {
    List<Write> writes = new ArrayList<>();
    List<EntryKey> deletes = new ArrayList<>();
    for (EntryKey k : candidates) {
      plan(ms, k, writes, deletes);
    }
    int newKeys = 0;
    for (Write w : writes) {
      if (w.isNew) {
        newKeys++;
      }
    }
    // Once the map is full even a replacement fails (ENOSPC before the key lookup), so order
    // matters as soon as the writes can fill it.
    if (!writes.isEmpty() && ms.map.size() + newKeys >= ms.map.maxEntries()) {
      // Which writes fail depends on Go's random iteration order: a seeded shuffle of a
      // canonical order, so runs are reproducible (reference §3.4).
      writes.sort((a, b) -> a.key.compareTo(b.key));
      shuffle(writes, ms.rng);
    }
    ms.lastFailures.clear();
    for (Write w : writes) {
      try {
        ms.map.update(w.key.sourceIp(), w.cidr, w.egress, w.gateway);
        ms.unsatisfied.remove(w.key);
      } catch (MapFullException e) {
        ms.unsatisfied.add(w.key);
        ms.lastFailures.add(w.key);
      }
    }
    for (EntryKey k : deletes) {
      ms.map.delete(k.sourceIp(), k.cidr());
      ms.unsatisfied.remove(k);
    }
  }

  private void plan(MapState ms, EntryKey k, List<Write> writes, List<EntryKey> deletes) {
    List<Contribution> cs = desired.get(k);
    EgressPolicyEntry cur = ms.map.get(k.sourceIp(), k.cidr());
    if (cs == null || cs.isEmpty()) {
      if (cur != null) {
        deletes.add(k);
      }
      return;
    }
    List<Contribution> order = cs;
    if (cs.size() > 1) {
      // Go map order over policies (and within one policy over CIDRs) is random: every value
      // that differs from the snapshot is written, the last one wins (reference §3.3).
      order = new ArrayList<>(cs);
      order.sort(Comparator.INSTANCE);
      shuffle(order, ms.rng);
    }
    boolean any = false;
    for (Contribution c : order) {
      long v = valueOf(c, ms.node);
      if (v == Long.MIN_VALUE) {
        continue;
      }
      int egress = (int) (v >>> 32);
      int gateway = (int) v;
      if (cur == null || cur.egressIp() != egress || cur.gatewayIp() != gateway) {
        writes.add(new Write(k, c.cidr(), egress, gateway, cur == null));
        any = true;
      }
    }
    if (!any) {
      ms.unsatisfied.remove(k);
    }
  }

  private enum Comparator implements java.util.Comparator<Contribution> {
    INSTANCE;

    @Override
    public int compare(Contribution a, Contribution b) {
      int c = a.policy().compareTo(b.policy());
      if (c == 0) {
        c = Boolean.compare(a.excluded(), b.excluded());
      }
      if (c == 0) {
        c = Integer.compare(a.cidrIndex(), b.cidrIndex());
      }
      return c != 0 ? c : a.endpoint().uid().compareTo(b.endpoint().uid());
    }
  }

  private static <T> void shuffle(List<T> list, Rng r) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      T t = list.get(i);
      list.set(i, list.get(j));
      list.set(j, t);
    }
  }

  // ================================================================== queries

  @Override
  public long mapAssignmentVersion() {
    return mapAssignments;
  }

  private long mapAssignments;

  @Override
  public EgressPolicyMap4 mapFor(String node) {
    MapState ms = nodeMaps.get(node);
    return ms != null ? ms.map : shared.map;
  }

  /** Whether {@code node} has a map of its own (it is, or just was, a gateway). */
  public boolean hasOwnMap(String node) {
    return nodeMaps.containsKey(node);
  }

  /** The nodes chosen as a gateway by some policy at the last regeneration. */
  public Set<String> gatewayNodes() {
    return Collections.unmodifiableSet(gatewayNodes);
  }

  /** The gateway configs of a policy at the last regeneration (sorted by IP when several). */
  public List<GatewayConfig> gatewayConfigs(String policy) {
    PolicyState ps = policies.get(policy);
    return ps == null ? List.of() : ps.gateways;
  }

  /** The endpoints a policy selects now. */
  public List<Endpoint> matchedEndpoints(String policy) {
    PolicyState ps = policies.get(policy);
    return ps == null ? List.of() : List.copyOf(ps.matched.keySet());
  }

  /** The installed policies' names. */
  public Set<String> policyNames() {
    return Collections.unmodifiableSet(policies.keySet());
  }

  /** The number of desired keys (the same on every node). */
  public int desiredSize() {
    return desired.size();
  }

  /**
   * The desired state as text, one line per key and contribution, sorted: for comparing an
   * incrementally maintained manager with one built from scratch.
   */
  public List<String> desiredState() {
    List<String> out = new ArrayList<>();
    for (Map.Entry<EntryKey, List<Contribution>> e : new TreeMap<>(desired).entrySet()) {
      List<String> cs = new ArrayList<>();
      for (Contribution c : e.getValue()) {
        cs.add(
            c.policy()
                + "#"
                + c.selectorIndex()
                + " "
                + c.cidrField()
                + "="
                + c.cidr()
                + " "
                + c.endpoint().uid());
      }
      Collections.sort(cs);
      out.add(e.getKey() + " " + cs);
    }
    return out;
  }

  @Override
  public long reconciliationCount() {
    return reconciliations;
  }

  @Override
  public List<Long> reconciliationTimes() {
    return Collections.unmodifiableList(reconcileTimes);
  }

  /** The time of the last reconciliation, or -1 before the first. */
  public long lastReconciliation() {
    return reconcileTimes.isEmpty() ? -1 : reconcileTimes.get(reconcileTimes.size() - 1);
  }

  @Override
  public EntryExplanation explain(String node, int sourceIp, Cidr4 destination) {
    EntryKey k = EntryKey.of(sourceIp, destination);
    List<Provenance> ps = new ArrayList<>();
    for (Contribution c : desired.getOrDefault(k, List.of())) {
      PolicyState p = policies.get(c.policy());
      GatewayConfig g = gatewayFor(p, c.endpoint());
      int n = p.gateways.size();
      long v = valueOf(c, mapFor(node) == shared.map ? SHARED : node);
      ps.add(
          new Provenance(
              c,
              g,
              n > 1 ? slot(c.endpoint(), n) : 0,
              n,
              Fnv1a32.hash(c.endpoint().uid()),
              (int) (v >>> 32),
              (int) v));
    }
    return new EntryExplanation(
        node, k, mapFor(node).get(sourceIp, destination), ps, lastReconciliation());
  }

  @Override
  public List<EgressWarning> warnings() {
    List<EgressWarning> out = new ArrayList<>();
    for (EntryKey k : new TreeSet<>(conflicts)) {
      List<Contribution> cs = desired.get(k);
      Set<String> names = new TreeSet<>();
      boolean sameValue = true;
      long first = valueOf(cs.get(0), SHARED);
      for (Contribution c : cs) {
        names.add(c.policy());
        sameValue &= valueOf(c, SHARED) == first;
      }
      String who =
          names.size() == 1
              ? "policy "
                  + names.iterator().next()
                  + " writes it from both a destinationCIDR and an excludedCIDR"
              : "policies " + String.join(" and ", names) + " both write it";
      out.add(
          new EgressWarning(
              WarningKind.CONFLICTING_KEY,
              names.iterator().next(),
              k.toString(),
              who
                  + (sameValue
                      ? " with the same value; Cilium rewrites it on every reconciliation"
                      : "; Cilium has no precedence rule: each reconciliation writes the value"
                          + " that differs from the map, so the entry flips between them (the"
                          + " last writer in random order wins)"),
              EgressWarning.CONFLICT_LINK));
    }
    for (PolicyState ps : policies.values()) {
      PolicyConfig c = ps.config;
      for (int i = 0; i < c.excludedCIDRs().size(); i++) {
        Cidr4 x = c.excludedCIDRs().get(i);
        boolean inside = false;
        for (Cidr4 d : c.destinationCIDRs()) {
          inside |= d.covers(x);
        }
        if (!inside) {
          out.add(
              new EgressWarning(
                  WarningKind.EXCLUDED_CIDR_OUTSIDE_DESTINATIONS,
                  ps.name(),
                  "spec.excludedCIDRs[" + i + "]",
                  x
                      + " is not inside any destinationCIDR; Cilium accepts it but it excludes"
                      + " nothing (it only adds entries with gateway 0.0.0.1), except from any"
                      + " other policy whose destinations cover it: those longer-prefix entries"
                      + " win there",
                  EgressWarning.EXCLUDED_LINK));
        }
      }
      for (int i = 0; i < Math.min(ps.perSelector.length, Long.SIZE); i++) {
        if (ps.perSelector[i] == 0) {
          out.add(
              new EgressWarning(
                  WarningKind.SELECTOR_MATCHES_NO_POD,
                  ps.name(),
                  "spec.selectors[" + i + "]",
                  "matches no running pod ("
                      + c.selectors().get(i).selector()
                      + " on identity labels); Cilium keeps the policy and writes no entry for"
                      + " this selector until such a pod runs",
                  EgressWarning.DOCS_LINK));
        }
      }
      for (GatewayConfig g : ps.gateways) {
        String field =
            c.gateways().size() > 1
                ? "spec.egressGateways[" + g.specIndex() + "]"
                : "spec.egressGateway";
        if (g.node() == null) {
          out.add(
              new EgressWarning(
                  WarningKind.GATEWAY_MATCHES_NO_NODE,
                  ps.name(),
                  field + ".nodeSelector",
                  "matches no node ("
                      + c.gateways().get(g.specIndex()).nodeSelector()
                      + "): entries get gateway 0.0.0.0 and Cilium drops the matching traffic"
                      + " (NO_EGRESS_GATEWAY)",
                  EgressWarning.DOCS_LINK));
        } else if (g.derivation().failed()) {
          out.add(
              new EgressWarning(
                  WarningKind.EGRESS_IP_NOT_FOUND,
                  ps.name(),
                  field,
                  "gateway "
                      + g.node()
                      + " cannot derive its egress IP ("
                      + g.derivation().failure()
                      + "); its map gets egress IP "
                      + Ip4.format(g.derivation().egressIp())
                      + (g.derivation().egressIp() == 0
                          ? " and the gateway drops the traffic (DROP_NO_EGRESS_IP)"
                          : ""),
                  EgressWarning.DOCS_LINK));
        }
      }
    }
    List<MapState> all = new ArrayList<>();
    all.add(shared);
    all.addAll(nodeMaps.values());
    for (MapState ms : all) {
      if (!ms.lastFailures.isEmpty() || !ms.unsatisfied.isEmpty()) {
        Set<EntryKey> missing = new TreeSet<>(ms.unsatisfied);
        out.add(
            new EgressWarning(
                WarningKind.MAP_FULL,
                policyOf(missing),
                ms.node.isEmpty() ? "every non-gateway node" : "node " + ms.node,
                "the egress policy map is full ("
                    + ms.map.maxEntries()
                    + " entries, egressPolicyMapMax): "
                    + missing.size()
                    + (missing.size() == 1
                        ? " desired entry is missing"
                        : " desired entries are missing")
                    + " (ENOSPC; which ones depends on iteration"
                    + " order), e.g. "
                    + (missing.isEmpty() ? "none" : missing.iterator().next())
                    + "; Cilium logs the error and retries at the next reconciliation; raise"
                    + " --egress-gateway-policy-map-max (Helm egressGateway.maxPolicyEntries)",
                EgressWarning.MAP_FULL_LINK));
      }
    }
    return out;
  }

  private String policyOf(Collection<EntryKey> keys) {
    for (EntryKey k : keys) {
      List<Contribution> cs = desired.get(k);
      if (cs != null && !cs.isEmpty()) {
        return cs.get(0).policy();
      }
    }
    return "";
  }

  @Override
  public String toString() {
    return "EgressGatewayManager("
        + version
        + ", "
        + policies.size()
        + " policies, "
        + endpoints.size()
        + " endpoints, "
        + desired.size()
        + " keys, "
        + nodeMaps.size()
        + " gateway maps)";
  }
}
