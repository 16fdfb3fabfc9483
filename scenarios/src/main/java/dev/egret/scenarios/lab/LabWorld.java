package dev.egret.scenarios.lab;

import dev.egret.datapath.Datapath;
import dev.egret.datapath.config.DatapathConfig;
import dev.egret.datapath.live.LiveInterface;
import dev.egret.datapath.live.Netns;
import dev.egret.datapath.monitor.DropReason;
import dev.egret.datapath.monitor.Signals;
import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.packet.Mac;
import dev.egret.scenarios.model.ExternalSpec;
import dev.egret.scenarios.model.PodDecl;
import dev.egret.scenarios.model.Scenario;
import dev.egret.scenarios.run.DatapathConfigs;
import dev.egret.sim.Rng;
import dev.egret.topology.cluster.Cluster;
import dev.egret.topology.cluster.ClusterConfig;
import dev.egret.topology.cluster.ClusterEvent;
import dev.egret.topology.cluster.NodeSpec;
import dev.egret.topology.controlplane.egressgateway.EgressControlPlane;
import dev.egret.topology.controlplane.egressgateway.EgressControlPlanes;
import dev.egret.topology.controlplane.egressgateway.ReconcileTrigger;
import dev.egret.topology.ipam.Ipam;
import dev.egret.topology.k8s.K8sResource;
import dev.egret.topology.model.Interface;
import dev.egret.topology.model.Labels;
import dev.egret.topology.model.Node;
import dev.egret.topology.model.NodeNetwork;
import dev.egret.topology.model.Pod;
import dev.egret.topology.node.ClusterIndex;
import dev.egret.topology.node.SimNode;
import dev.egret.topology.node.SimNodeContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The lab's world: the scenario's cluster model (in lab addresses) with its egress gateway control
 * plane, one {@link LabNode} per node — the simulator's {@link SimNode} driven by a live runner on
 * the node's namespace — one namespace per running pod, the externals' real servers, and the
 * connection ledger. It mirrors the simulator's world: the same objects are applied in the same
 * order, cluster events create nodes and attach, move or detach pods, and the control plane (with
 * an immediate trigger) rewrites the maps the runners read.
 *
 * <p>Locking: the world's {@link #lock} is held by every runner while its node's programs run and
 * by whoever changes the cluster, so the control plane swaps maps under the runners safely. Network
 * commands and runner start/stop happen outside it (a runner's reader may be waiting for it).
 */
final class LabWorld implements AutoCloseable {
  /** How long the start-up ARP warm-up may take. */
  private static final long WARMUP_MILLIS = 3000;

  final LabScenario ls;
  final Scenario s;
  final AddressMap map;
  final long seed;
  final Object lock = new Object();
  final Cluster cluster;
  final ClusterIndex index;
  final EgressControlPlane controlPlane;
  final DatapathConfig dpConfig;
  final LabNetwork net;
  final LabBook book;
  final LabCaptures captures;
  final EnumMap<DropReason, Long> drops = new EnumMap<>(DropReason.class);
  final Map<String, Long> firstExhaustion = new HashMap<>();
  final Map<String, LabNode> nodes = new LinkedHashMap<>();
  final Map<String, LabPod> pods = new LinkedHashMap<>();
  final Map<String, LabExternal> externals = new LinkedHashMap<>();
  final List<String> warnings = new ArrayList<>();
  private final List<ClusterEvent> pending = new ArrayList<>();
  private final long t0 = System.nanoTime();
  private final ScheduledExecutorService agent =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "lab-agent");
            t.setDaemon(true);
            return t;
          });
  private final List<Thread> underlayReaders = new ArrayList<>();
  private final List<LiveInterface> underlayHandles = new ArrayList<>();
  private final boolean ownsNetwork;
  private volatile boolean closed;

  /** A running pod of the lab. */
  record LabPod(String key, String node, int ip, String ns, int port, ExecutorService exec) {}

  /**
   * @param net the lab network to build into, or to reuse when {@code ownsNetwork} is false (a lab
   *     brought up before with {@code egret lab up})
   * @param outDir where pcaps go, or null
   */
  LabWorld(LabScenario ls, LabNetwork net, boolean ownsNetwork, Path outDir) {
    this.ls = ls;
    this.s = ls.lab();
    this.map = ls.map();
    this.seed = s.seed();
    this.net = net;
    this.ownsNetwork = ownsNetwork;
    var n = s.network();
    this.cluster =
        new Cluster(
            new ClusterConfig(
                seed, n.underlay(), n.router(), n.mtu(), ls.labPodPool(), Ipam.DEFAULT_NODE_MASK));
    this.index = new ClusterIndex(cluster);
    this.dpConfig = DatapathConfigs.of(s.cilium(), seed);
    this.controlPlane =
        EgressControlPlanes.create(
            cluster,
            s.cilium().version(),
            ReconcileTrigger.immediate(),
            s.cilium().egressPolicyMapMax(),
            seed);
    this.book = new LabBook(s.cilium().tunnel().port());
    this.captures = new LabCaptures(outDir, s.captures());
    cluster.addListener(
        e -> {
          synchronized (lock) {
            pending.add(e);
          }
        });
  }

  /** The capture length for the lab's links: the MTU, Ethernet and VXLAN headers, some slack. */
  int snaplen() {
    return s.network().mtu() + 128;
  }

  /** Nanoseconds since the world was created (the datapath's clock). */
  long now() {
    return System.nanoTime() - t0;
  }

  // ------------------------------------------------------------------ start

  /** The static network plan from the cluster's nodes and the scenario's externals. */
  LabNetwork.Plan plan() {
    List<LabNetwork.NodePlan> ns = new ArrayList<>();
    List<Cidr4> routed = new ArrayList<>();
    Cidr4 underlay = s.network().underlay();
    for (Node node : cluster.nodes()) {
      List<LabNetwork.IfPlan> ifs = new ArrayList<>();
      for (Interface i : node.interfaces()) {
        if (!isNative(i.name())) {
          continue;
        }
        ifs.add(
            new LabNetwork.IfPlan(
                i.name(),
                i.ifindex(),
                LabNetwork.nativeIfName(i.name(), i.ifindex()),
                Mac.read(i.mac(), 0),
                i.mtu()));
        for (Cidr4 a : i.addresses()) {
          if (a.prefixLength() < 32
              && !underlay.covers(a.masked())
              && !routed.contains(a.masked())) {
            routed.add(a.masked());
          }
        }
      }
      ns.add(new LabNetwork.NodePlan(node.name(), ifs));
    }
    List<LabNetwork.ExternalPlan> xs = new ArrayList<>();
    for (ExternalSpec e : s.externals()) {
      xs.add(
          new LabNetwork.ExternalPlan(
              e.name(), e.ip(), externalMac(e.name()), underlay.contains(e.ip())));
    }
    return new LabNetwork.Plan(
        s.name(),
        underlay,
        s.network().router(),
        Mac.read(NodeNetwork.mac("router", 1), 0),
        s.network().mtu(),
        ns,
        xs,
        routed);
  }

  static long externalMac(String name) {
    return Mac.read(NodeNetwork.mac("external/" + name, 1), 0);
  }

  private static boolean isNative(String ifname) {
    return !ifname.equals(NodeNetwork.LOOPBACK)
        && !ifname.startsWith("cilium_")
        && !ifname.startsWith("lxc");
  }

  /** Adds the scenario's nodes to the cluster model (enough to plan the network). */
  void addNodes() {
    synchronized (lock) {
      for (NodeSpec n : s.nodes()) {
        cluster.addNode(n);
      }
    }
  }

  /**
   * Brings the world to the scenario's time 0: the network (built, or checked when reused), the
   * nodes' runners, the externals' servers, the Kubernetes objects and pods, the agents' first
   * reconciliation, the pods' namespaces, and warm ARP caches.
   */
  void start() {
    addNodes();
    if (ownsNetwork) {
      net.build(plan());
    } else {
      for (Node n : cluster.nodes()) {
        if (!Netns.exists(LabNetwork.nodeNs(n.name()))) {
          throw new LabException(
              "the lab that is up has no namespace "
                  + LabNetwork.nodeNs(n.name())
                  + "; run egret lab down");
        }
      }
      for (String ns : LabNetwork.existingLabNamespaces()) {
        if (ns.startsWith(LabNetwork.podNs(""))) {
          Sh.quiet("ip", "netns", "del", ns); // pods are rebuilt from time 0
        }
      }
    }
    processPending();
    for (ExternalSpec e : s.externals()) {
      LabExternal x = new LabExternal(e);
      externals.put(e.name(), x);
      x.start(e.services(), book, captures, snaplen());
    }
    startUnderlayCapture();
    synchronized (lock) {
      for (K8sResource r : s.resources()) {
        cluster.apply(r);
      }
      for (PodDecl p : s.pods()) {
        if (cluster.namespace(p.namespace()) == null) {
          cluster.upsertNamespace(p.namespace(), Labels.EMPTY);
        }
        cluster.addPod(
            p.namespace(), p.name(), p.uid(), p.labels(), null, null, p.node(), p.ip(), null);
      }
      controlPlane.start();
      for (var e : cluster.pendingPods().entrySet()) {
        warnings.add("pod " + e.getKey() + " is pending: " + e.getValue());
      }
    }
    processPending();
    warmUp();
  }

  /** ARP for every neighbour a node may send to, so no first packet waits for resolution. */
  private void warmUp() {
    List<Integer> targets = new ArrayList<>();
    targets.add(s.network().router());
    for (Node n : cluster.nodes()) {
      for (Interface i : n.interfaces()) {
        if (isNative(i.name())) {
          for (Cidr4 a : i.addresses()) {
            targets.add(a.address());
          }
        }
      }
    }
    for (ExternalSpec e : s.externals()) {
      targets.add(e.ip());
    }
    List<Thread> ts = new ArrayList<>();
    for (LabNode ln : nodes.values()) {
      List<Integer> mine = new ArrayList<>();
      for (int ip : targets) {
        if (!ln.sim.context().isLocalHostIp(ip) && connected(ln.sim.node(), ip)) {
          mine.add(ip);
        }
      }
      Thread t =
          new Thread(
              () -> {
                List<Integer> missing = ln.runner.resolve(mine, WARMUP_MILLIS);
                if (!missing.isEmpty()) {
                  synchronized (warnings) {
                    warnings.add(
                        "node "
                            + ln.name
                            + ": no ARP answer from "
                            + missing.stream().map(map::scenarioText).toList());
                  }
                }
              },
              "lab-warmup-" + ln.name);
      ts.add(t);
      t.start();
    }
    for (Thread t : ts) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static boolean connected(Node n, int ip) {
    for (Interface i : n.interfaces()) {
      if (!isNative(i.name())) {
        continue;
      }
      for (Cidr4 a : i.addresses()) {
        if (a.prefixLength() < 32 && a.contains(ip)) {
          return true;
        }
      }
    }
    return false;
  }

  private void startUnderlayCapture() {
    if (!capturingUnderlay) {
      return;
    }
    for (String port : LabNetwork.bridgePorts()) {
      LiveInterface h = LiveInterface.open(LabNetwork.UNDERLAY_NS, port, null, snaplen());
      underlayHandles.add(h);
      Thread t =
          new Thread(
              () -> {
                while (!closed) {
                  byte[] f = h.read();
                  if (f != null) {
                    captures.write(UNDERLAY_PCAP, f, 0, f.length);
                  }
                }
              },
              "lab-underlay-" + port);
      t.setDaemon(true);
      underlayReaders.add(t);
      t.start();
    }
  }

  /** The underlay capture's file name. */
  static final String UNDERLAY_PCAP = "underlay.pcap";

  private boolean capturingUnderlay;

  /** Records every frame entering the underlay bridge into {@value #UNDERLAY_PCAP}. */
  void captureUnderlay(boolean on) {
    this.capturingUnderlay = on;
  }

  // ------------------------------------------------------------------ cluster events

  /** Carries out the cluster events queued so far (nodes, pods). Not holding the lock. */
  void processPending() {
    while (true) {
      List<ClusterEvent> evs;
      synchronized (lock) {
        if (pending.isEmpty()) {
          return;
        }
        evs = new ArrayList<>(pending);
        pending.clear();
      }
      for (ClusterEvent e : evs) {
        if (e instanceof ClusterEvent.NodeUpserted u) {
          if (u.old() == null || !nodes.containsKey(u.now().name())) {
            createNode(u.now());
          } else {
            synchronized (lock) {
              nodes.get(u.now().name()).sim.context().update(u.now());
            }
          }
        } else if (e instanceof ClusterEvent.InterfaceAddressChanged c) {
          LabNode ln = nodes.get(c.now().name());
          if (ln != null) {
            synchronized (lock) {
              ln.sim.context().update(c.now());
            }
          }
        } else if (e instanceof ClusterEvent.PodUpserted p) {
          podChanged(p.old(), p.now());
        } else if (e instanceof ClusterEvent.PodDeleted d) {
          podGone(d.old());
        }
      }
    }
  }

  private void createNode(Node n) {
    LabNode ln = new LabNode(n.name(), lock, book, drops, firstExhaustion, captures);
    ln.runner.setSnaplen(snaplen());
    Datapath dp = new Datapath(dpConfig);
    SimNodeContext ctx =
        new SimNodeContext(
            this::now,
            Rng.root(seed).stream("node/" + n.name() + "/prandom"),
            n,
            controlPlane,
            index,
            ln::macOf);
    SimNode sn = new SimNode(dp, ctx, ln);
    ln.setSim(sn);
    for (Interface i : n.interfaces()) {
      if (captures.captures(n.name(), i.name())) {
        sn.setCaptured(i.ifindex(), true);
      }
    }
    dp.signals().setListener((signal, proto, now) -> gcSoon(ln, signal));
    ln.addNativePorts(LabNetwork.nodeNs(n.name()));
    nodes.put(n.name(), ln);
    ln.runner.start();
    scheduleGc(ln, dp.ctGc().initialInterval());
  }

  private void podChanged(Pod old, Pod now) {
    boolean moved =
        old != null
            && old.isRunning()
            && (!now.isRunning() || !old.nodeName().equals(now.nodeName()) || old.ip() != now.ip());
    if (moved) {
      podGone(old);
    }
    if (!now.isRunning()) {
      return;
    }
    LabPod lp = pods.get(now.key());
    if (lp != null && !moved) {
      LabNode ln = nodes.get(now.nodeName());
      if (ln != null) {
        synchronized (lock) {
          ln.sim.updatePod(now);
        }
      }
      return;
    }
    attachPod(now);
  }

  private void attachPod(Pod p) {
    LabNode ln = nodes.get(p.nodeName());
    if (ln == null) {
      return;
    }
    Node node = cluster.node(p.nodeName());
    long podMac = Mac.read(NodeNetwork.mac("pod/" + p.uid(), 0), 0) & ~0x010000000000L;
    long lxcMac = Mac.read(NodeNetwork.mac(p.nodeName(), p.lxcIfindex()), 0);
    int gateway = NodeNetwork.routerIp(node.podCidr());
    int mtu = s.network().mtu() - NodeNetwork.TUNNEL_OVERHEAD;
    String podNs = LabNetwork.podNs(p.key());
    if (Netns.exists(podNs)) {
      Sh.quiet("ip", "netns", "del", podNs);
    }
    String lxc =
        net.addPod(p.key(), p.nodeName(), p.ip(), podMac, gateway, p.lxcIfindex(), lxcMac, mtu);
    int port = ln.attachPod(p, LabNetwork.nodeNs(p.nodeName()), lxc, podMac, lxcMac);
    synchronized (lock) {
      ln.sim.attachPod(p, podMac, f -> ln.deliverToPod(port, f));
      String lxcName = ln.sim.context().ifname(p.lxcIfindex());
      if (captures.captures(p.nodeName(), lxcName)) {
        ln.sim.setCaptured(p.lxcIfindex(), true);
      }
    }
    pods.put(
        p.key(), new LabPod(p.key(), p.nodeName(), p.ip(), podNs, port, Netns.executor(podNs)));
  }

  private void podGone(Pod old) {
    LabPod lp = pods.get(old.key());
    if (lp == null || lp.ip() != old.ip()) {
      return;
    }
    pods.remove(old.key());
    LabNode ln = nodes.get(lp.node());
    if (ln != null) {
      ln.runner.removePort(lp.port());
      ln.unbind(lp.port());
      synchronized (lock) {
        ln.sim.detachPod(lp.ip());
      }
    }
    stop(lp.exec());
    net.removePod(lp.key());
  }

  private static void stop(ExecutorService e) {
    e.shutdownNow();
    try {
      e.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException x) {
      Thread.currentThread().interrupt();
    }
  }

  // ------------------------------------------------------------------ node up/down

  /** {@code nodeDown}: the node's runner stops (its namespace forwards and answers nothing). */
  boolean nodeDown(String node) {
    LabNode ln = nodes.get(node);
    if (ln == null) {
      return false;
    }
    synchronized (lock) {
      ln.sim.setUp(false);
    }
    ln.runner.stop();
    return true;
  }

  /** {@code nodeUp}: the runner starts again on the node's interfaces; the maps were kept. */
  boolean nodeUp(String node) {
    LabNode ln = nodes.get(node);
    if (ln == null) {
      return false;
    }
    synchronized (lock) {
      ln.sim.setUp(true);
    }
    ln.runner.start();
    return true;
  }

  // ------------------------------------------------------------------ agent: CT GC

  private void scheduleGc(LabNode ln, long afterNanos) {
    long start = now();
    agent.schedule(
        () -> {
          if (closed || nodes.get(ln.name) != ln) {
            return;
          }
          Datapath dp = ln.datapath();
          long next;
          synchronized (lock) {
            var r = dp.ctGc().run(dp.conntrack(), dp.snat(), now(), false);
            next = dp.ctGc().nextInterval(now() - start, r.maxDeleteRatio());
          }
          scheduleGc(ln, next);
        },
        afterNanos,
        TimeUnit.NANOSECONDS);
  }

  private void gcSoon(LabNode ln, int signal) {
    if (closed) {
      return;
    }
    agent.execute(
        () -> {
          Datapath dp = ln.datapath();
          synchronized (lock) {
            dp.ctGc().run(dp.conntrack(), dp.snat(), now(), signal == Signals.SIGNAL_NAT_FILL_UP);
          }
        });
  }

  // ------------------------------------------------------------------ shutdown

  /**
   * Stops everything this world started (clients, runners, servers, captures) and removes the
   * network when the world built it. Idempotent; safe from a shutdown hook.
   */
  @Override
  public void close() {
    shutdown(ownsNetwork);
  }

  /** Stops what the world started but leaves the network up ({@code lab up}). */
  void closeKeepingNetwork() {
    shutdown(false);
  }

  private synchronized void shutdown(boolean removeNetwork) {
    if (closed) {
      return;
    }
    closed = true;
    agent.shutdownNow();
    for (LabPod p : pods.values()) {
      p.exec().shutdownNow();
    }
    for (LabNode ln : nodes.values()) {
      ln.runner.stop();
    }
    for (LabExternal x : externals.values()) {
      x.close();
    }
    for (LiveInterface h : underlayHandles) {
      h.wakeUp();
    }
    for (Thread t : underlayReaders) {
      try {
        t.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (LiveInterface h : underlayHandles) {
      h.close();
    }
    for (LabPod p : pods.values()) {
      stop(p.exec());
    }
    captures.close();
    if (removeNetwork) {
      net.destroy();
    }
  }

  boolean isClosed() {
    return closed;
  }
}
