package dev.egret.topology.cluster;

import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.net.Ip4;
import dev.egret.sim.Rng;
import dev.egret.topology.cluster.ClusterEvent.InterfaceAddressChanged;
import dev.egret.topology.cluster.ClusterEvent.NamespaceDeleted;
import dev.egret.topology.cluster.ClusterEvent.NamespaceUpserted;
import dev.egret.topology.cluster.ClusterEvent.NodeDeleted;
import dev.egret.topology.cluster.ClusterEvent.NodeUpserted;
import dev.egret.topology.cluster.ClusterEvent.PodDeleted;
import dev.egret.topology.cluster.ClusterEvent.PodUpserted;
import dev.egret.topology.cluster.ClusterEvent.PolicyDeleted;
import dev.egret.topology.cluster.ClusterEvent.PolicyUpserted;
import dev.egret.topology.identity.IdentityAllocator;
import dev.egret.topology.identity.IpCache;
import dev.egret.topology.identity.LabelFilter;
import dev.egret.topology.ipam.Ipam;
import dev.egret.topology.k8s.CiliumEgressGatewayPolicy;
import dev.egret.topology.k8s.CiliumEgressNATPolicy;
import dev.egret.topology.k8s.DaemonSetResource;
import dev.egret.topology.k8s.DeploymentResource;
import dev.egret.topology.k8s.K8sResource;
import dev.egret.topology.k8s.NamespaceResource;
import dev.egret.topology.k8s.NodeResource;
import dev.egret.topology.k8s.PodResource;
import dev.egret.topology.model.AddressType;
import dev.egret.topology.model.Interface;
import dev.egret.topology.model.Labels;
import dev.egret.topology.model.Namespace;
import dev.egret.topology.model.Node;
import dev.egret.topology.model.NodeAddress;
import dev.egret.topology.model.NodeNetwork;
import dev.egret.topology.model.NodeNetwork.InterfaceSpec;
import dev.egret.topology.model.Pod;
import dev.egret.topology.scheduling.Names;
import dev.egret.topology.scheduling.Scheduler;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The cluster's state and the one place it changes: nodes, namespaces, pods (with IPAM, identity
 * allocation and scheduling), Deployments and DaemonSets (which create and delete pods), and the
 * installed egress policies. Every change is announced to the {@link ClusterListener}s as a {@link
 * ClusterEvent}, after the state is updated, in the order Kubernetes informers would deliver them;
 * the egress gateway manager is such a listener.
 *
 * <p>Inputs may arrive in any order: a pod naming a node that does not exist yet stays pending and
 * is placed when the node arrives; a pod whose namespace is unknown gets the namespace's labels
 * when it arrives. Costs: pod operations O(1) plus the scheduler's O(nodes) when it must choose; a
 * namespace relabel O(pods in it). Not thread-safe.
 */
public final class Cluster {
  private final ClusterConfig config;
  private final Rng rng;
  private final TreeMap<String, Node> nodes = new TreeMap<>();

  /**
   * {@link Scheduler#fitting} per nodeSelector, dropped whenever a node changes: a cluster of W
   * workloads over N nodes costs O(N) per distinct selector instead of O(N) per workload.
   */
  private final Map<Labels, List<Node>> fittingCache = new HashMap<>();

  private final Map<String, Integer> declaredInterfaces = new HashMap<>();
  private final Map<String, Integer> nextLxc = new HashMap<>();
  private final Map<String, Namespace> namespaces = new HashMap<>();
  private final Map<String, Pod> pods = new LinkedHashMap<>();
  private final Map<String, Set<String>> podsByNamespace = new HashMap<>();
  private final Map<String, Set<String>> podsByNode = new HashMap<>();
  private final Map<Integer, Set<String>> podsByIdentity = new HashMap<>();
  private final Map<String, Integer> podCount = new HashMap<>();
  private final Map<String, String> pending = new LinkedHashMap<>();
  private final Map<String, String> preferredNode = new HashMap<>();
  private final TreeMap<String, K8sResource> policies = new TreeMap<>();
  private final Map<String, Workload> workloads = new LinkedHashMap<>();
  private final IdentityAllocator identities = new IdentityAllocator();
  private final IpCache ipCache = new IpCache();
  private final Ipam ipam;
  private final List<ClusterListener> listeners = new ArrayList<>();
  private final List<ClusterNotice> notices = new ArrayList<>();

  private static final class Workload {
    K8sResource resource;
    final List<String> pods = new ArrayList<>();
    long nextOrdinal;
    String templateHash;
    final Rng rng;

    Workload(K8sResource r, Rng rng) {
      this.resource = r;
      this.rng = rng;
    }
  }

  public Cluster(ClusterConfig config) {
    this.config = config;
    this.rng = Rng.root(config.seed()).stream("cluster");
    this.ipam = new Ipam(config.clusterPool(), config.podCidrMask());
  }

  public ClusterConfig config() {
    return config;
  }

  // ================================================================== listeners

  public void addListener(ClusterListener l) {
    listeners.add(l);
  }

  public void removeListener(ClusterListener l) {
    listeners.remove(l);
  }

  private void emit(ClusterEvent e) {
    for (ClusterListener l : List.copyOf(listeners)) {
      l.onEvent(e);
    }
  }

  // ================================================================== queries

  /** Nodes sorted by name (byte-wise for ASCII names, as Cilium sorts them). */
  public Collection<Node> nodes() {
    return Collections.unmodifiableCollection(nodes.values());
  }

  /** The name-sorted node map (read-only). */
  public NavigableMap<String, Node> nodeMap() {
    return Collections.unmodifiableNavigableMap(nodes);
  }

  public Node node(String name) {
    return nodes.get(name);
  }

  public Namespace namespace(String name) {
    return namespaces.get(name);
  }

  public Collection<Namespace> namespaces() {
    return Collections.unmodifiableCollection(namespaces.values());
  }

  /** The pod {@code namespace/name}, or null. */
  public Pod pod(String key) {
    return pods.get(key);
  }

  /** Every pod, in creation order. */
  public Collection<Pod> pods() {
    return Collections.unmodifiableCollection(pods.values());
  }

  /** The running pods of a node. */
  public List<Pod> podsOn(String node) {
    List<Pod> out = new ArrayList<>();
    for (String k : podsByNode.getOrDefault(node, Set.of())) {
      out.add(pods.get(k));
    }
    return out;
  }

  /** The running pods with security identity {@code identity}. O(those pods). */
  public List<Pod> podsWithIdentity(int identity) {
    List<Pod> out = new ArrayList<>();
    for (String k : podsByIdentity.getOrDefault(identity, Set.of())) {
      out.add(pods.get(k));
    }
    return out;
  }

  /** How many running pods have security identity {@code identity}. O(1). */
  public int podCountWithIdentity(int identity) {
    Set<String> s = podsByIdentity.get(identity);
    return s == null ? 0 : s.size();
  }

  /** Pods that could not be placed, with the reason. */
  public Map<String, String> pendingPods() {
    return Collections.unmodifiableMap(pending);
  }

  /** The installed policies (CiliumEgressGatewayPolicy or CiliumEgressNATPolicy) by name. */
  public NavigableMap<String, K8sResource> policies() {
    return Collections.unmodifiableNavigableMap(policies);
  }

  public IdentityAllocator identities() {
    return identities;
  }

  public IpCache ipCache() {
    return ipCache;
  }

  public Ipam ipam() {
    return ipam;
  }

  /** Caveats collected so far. */
  public List<ClusterNotice> notices() {
    return Collections.unmodifiableList(notices);
  }

  // ================================================================== resources

  /** Applies a Kubernetes object (create or update), like {@code kubectl apply}. */
  public void apply(K8sResource r) {
    if (r instanceof NamespaceResource n) {
      upsertNamespace(n.metadata().name(), n.metadata().labels());
    } else if (r instanceof NodeResource n) {
      applyNode(n);
    } else if (r instanceof PodResource p) {
      applyPod(p);
    } else if (r instanceof DeploymentResource || r instanceof DaemonSetResource) {
      upsertWorkload(r);
    } else {
      upsertPolicy(r);
    }
  }

  /**
   * Deletes an object by kind, namespace (ignored for cluster-scoped kinds) and name; false when it
   * does not exist.
   */
  public boolean delete(String kind, String namespace, String name) {
    String ns = namespace == null ? "default" : namespace;
    return switch (kind) {
      case "Namespace" -> deleteNamespace(name);
      case "Node" -> deleteNode(name);
      case "Pod" -> deletePod(ns + "/" + name);
      case "Deployment", "DaemonSet" -> deleteWorkload(kind + "/" + ns + "/" + name);
      case CiliumEgressGatewayPolicy.KIND, CiliumEgressNATPolicy.KIND -> deletePolicy(name);
      default -> false;
    };
  }

  // ================================================================== namespaces

  /** Creates or relabels a namespace; the pods in it get new identities. */
  public void upsertNamespace(String name, Labels labels) {
    Namespace old = namespaces.get(name);
    Namespace now = Namespace.of(name, labels);
    if (now.equals(old)) {
      return;
    }
    namespaces.put(name, now);
    emit(new NamespaceUpserted(old, now));
    for (String key : List.copyOf(podsByNamespace.getOrDefault(name, Set.of()))) {
      Pod p = pods.get(key);
      if (p.isRunning()) {
        replaceRunning(p, p.withIdentity(identityOf(p)));
      }
    }
  }

  public boolean deleteNamespace(String name) {
    Namespace old = namespaces.get(name);
    if (old == null) {
      return false;
    }
    for (String key : List.copyOf(podsByNamespace.getOrDefault(name, Set.of()))) {
      deletePod(key);
    }
    namespaces.remove(name);
    emit(new NamespaceDeleted(old));
    return true;
  }

  // ================================================================== nodes

  /** Adds a node declared by a scenario (or replaces its labels and addresses if it exists). */
  public void addNode(NodeSpec spec) {
    Node old = nodes.get(spec.name());
    List<NodeAddress> addresses = new ArrayList<>();
    if (spec.internalIp() != 0) {
      addresses.add(new NodeAddress(AddressType.InternalIP, spec.internalIp()));
    }
    if (spec.externalIp() != 0) {
      addresses.add(new NodeAddress(AddressType.ExternalIP, spec.externalIp()));
    }
    if (old != null) {
      updateNode(old, old.withLabels(spec.labels()).withAddresses(addresses));
      return;
    }
    List<InterfaceSpec> ifs = spec.interfaces();
    if (ifs == null) {
      ifs =
          spec.internalIp() == 0
              ? List.of()
              : List.of(
                  new InterfaceSpec(
                      NodeNetwork.DEFAULT_UNDERLAY_INTERFACE,
                      List.of(new Cidr4(spec.internalIp(), config.underlay().prefixLength()))));
    }
    Cidr4 podCidr = spec.podCidr();
    if (podCidr != null) {
      ipam.assignPodCidr(spec.name(), podCidr);
    } else {
      podCidr = ipam.allocatePodCidr(spec.name());
      if (podCidr == null) {
        notices.add(new ClusterNotice("Node/" + spec.name(), "the pod CIDR pool is exhausted"));
      }
    }
    Node base = new Node(spec.name(), spec.labels(), addresses, null, List.of(), List.of());
    Node n = NodeNetwork.build(base, ifs, podCidr, config.router(), config.mtu());
    declaredInterfaces.put(n.name(), ifs.size());
    nextLxc.put(n.name(), NodeNetwork.firstLxcIfindex(ifs.size()));
    nodes.put(n.name(), n);
    fittingCache.clear();
    indexNodeAddresses(null, n);
    emit(new NodeUpserted(null, n));
    reconcileDaemonSets();
    retryPending();
  }

  private void applyNode(NodeResource r) {
    Node old = nodes.get(r.metadata().name());
    if (old != null) {
      updateNode(old, old.withLabels(r.metadata().labels()).withAddresses(r.addresses()));
      return;
    }
    int internal = 0;
    for (NodeAddress a : r.addresses()) {
      if (a.type() == AddressType.InternalIP && internal == 0) {
        internal = a.ip();
      }
    }
    addNode(
        new NodeSpec(r.metadata().name(), r.metadata().labels(), internal, 0, r.podCIDR(), null));
    Node n = nodes.get(r.metadata().name());
    if (!n.addresses().equals(r.addresses())) {
      updateNode(n, n.withAddresses(r.addresses()));
    }
  }

  /** Replaces a node's labels (a {@code label} action). */
  public void labelNode(String name, Map<String, String> set, Collection<String> remove) {
    Node old = requireNode(name);
    updateNode(old, old.withLabels(old.labels().withChanges(set, remove)));
  }

  private void updateNode(Node old, Node now) {
    if (now.equals(old)) {
      return;
    }
    nodes.put(now.name(), now);
    fittingCache.clear();
    indexNodeAddresses(old, now);
    emit(new NodeUpserted(old, now));
    if (!old.labels().equals(now.labels())) {
      reconcileDaemonSets();
      retryPending();
    }
  }

  /** Deletes a node; its pods are deleted and controllers replace theirs elsewhere. */
  public boolean deleteNode(String name) {
    Node old = nodes.get(name);
    if (old == null) {
      return false;
    }
    for (String key : List.copyOf(podsByNode.getOrDefault(name, Set.of()))) {
      deletePod(key);
    }
    nodes.remove(name);
    fittingCache.clear();
    ipam.release(name);
    for (int ip : old.nodeIps()) {
      ipCache.removeIfOwnedBy(ip, name);
    }
    if (old.podCidr() != null) {
      ipCache.removeIfOwnedBy(NodeNetwork.routerIp(old.podCidr()), name);
    }
    ipCache.setTunnelEndpoint(name, 0);
    emit(new NodeDeleted(old));
    for (Workload w : List.copyOf(workloads.values())) {
      reconcileWorkload(w);
    }
    return true;
  }

  /** Adds an address to an interface of a node (netlink; no Kubernetes event). */
  public void addInterfaceAddress(String node, String iface, Cidr4 address) {
    Node old = requireNode(node);
    changeInterface(old, iface, old.iface(requireIface(old, iface).name()).withAddress(address));
  }

  /** Removes an address (any prefix length) from an interface of a node. */
  public void removeInterfaceAddress(String node, String iface, int ip) {
    Node old = requireNode(node);
    changeInterface(old, iface, requireIface(old, iface).withoutAddress(ip));
  }

  private void changeInterface(Node old, String iface, Interface now) {
    List<Interface> ifs = new ArrayList<>(old.interfaces());
    for (int i = 0; i < ifs.size(); i++) {
      if (ifs.get(i).name().equals(iface)) {
        ifs.set(i, now);
      }
    }
    Node n =
        NodeNetwork.rebuildRoutes(old.withNetwork(ifs, old.routes()), NodeNetwork.routerOf(old));
    if (n.equals(old)) {
      return;
    }
    nodes.put(n.name(), n);
    fittingCache.clear();
    emit(new InterfaceAddressChanged(old, n));
  }

  private Interface requireIface(Node n, String iface) {
    Interface i = n.iface(iface);
    if (i == null) {
      throw new IllegalArgumentException("node " + n.name() + " has no interface " + iface);
    }
    return i;
  }

  private Node requireNode(String name) {
    Node n = nodes.get(name);
    if (n == null) {
      throw new IllegalArgumentException("no node " + name);
    }
    return n;
  }

  private void indexNodeAddresses(Node old, Node now) {
    if (old != null) {
      for (int ip : old.nodeIps()) {
        ipCache.removeIfOwnedBy(ip, old.name());
      }
    }
    for (int ip : now.nodeIps()) {
      ipCache.upsertNodeAddress(ip, now.name());
    }
    if (now.podCidr() != null) {
      ipCache.upsertNodeAddress(NodeNetwork.routerIp(now.podCidr()), now.name());
    }
    ipCache.setTunnelEndpoint(now.name(), now.k8sNodeIp());
  }

  // ================================================================== pods

  private void applyPod(PodResource r) {
    String ns = r.metadata().namespace();
    String key = ns + "/" + r.metadata().name();
    Pod old = pods.get(key);
    if (old != null) {
      if (!old.labels().equals(r.metadata().labels())) {
        labelPodTo(old, r.metadata().labels());
      }
      return;
    }
    addPod(
        ns,
        r.metadata().name(),
        r.metadata().uid(),
        r.metadata().labels(),
        r.serviceAccountName(),
        r.nodeSelector(),
        r.nodeName(),
        r.podIP(),
        null);
  }

  /**
   * Creates a pod and places it (or leaves it pending).
   *
   * @param uid null to derive one from the seed
   * @param node {@code spec.nodeName}, or null to let the scheduler choose
   * @param ip an explicit IP, or 0 for the next free address of the node's pod CIDR
   * @param owner the controller ("Deployment/x"), or null
   */
  public Pod addPod(
      String namespace,
      String name,
      String uid,
      Labels labels,
      String serviceAccount,
      Labels nodeSelector,
      String node,
      int ip,
      String owner) {
    String key = namespace + "/" + name;
    if (pods.containsKey(key)) {
      throw new IllegalArgumentException("pod " + key + " already exists");
    }
    Pod p =
        new Pod(
            namespace,
            name,
            uid != null ? uid : Names.uid(Rng.root(config.seed()), namespace, name),
            labels,
            serviceAccount == null ? LabelFilter.DEFAULT_SERVICE_ACCOUNT : serviceAccount,
            nodeSelector == null ? Labels.EMPTY : nodeSelector,
            node,
            ip,
            null,
            0,
            0,
            0,
            owner);
    pods.put(key, p);
    podsByNamespace.computeIfAbsent(namespace, k -> new LinkedHashSet<>()).add(key);
    place(p, null);
    return pods.get(key);
  }

  /** Deletes a pod; false when absent. */
  public boolean deletePod(String key) {
    Pod p = pods.remove(key);
    if (p == null) {
      return false;
    }
    pending.remove(key);
    preferredNode.remove(key);
    Set<String> inNs = podsByNamespace.get(p.namespace());
    if (inNs != null) {
      inNs.remove(key);
    }
    if (p.isRunning()) {
      releaseBinding(p);
    }
    emit(new PodDeleted(p));
    return true;
  }

  /** Changes a pod's labels (it may get another identity). */
  public void labelPod(String key, Map<String, String> set, Collection<String> remove) {
    Pod p = requirePod(key);
    labelPodTo(p, p.labels().withChanges(set, remove));
  }

  private void labelPodTo(Pod p, Labels labels) {
    Pod relabelled = p.withLabels(labels);
    if (!p.isRunning()) {
      pods.put(p.key(), relabelled);
      return;
    }
    replaceRunning(p, relabelled.withIdentity(identityOf(relabelled)));
  }

  /**
   * Moves a pod to another node: it releases its IP and gets the next free one there (same UID;
   * egret models a reschedule as the pod moving; give a new UID by deleting and re-adding).
   */
  public void reschedulePod(String key, String node) {
    Pod p = requirePod(key);
    requireNode(node);
    if (p.isRunning()) {
      releaseBinding(p);
    }
    Pod moved = p.requestingNode(node).pending();
    pods.put(key, moved);
    place(moved, p.isRunning() ? p : null);
  }

  private Pod requirePod(String key) {
    Pod p = pods.get(key);
    if (p == null) {
      throw new IllegalArgumentException("no pod " + key);
    }
    return p;
  }

  private void replaceRunning(Pod old, Pod now) {
    if (now.equals(old)) {
      return;
    }
    pods.put(now.key(), now);
    if (old.identity() != now.identity()) {
      unindexIdentity(old);
      podsByIdentity.computeIfAbsent(now.identity(), k -> new LinkedHashSet<>()).add(now.key());
    }
    ipCache.upsertEndpoint(now.ip(), now.identity(), now.nodeName());
    emit(new PodUpserted(old, now));
  }

  private int identityOf(Pod p) {
    Namespace ns = namespaces.get(p.namespace());
    Labels nsLabels = ns != null ? ns.labels() : Namespace.of(p.namespace(), Labels.EMPTY).labels();
    return identities
        .allocate(
            LabelFilter.identityLabels(p.labels(), p.namespace(), nsLabels, p.serviceAccount()))
        .id();
  }

  /** Places a pending pod; {@code before} is its running form before a reschedule, or null. */
  private void place(Pod p, Pod before) {
    Node target;
    String why = null;
    if (p.requestedNode() != null) {
      target = nodes.get(p.requestedNode());
      if (target == null) {
        why = "node " + p.requestedNode() + " does not exist";
      }
    } else {
      String pref = preferredNode.get(p.key());
      target = pref != null ? nodes.get(pref) : null;
      if (target != null && !Scheduler.fits(target, p.nodeSelector())) {
        target = null;
      }
      if (target == null) {
        target = Scheduler.leastLoaded(fitting(p.nodeSelector()), podCount);
      }
      if (target == null) {
        why =
            nodes.isEmpty()
                ? "no node exists yet"
                : "no node matches nodeSelector " + p.nodeSelector();
      }
    }
    if (target == null) {
      pending.put(p.key(), why);
      if (before != null) {
        emit(new PodDeleted(before));
      }
      return;
    }
    int ip = p.requestedIp();
    String subject = "Pod/" + p.key();
    if (ip != 0) {
      if (!ipam.claimIp(target.podCidr(), ip, p.key())) {
        pending.put(p.key(), Ip4.format(ip) + " is already used by " + ipam.owner(ip));
        notices.add(
            new ClusterNotice(
                subject, "IP " + Ip4.format(ip) + " is already used by " + ipam.owner(ip)));
        if (before != null) {
          emit(new PodDeleted(before));
        }
        return;
      }
      if (target.podCidr() == null || !target.podCidr().contains(ip)) {
        notices.add(
            new ClusterNotice(
                subject,
                "IP "
                    + Ip4.format(ip)
                    + " is outside node "
                    + target.name()
                    + "'s pod CIDR "
                    + target.podCidr()
                    + "; used as given"));
      }
    } else {
      ip = target.podCidr() == null ? 0 : ipam.allocateIp(target.podCidr(), p.key());
      if (ip == 0) {
        pending.put(p.key(), "node " + target.name() + " has no free pod IP");
        if (before != null) {
          emit(new PodDeleted(before));
        }
        return;
      }
    }
    pending.remove(p.key());
    int lxc = nextLxc.merge(target.name(), 1, Integer::sum) - 1;
    Pod running = p.running(target.name(), ip, 0, lxc);
    running = running.withIdentity(identityOf(running));
    pods.put(p.key(), running);
    podsByNode.computeIfAbsent(target.name(), k -> new LinkedHashSet<>()).add(p.key());
    podsByIdentity.computeIfAbsent(running.identity(), k -> new LinkedHashSet<>()).add(p.key());
    podCount.merge(target.name(), 1, Integer::sum);
    ipCache.upsertEndpoint(ip, running.identity(), target.name());
    emit(new PodUpserted(before, running));
  }

  private void unindexIdentity(Pod p) {
    Set<String> s = podsByIdentity.get(p.identity());
    if (s != null) {
      s.remove(p.key());
    }
  }

  private void releaseBinding(Pod p) {
    unindexIdentity(p);
    Set<String> on = podsByNode.get(p.nodeName());
    if (on != null) {
      on.remove(p.key());
    }
    podCount.merge(p.nodeName(), -1, Integer::sum);
    Node n = nodes.get(p.nodeName());
    ipam.releaseIp(n == null ? null : n.podCidr(), p.ip());
    ipCache.removeIfOwnedBy(p.ip(), p.nodeName());
  }

  private void retryPending() {
    for (String key : List.copyOf(pending.keySet())) {
      Pod p = pods.get(key);
      if (p != null && !p.isRunning()) {
        place(p, null);
      }
    }
  }

  // ================================================================== workloads

  private void upsertWorkload(K8sResource r) {
    String id = r.id();
    Workload w = workloads.get(id);
    if (w == null) {
      w =
          new Workload(
              r, rng.stream("scheduling/" + r.metadata().namespace() + "/" + r.metadata().name()));
      workloads.put(id, w);
    } else if (!sameTemplate(w.resource, r)) {
      for (String key : List.copyOf(w.pods)) {
        deletePod(key);
      }
      w.pods.clear();
      w.templateHash = null;
    }
    w.resource = r;
    reconcileWorkload(w);
  }

  private static boolean sameTemplate(K8sResource a, K8sResource b) {
    if (a instanceof DeploymentResource x && b instanceof DeploymentResource y) {
      return x.templateLabels().equals(y.templateLabels())
          && x.nodeSelector().equals(y.nodeSelector())
          && java.util.Objects.equals(x.nodeName(), y.nodeName())
          && java.util.Objects.equals(x.serviceAccountName(), y.serviceAccountName());
    }
    if (a instanceof DaemonSetResource x && b instanceof DaemonSetResource y) {
      return x.templateLabels().equals(y.templateLabels())
          && x.nodeSelector().equals(y.nodeSelector())
          && java.util.Objects.equals(x.serviceAccountName(), y.serviceAccountName());
    }
    return false;
  }

  private boolean deleteWorkload(String id) {
    Workload w = workloads.remove(id);
    if (w == null) {
      return false;
    }
    for (String key : List.copyOf(w.pods)) {
      deletePod(key);
    }
    return true;
  }

  private void reconcileDaemonSets() {
    for (Workload w : List.copyOf(workloads.values())) {
      if (w.resource instanceof DaemonSetResource) {
        reconcileWorkload(w);
      }
    }
  }

  private void reconcileWorkload(Workload w) {
    w.pods.removeIf(k -> !pods.containsKey(k));
    String ns = w.resource.metadata().namespace();
    if (w.templateHash == null) {
      w.templateHash = Names.draw(w.rng, Names.TEMPLATE_HASH_LENGTH);
    }
    if (w.resource instanceof DeploymentResource d) {
      List<Node> fit = fitting(d.nodeSelector());
      while (w.pods.size() > d.replicas()) {
        deletePod(w.pods.remove(w.pods.size() - 1));
      }
      while (w.pods.size() < d.replicas()) {
        String name = uniqueName(ns, d.metadata().name() + "-" + w.templateHash + "-", w.rng);
        Node target =
            d.nodeName() == null
                ? Scheduler.roundRobin(
                    fit, Scheduler.offset(w.resource.id(), fit.size()) + w.nextOrdinal)
                : null;
        w.nextOrdinal++;
        if (target != null) {
          preferredNode.put(ns + "/" + name, target.name());
        }
        Pod p =
            addPod(
                ns,
                name,
                null,
                d.templateLabels().with("pod-template-hash", w.templateHash),
                d.serviceAccountName(),
                d.nodeSelector(),
                d.nodeName(),
                0,
                "Deployment/" + d.metadata().name());
        w.pods.add(p.key());
      }
    } else if (w.resource instanceof DaemonSetResource d) {
      List<Node> fit = fitting(d.nodeSelector());
      Map<String, String> podOfNode = new HashMap<>();
      for (String key : List.copyOf(w.pods)) {
        Pod p = pods.get(key);
        String on = p.requestedNode();
        if (!nodes.containsKey(on) || !Scheduler.fits(nodes.get(on), d.nodeSelector())) {
          deletePod(key);
          w.pods.remove(key);
        } else {
          podOfNode.put(on, key);
        }
      }
      for (Node n : fit) {
        if (!podOfNode.containsKey(n.name())) {
          String name = uniqueName(ns, d.metadata().name() + "-", w.rng);
          Pod p =
              addPod(
                  ns,
                  name,
                  null,
                  d.templateLabels()
                      .with("controller-revision-hash", w.templateHash)
                      .with("pod-template-generation", "1"),
                  d.serviceAccountName(),
                  d.nodeSelector(),
                  n.name(),
                  0,
                  "DaemonSet/" + d.metadata().name());
          w.pods.add(p.key());
        }
      }
    }
  }

  /** The nodes that fit {@code nodeSelector}, sorted by name (cached until a node changes). */
  private List<Node> fitting(Labels nodeSelector) {
    return fittingCache.computeIfAbsent(
        nodeSelector, sel -> List.copyOf(Scheduler.fitting(nodes.values(), sel)));
  }

  private String uniqueName(String ns, String prefix, Rng r) {
    while (true) {
      String name = prefix + Names.draw(r, Names.SUFFIX_LENGTH);
      if (!pods.containsKey(ns + "/" + name)) {
        return name;
      }
    }
  }

  // ================================================================== policies

  private void upsertPolicy(K8sResource r) {
    K8sResource old = policies.put(r.metadata().name(), r);
    if (r.equals(old)) {
      return;
    }
    emit(new PolicyUpserted(old, r));
  }

  public boolean deletePolicy(String name) {
    K8sResource old = policies.remove(name);
    if (old == null) {
      return false;
    }
    emit(new PolicyDeleted(old));
    return true;
  }
}
