package dev.egret.scenarios.lab;

import dev.egret.datapath.Datapath;
import dev.egret.datapath.live.LiveRunner;
import dev.egret.datapath.maps.IntIntHashMap;
import dev.egret.datapath.monitor.DropReason;
import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.packet.Mac;
import dev.egret.datapath.packet.Skb;
import dev.egret.topology.model.Interface;
import dev.egret.topology.model.Node;
import dev.egret.topology.model.Pod;
import dev.egret.topology.node.NodeEnvironment;
import dev.egret.topology.node.SimNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One node of the lab: the simulator's own {@link SimNode} (the same datapath, maps and wiring
 * between programs, tunnel device and devices that every simulated run uses) whose environment is
 * the real network: frames come from a {@link LiveRunner}'s pcap handles on the node namespace's
 * interfaces and leave by injection on the device the verdict names. Its pods' frames come from
 * their lxc veths; what the node delivers to a pod is injected on that veth.
 *
 * <p>Every method of the environment runs on a runner thread holding the world's lock.
 */
final class LabNode implements NodeEnvironment {
  final String name;
  SimNode sim;
  final LiveRunner runner;
  private final LabBook book;
  private final Map<DropReason, Long> drops;
  private final Map<String, Long> firstExhaustion;
  private final IntIntHashMap portOfIfindex = new IntIntHashMap(16);
  private int[] ifindexOfPort = new int[8];
  private int[] podIpOfPort = new int[8];
  private final List<Integer> nativePorts = new ArrayList<>();
  private final LabCaptures captures;

  /** Native device MACs → ifindex: a frame sent to one of them comes back in (local delivery). */
  private long[] ownMacs = new long[0];

  private int[] ownMacIfindex = new int[0];

  /** The node's own native addresses → the MAC of the device holding them. */
  private final dev.egret.datapath.maps.IntLongHashMap ownIps =
      new dev.egret.datapath.maps.IntLongHashMap(8);

  private final java.util.ArrayDeque<Skb> loopback = new java.util.ArrayDeque<>();
  long lost;

  LabNode(
      String name,
      Object lock,
      LabBook book,
      EnumMap<DropReason, Long> drops,
      Map<String, Long> firstExhaustion,
      LabCaptures captures) {
    this.name = name;
    this.book = book;
    this.drops = drops;
    this.firstExhaustion = firstExhaustion;
    this.captures = captures;
    this.runner = new LiveRunner(name, lock, this::frame);
  }

  /** Binds the node's datapath (created after this, because it takes this as environment). */
  void setSim(SimNode sim) {
    this.sim = sim;
  }

  /** Adds the node's native devices as runner ports (before the runner starts). */
  void addNativePorts(String ns) {
    Node n = sim.node();
    for (Interface i : n.interfaces()) {
      if (!sim.context().isNativeDevice(i.ifindex())) {
        continue;
      }
      long mac = Mac.read(i.mac(), 0);
      List<Cidr4> addrs = i.addresses();
      int port =
          runner.addPort(
              new LiveRunner.PortSpec(
                  ns,
                  LabNetwork.nativeIfName(i.name(), i.ifindex()),
                  mac,
                  ip -> holds(addrs, ip),
                  target -> arpSource(addrs, target),
                  true,
                  null));
      bind(port, i.ifindex(), 0);
      nativePorts.add(port);
      ownMacs = java.util.Arrays.copyOf(ownMacs, ownMacs.length + 1);
      ownMacIfindex = java.util.Arrays.copyOf(ownMacIfindex, ownMacIfindex.length + 1);
      ownMacs[ownMacs.length - 1] = mac;
      ownMacIfindex[ownMacIfindex.length - 1] = i.ifindex();
      for (Cidr4 a : addrs) {
        ownIps.put(a.address(), mac);
      }
    }
  }

  private static boolean holds(List<Cidr4> addrs, int ip) {
    for (Cidr4 a : addrs) {
      if (a.address() == ip) {
        return true;
      }
    }
    return false;
  }

  /** The address an ARP request for {@code target} is sent from: one whose subnet covers it. */
  private static int arpSource(List<Cidr4> addrs, int target) {
    for (Cidr4 a : addrs) {
      if (a.prefixLength() < 32 && a.contains(target)) {
        return a.address();
      }
    }
    return 0;
  }

  /** Adds a pod's lxc device as a runner port and attaches the pod to the datapath. */
  int attachPod(Pod p, String ns, String lxcIf, long podMac, long lxcMac) {
    int podIp = p.ip();
    int port =
        runner.addPort(
            new LiveRunner.PortSpec(ns, lxcIf, lxcMac, ip -> ip != podIp, ip -> 0, false, null));
    bind(port, p.lxcIfindex(), podIp);
    return port;
  }

  private synchronized void bind(int port, int ifindex, int podIp) {
    if (port >= ifindexOfPort.length) {
      ifindexOfPort = java.util.Arrays.copyOf(ifindexOfPort, port * 2 + 1);
      podIpOfPort = java.util.Arrays.copyOf(podIpOfPort, port * 2 + 1);
    }
    ifindexOfPort[port] = ifindex;
    podIpOfPort[port] = podIp;
    portOfIfindex.put(ifindex, port);
  }

  /** Forgets a pod's port (after {@link LiveRunner#removePort}). */
  synchronized void unbind(int port) {
    if (port < ifindexOfPort.length) {
      portOfIfindex.remove(ifindexOfPort[port]);
      ifindexOfPort[port] = 0;
      podIpOfPort[port] = 0;
    }
  }

  /** Every node IP, router and external address this node must resolve before traffic starts. */
  List<Integer> nativePorts() {
    return nativePorts;
  }

  /**
   * The neighbour table the node's FIB uses: its own native addresses resolve to its own device
   * (the kernel would deliver locally; e.g. Cilium 1.10 tunnels to the gateway even when that is
   * the node itself), everything else through the runner's ARP.
   */
  long macOf(int ip) {
    long own = ownIps.get(ip);
    return own != dev.egret.datapath.maps.IntLongHashMap.MISSING ? own : runner.macOf(ip);
  }

  /** A frame from a runner port: into the node's datapath. */
  private void frame(int port, Skb skb) {
    int ifindex;
    int podIp;
    synchronized (this) {
      ifindex = port < ifindexOfPort.length ? ifindexOfPort[port] : 0;
      podIp = port < podIpOfPort.length ? podIpOfPort[port] : 0;
    }
    if (ifindex == 0) {
      return;
    }
    if (podIp != 0) {
      skb.setTag(book.tagOf(skb, false));
      sim.fromPod(podIp, skb);
    } else {
      skb.setTag(book.tagOf(skb, true));
      sim.receive(ifindex, skb);
    }
    // Frames the node addressed to itself re-enter it, as the simulator's underlay delivers them.
    for (int n = 0; n < MAX_LOOPBACK && !loopback.isEmpty(); n++) {
      Skb f = loopback.poll();
      sim.receive(ownIfindex(Mac.read(f.data(), f.off())), f);
    }
    loopback.clear();
  }

  private static final int MAX_LOOPBACK = 8;

  /** The ifindex of the node's native device with MAC {@code mac}, or 0. */
  private int ownIfindex(long mac) {
    for (int k = 0; k < ownMacs.length; k++) {
      if (ownMacs[k] == mac) {
        return ownMacIfindex[k];
      }
    }
    return 0;
  }

  /** Where the node delivers a pod's frames: its lxc veth. */
  void deliverToPod(int port, Skb skb) {
    runner.transmit(port, skb);
  }

  // ------------------------------------------------------------------ NodeEnvironment

  @Override
  public void transmit(SimNode node, int ifindex, Skb frame) {
    if (ownIfindex(Mac.read(frame.data(), frame.off())) != 0) {
      loopback.add(new Skb(frame.len()).copyFrom(frame));
      return;
    }
    long tag = frame.tag();
    if (tag != 0 && !node.datapath().tunnelDevice().isTunnelPacket(frame)) {
      book.egress(tag, name, frame);
    }
    int port = portOfIfindex.get(ifindex);
    if (port == IntIntHashMap.MISSING) {
      lost++;
      return;
    }
    runner.transmit(port, frame);
  }

  @Override
  public void dropped(SimNode node, Skb frame, DropReason reason) {
    drops.merge(reason, 1L, Long::sum);
    if (reason == DropReason.DROP_NAT_NO_MAPPING && !firstExhaustion.containsKey(name)) {
      // SNAT mappings in use at the first failed allocation, as the simulator records them
      firstExhaustion.put(name, (long) node.datapath().natMap().size() / 2);
    }
    if (frame.tag() != 0) {
      book.dropped(frame.tag(), name, reason.hubbleName());
    }
  }

  @Override
  public void lost(SimNode node, Skb frame, String why) {
    lost++;
    if (frame.tag() != 0) {
      book.lost(frame.tag(), why);
    }
  }

  @Override
  public void consumed(SimNode node, Skb frame) {}

  @Override
  public void tap(SimNode node, int ifindex, boolean outgoing, Skb frame) {
    captures.frame(name, node.context().ifname(ifindex), frame);
  }

  @Override
  public void release(Skb frame) {}

  Datapath datapath() {
    return sim.datapath();
  }
}
