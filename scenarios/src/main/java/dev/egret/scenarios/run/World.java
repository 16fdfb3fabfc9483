package dev.egret.scenarios.run;

import dev.egret.datapath.Datapath;
import dev.egret.datapath.config.DatapathConfig;
import dev.egret.datapath.monitor.DropReason;
import dev.egret.datapath.monitor.Signals;
import dev.egret.datapath.packet.Mac;
import dev.egret.datapath.packet.Skb;
import dev.egret.scenarios.model.ExternalSpec;
import dev.egret.scenarios.model.Scenario;
import dev.egret.scenarios.traffic.HostConfig;
import dev.egret.scenarios.traffic.HostStack;
import dev.egret.scenarios.traffic.Services;
import dev.egret.sim.Simulation;
import dev.egret.topology.cluster.Cluster;
import dev.egret.topology.cluster.ClusterConfig;
import dev.egret.topology.cluster.ClusterEvent;
import dev.egret.topology.controlplane.egressgateway.EgressControlPlane;
import dev.egret.topology.controlplane.egressgateway.EgressControlPlanes;
import dev.egret.topology.controlplane.egressgateway.ReconcileTrigger;
import dev.egret.topology.fabric.Fabric;
import dev.egret.topology.fabric.FabricObserver;
import dev.egret.topology.fabric.SkbPool;
import dev.egret.topology.ipam.Ipam;
import dev.egret.topology.model.Interface;
import dev.egret.topology.model.Node;
import dev.egret.topology.model.NodeNetwork;
import dev.egret.topology.model.Pod;
import dev.egret.topology.node.ClusterIndex;
import dev.egret.topology.node.NodeEnvironment;
import dev.egret.topology.node.SimNode;
import dev.egret.topology.node.SimNodeContext;
import dev.egret.topology.underlay.Underlay;
import dev.egret.topology.underlay.UnderlayConfig;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The simulated world of one run: the simulation, the cluster model and its egress gateway control
 * plane, one {@link SimNode} per node on the underlay {@link Fabric}, a host stack per running pod
 * and per external, and the glue that records what happens to every frame.
 *
 * <p>Cluster events drive the rest: a new node gets a datapath and joins the underlay; a running
 * pod gets a host stack attached to its node's lxc; a rescheduled pod gets a new stack (its old
 * connections die with the old IP); a node's address change updates its context and the underlay's
 * tables.
 */
final class World implements NodeEnvironment, FabricObserver, RunView {
  final Scenario scenario;
  final long seed;
  final Simulation sim;
  final Cluster cluster;
  final EgressControlPlane controlPlane;
  final Underlay underlay;
  final Fabric fabric;
  final SkbPool pool = new SkbPool();
  final ClusterIndex index;
  final DatapathConfig datapathConfig;
  final RunListener listener;
  final ConnectionBook book;

  final Map<String, SimNode> nodes = new LinkedHashMap<>();
  final Map<String, PodHost> pods = new LinkedHashMap<>();
  final Map<HostStack, PodHost> podOfHost = new HashMap<>();

  /** The running pods by IP (pod IPs are unique among running pods). */
  final Map<Integer, PodHost> podsByIp = new HashMap<>();

  final Map<String, HostStack> externals = new LinkedHashMap<>();
  private final long[] dropCounts = new long[DropReason.values().length];
  long lostFrames;

  /** NAT mappings each node held when its first SNAT allocation failed. */
  final Map<String, Long> firstExhaustion = new HashMap<>();

  long handoffs;
  private final FlowRecorder flowRecorder;
  private final boolean wantsHops;

  World(Scenario s, long seed, RunListener listener) {
    this.scenario = s;
    this.seed = seed;
    this.listener = listener;
    this.sim = Simulation.create(seed);
    var net = s.network();
    this.cluster =
        new Cluster(
            new ClusterConfig(
                seed,
                net.underlay(),
                net.router(),
                net.mtu(),
                dev.egret.datapath.net.Cidr4.parse(Ipam.DEFAULT_CLUSTER_POOL),
                Ipam.DEFAULT_NODE_MASK));
    this.index = new ClusterIndex(cluster);
    this.datapathConfig = DatapathConfigs.of(s.cilium(), seed);
    ReconcileTrigger trigger = ReconcileTrigger.simulation(sim, s.cilium().reconcileInterval());
    trigger.setAfterRun(() -> listener.reconciled(sim.now()));
    this.controlPlane =
        EgressControlPlanes.create(
            cluster, s.cilium().version(), trigger, s.cilium().egressPolicyMapMax(), seed);
    this.underlay =
        new Underlay(
            new UnderlayConfig(
                net.underlay(), net.mtu(), net.latency(), net.bandwidthBps(), net.router()));
    this.fabric = new Fabric(sim, underlay, pool, this);
    this.book = new ConnectionBook(podOfHost, listener::connectionStarted);
    this.flowRecorder = listener.wantsFlows() ? new FlowRecorder(this) : null;
    this.wantsHops = listener.wantsHops();
    cluster.addListener(this::onClusterEvent);
    for (ExternalSpec e : s.externals()) {
      addExternal(e);
    }
  }

  // ------------------------------------------------------------------ cluster events

  private void onClusterEvent(ClusterEvent e) {
    if (e instanceof ClusterEvent.NodeUpserted u) {
      if (u.old() == null) {
        createNode(u.now());
      } else {
        refreshNode(u.now());
      }
    } else if (e instanceof ClusterEvent.InterfaceAddressChanged c) {
      refreshNode(c.now());
    } else if (e instanceof ClusterEvent.NodeDeleted d) {
      SimNode n = nodes.remove(d.old().name());
      if (n != null) {
        fabric.detachNode(n.name());
      }
    } else if (e instanceof ClusterEvent.PodUpserted p) {
      podChanged(p.old(), p.now());
    } else if (e instanceof ClusterEvent.PodDeleted d) {
      podGone(d.old());
    }
  }

  private void createNode(Node n) {
    Datapath dp = new Datapath(datapathConfig);
    SimNodeContext ctx = new SimNodeContext(sim, n, controlPlane, index, fabric);
    SimNode sn = new SimNode(dp, ctx, this);
    nodes.put(n.name(), sn);
    for (Interface i : n.interfaces()) {
      if (listener.captures(n.name(), i.name())) {
        sn.setCaptured(i.ifindex(), true);
      }
    }
    if (flowRecorder != null) {
      dp.monitor().addListener(ev -> flowRecorder.record(sn, ev));
    }
    dp.signals().setListener((signal, proto, now) -> onSignal(sn, signal));
    fabric.attachNode(sn);
    scheduleGc(sn, dp.ctGc().initialInterval());
  }

  private void refreshNode(Node n) {
    SimNode sn = nodes.get(n.name());
    if (sn == null) {
      createNode(n);
      return;
    }
    sn.context().update(n);
    fabric.rebuild();
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
    PodHost ph = pods.get(now.key());
    if (ph != null && !moved) {
      SimNode sn = nodes.get(now.nodeName());
      if (sn != null) {
        sn.updatePod(now);
      }
      return;
    }
    attachPod(now);
  }

  private void attachPod(Pod p) {
    SimNode sn = nodes.get(p.nodeName());
    if (sn == null) {
      return;
    }
    long podMac = Mac.read(NodeNetwork.mac("pod/" + p.uid(), 0), 0) & ~0x010000000000L;
    long lxcMac = Mac.read(NodeNetwork.mac(p.nodeName(), p.lxcIfindex()), 0);
    int mtu = underlay.podMtu();
    int ip = p.ip();
    PodHost ph =
        new PodHost(
            p.key(),
            p.nodeName(),
            ip,
            self -> {
              String name =
                  "pod/"
                      + p.key()
                      + "@"
                      + p.nodeName()
                      + "/"
                      + dev.egret.datapath.net.Ip4.format(ip);
              HostStack h =
                  new HostStack(
                      sim, new HostConfig(name, ip, podMac, lxcMac, mtu), null, pool, book);
              if (self.isGone()) {
                h.setSink(pool::release);
              } else {
                h.setSink(
                    f -> {
                      handoffs++;
                      sn.fromPod(ip, f);
                    });
              }
              podOfHost.put(h, self);
              return h;
            });
    sn.attachPod(
        p,
        podMac,
        f -> {
          handoffs++;
          ph.host().receive(f);
        });
    pods.put(p.key(), ph);
    podsByIp.put(ip, ph);
    String lxc = sn.context().ifname(p.lxcIfindex());
    if (listener.captures(p.nodeName(), lxc)) {
      sn.setCaptured(p.lxcIfindex(), true);
    }
  }

  private void podGone(Pod old) {
    PodHost ph = pods.get(old.key());
    if (ph == null || ph.ip() != old.ip()) {
      return;
    }
    pods.remove(old.key());
    podsByIp.remove(ph.ip(), ph);
    // The old incarnation's stack keeps its timers; whatever it still sends goes nowhere.
    ph.markGone();
    HostStack h = ph.hostIfBuilt();
    if (h != null) {
      h.setSink(pool::release);
    }
    SimNode sn = nodes.get(ph.node());
    if (sn != null) {
      sn.detachPod(ph.ip());
    }
  }

  private void addExternal(ExternalSpec e) {
    String name = e.name();
    HostStack[] box = new HostStack[1];
    long mac = fabric.attachExternal(name, e.ip(), f -> box[0].receive(f));
    HostStack h =
        new HostStack(
            sim,
            new HostConfig(
                "external/" + name, e.ip(), mac, fabric.routerMac(), HostConfig.LINK_MTU),
            f -> fabric.transmitFromExternal(name, f),
            pool,
            book);
    box[0] = h;
    Services.install(h, e.services());
    externals.put(name, h);
  }

  // ------------------------------------------------------------------ agent: CT GC

  private void scheduleGc(SimNode sn, long after) {
    long start = sim.now();
    sim.scheduleAfter(
        after,
        s -> {
          if (!nodes.containsKey(sn.name()) || nodes.get(sn.name()) != sn) {
            return;
          }
          Datapath dp = sn.datapath();
          var r = dp.ctGc().run(dp.conntrack(), dp.snat(), s.now(), false);
          scheduleGc(sn, dp.ctGc().nextInterval(s.now() - start, r.maxDeleteRatio()));
        });
  }

  private final Map<SimNode, Boolean> signalPending = new HashMap<>();

  /** A fill-up signal asks the agent for an immediate GC pass (then an orphan NAT purge). */
  private void onSignal(SimNode sn, int signal) {
    if (signalPending.putIfAbsent(sn, Boolean.TRUE) != null) {
      return; // muted while one is pending, as the agent mutes signals during a run
    }
    sim.scheduleAfter(
        0,
        s -> {
          signalPending.remove(sn);
          if (nodes.get(sn.name()) != sn) {
            return;
          }
          Datapath dp = sn.datapath();
          dp.ctGc().run(dp.conntrack(), dp.snat(), s.now(), signal == Signals.SIGNAL_NAT_FILL_UP);
        });
  }

  // ------------------------------------------------------------------ NodeEnvironment

  @Override
  public void transmit(SimNode node, int ifindex, Skb frame) {
    long tag = frame.tag();
    if (tag != 0 && !node.datapath().tunnelDevice().isTunnelPacket(frame)) {
      book.egress(tag, node.name());
    }
    fabric.transmitFromNode(node, ifindex, frame);
  }

  /** The drops so far by reason (reasons with none left out). */
  EnumMap<DropReason, Long> drops() {
    EnumMap<DropReason, Long> out = new EnumMap<>(DropReason.class);
    for (DropReason r : DropReason.values()) {
      if (dropCounts[r.ordinal()] != 0) {
        out.put(r, dropCounts[r.ordinal()]);
      }
    }
    return out;
  }

  @Override
  public void dropped(SimNode node, Skb frame, DropReason reason) {
    dropCounts[reason.ordinal()]++; // no boxing per drop: an exhaustion drops every SYN
    if (reason == DropReason.DROP_NAT_NO_MAPPING && !firstExhaustion.containsKey(node.name())) {
      firstExhaustion.put(node.name(), (long) node.datapath().natMap().size() / 2);
    }
    if (frame.tag() != 0) {
      book.dropped(frame.tag(), node.name(), reason.hubbleName());
    }
    listener.dropped(sim.now(), node.name(), frame.tag(), reason.hubbleName());
    pool.release(frame);
  }

  @Override
  public void lost(SimNode node, Skb frame, String why) {
    lostFrames++;
    if (frame.tag() != 0) {
      book.lost(frame.tag(), why);
    }
    listener.lost(sim.now(), node.name(), frame.tag(), why);
    pool.release(frame);
  }

  @Override
  public void consumed(SimNode node, Skb frame) {
    pool.release(frame);
  }

  @Override
  public void tap(SimNode node, int ifindex, boolean outgoing, Skb frame) {
    listener.frame(
        node.name(),
        node.context().ifname(ifindex),
        sim.now(),
        frame.data(),
        frame.off(),
        frame.len());
  }

  @Override
  public void release(Skb frame) {
    pool.release(frame);
  }

  // ------------------------------------------------------------------ FabricObserver

  @Override
  public void lost(String where, Skb frame, String why) {
    lostFrames++;
    if (frame.tag() != 0) {
      book.lost(frame.tag(), why);
    }
    listener.lost(sim.now(), where, frame.tag(), why);
  }

  @Override
  public void hop(Skb frame, String from, String to, long delayNanos) {
    if (wantsHops) {
      listener.hop(
          sim.now(), from, to, delayNanos, frame.tag(), frame.data(), frame.off(), frame.len());
    }
  }

  // ------------------------------------------------------------------ RunView

  @Override
  public Cluster cluster() {
    return cluster;
  }

  @Override
  public EgressControlPlane controlPlane() {
    return controlPlane;
  }

  @Override
  public Underlay underlay() {
    return underlay;
  }

  @Override
  public Datapath datapath(String node) {
    SimNode n = nodes.get(node);
    return n == null ? null : n.datapath();
  }

  @Override
  public boolean isUp(String node) {
    SimNode n = nodes.get(node);
    return n != null && n.isUp();
  }

  @Override
  public long now() {
    return sim.now();
  }

  /** Packet-hops so far: link transmissions plus pod↔node hand-offs. */
  long packetHops() {
    return fabric.hops() + handoffs;
  }
}
