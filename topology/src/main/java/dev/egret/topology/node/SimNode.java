package dev.egret.topology.node;

import dev.egret.datapath.Datapath;
import dev.egret.datapath.maps.RemoteEndpointInfo;
import dev.egret.datapath.monitor.DropReason;
import dev.egret.datapath.node.FibResult;
import dev.egret.datapath.node.NodeContext;
import dev.egret.datapath.packet.Eth;
import dev.egret.datapath.packet.Ipv4;
import dev.egret.datapath.packet.Mac;
import dev.egret.datapath.packet.Skb;
import dev.egret.datapath.program.BpfHost;
import dev.egret.datapath.program.BpfLxc;
import dev.egret.datapath.program.BpfOverlay;
import dev.egret.datapath.program.Verdict;
import dev.egret.topology.model.Node;
import dev.egret.topology.model.Pod;
import java.util.Arrays;

/**
 * One Kubernetes node in the simulation: its datapath (Cilium's programs over its own maps) wired
 * to its pods' lxc devices, its tunnel device and its native devices, plus the kernel behaviour
 * between them:
 *
 * <pre>
 * pod ─lxc→ from-container ─┬─ REDIRECT(cilium_vxlan) → vxlan encap → to-netdev(eth0) → wire
 *                           ├─ REDIRECT(lxc)          → pod (local delivery)
 *                           └─ OK → stack: route → TTL−1 → to-netdev(dev) → wire
 * wire ─eth0→ from-netdev ──┬─ REDIRECT(cilium_vxlan) → vxlan encap → to-netdev → wire (EGW reply)
 *                           ├─ REDIRECT(lxc)          → pod
 *                           └─ OK → stack: VXLAN to us? → decap → from-overlay ─┬─ REDIRECT(dev) → to-netdev → wire
 *                                                                               ├─ REDIRECT(lxc) → pod
 *                                                                               └─ OK → stack
 *                                   local pod? → to-container (ipv4_policy) → pod
 *                                   own address? → consumed; else lost
 * </pre>
 *
 * A packet crosses a node in zero simulated time. A node that is down (the scenario's {@code
 * nodeDown}) runs no program: what reaches it, or what its pods send, is lost; its Node object is
 * untouched, so the control plane keeps choosing it (as Cilium does). Not thread-safe.
 */
public final class SimNode {
  /** Redirect chains longer than this are a loop in the model; the frame is lost. */
  private static final int MAX_REDIRECTS = 8;

  private final Datapath dp;
  private final SimNodeContext ctx;
  private final NodeEnvironment env;
  private final FibResult fib = new FibResult();
  private boolean up = true;
  private boolean[] captured = new boolean[16];
  private PodPort[] ports = new PodPort[8];
  private int nextEndpointId = FIRST_ENDPOINT_ID;

  /** Cilium endpoint IDs of pods start here (the host endpoint is {@code HOST_EP_ID} 1). */
  public static final int FIRST_ENDPOINT_ID = 100;

  public SimNode(Datapath dp, SimNodeContext ctx, NodeEnvironment env) {
    this.dp = dp;
    this.ctx = ctx;
    this.env = env;
  }

  public String name() {
    return ctx.name();
  }

  public Datapath datapath() {
    return dp;
  }

  public SimNodeContext context() {
    return ctx;
  }

  public Node node() {
    return ctx.node();
  }

  public boolean isUp() {
    return up;
  }

  /** {@code nodeDown} / {@code nodeUp}: the datapath stops or resumes (maps are kept). */
  public void setUp(boolean up) {
    this.up = up;
  }

  /** Turns the capture tap of an interface on or off. */
  public void setCaptured(int ifindex, boolean on) {
    if (ifindex >= captured.length) {
      captured = Arrays.copyOf(captured, Math.max(ifindex + 1, captured.length * 2));
    }
    captured[ifindex] = on;
  }

  private void tap(int ifindex, boolean out, Skb skb) {
    if (ifindex < captured.length && captured[ifindex]) {
      env.tap(this, ifindex, out, skb);
    }
  }

  // ------------------------------------------------------------------ pods

  /**
   * Attaches a running pod of this node: registers its endpoint (IP, identity, lxc device) with the
   * datapath and where to deliver its frames. Returns the endpoint handle.
   */
  public int attachPod(Pod pod, long podMac, PodPort port) {
    int ep =
        ctx.addEndpoint(
            pod.ip(), pod.identity(), nextEndpointId++, pod.lxcIfindex(), podMac, lxcName(pod));
    if (ep >= ports.length) {
      ports = Arrays.copyOf(ports, Math.max(ep + 1, ports.length * 2));
    }
    ports[ep] = port;
    return ep;
  }

  /** Updates a local pod's identity after a relabel. */
  public void updatePod(Pod pod) {
    int ep = ctx.lookupEndpoint(pod.ip());
    if (ep != NodeContext.NO_ENDPOINT) {
      ctx.setEndpointIdentity(ep, pod.identity());
    }
  }

  /** Detaches a pod (deleted or rescheduled away). */
  public void detachPod(int podIp) {
    int ep = ctx.lookupEndpoint(podIp);
    if (ep != NodeContext.NO_ENDPOINT) {
      ports[ep] = null;
      ctx.removeEndpoint(podIp);
    }
  }

  /** The device name Cilium would give the pod's host-side veth: lxc + 12 hex digits. */
  static String lxcName(Pod pod) {
    long h = 0xcbf29ce484222325L;
    for (char c : pod.uid().toCharArray()) {
      h = (h ^ c) * 0x100000001b3L;
    }
    String hex = Long.toHexString(h | (1L << 60));
    return "lxc" + hex.substring(hex.length() - 12);
  }

  // ------------------------------------------------------------------ packet entry points

  /** A frame sent by the pod at {@code podIp} enters the node through its lxc device. */
  public void fromPod(int podIp, Skb skb) {
    if (!up) {
      env.lost(this, skb, "node " + name() + " is down");
      return;
    }
    int ep = ctx.lookupEndpoint(podIp);
    if (ep == NodeContext.NO_ENDPOINT) {
      env.lost(this, skb, "no endpoint " + podIp + " on node " + name());
      return;
    }
    int lxc = ctx.endpointIfindex(ep);
    skb.resetMetadata();
    skb.setIfindex(lxc);
    skb.setIngressIfindex(lxc);
    tap(lxc, false, skb);
    int v = BpfLxc.fromContainer(dp, ctx, skb, ep);
    afterProgram(v, skb, 0);
  }

  /** A frame arrives from the wire on native device {@code ifindex}. */
  public void receive(int ifindex, Skb skb) {
    if (!up) {
      env.lost(this, skb, "node " + name() + " is down");
      return;
    }
    skb.resetMetadata();
    skb.setIfindex(ifindex);
    skb.setIngressIfindex(ifindex);
    tap(ifindex, false, skb);
    int v = BpfHost.fromNetdev(dp, ctx, skb);
    if (Verdict.isOk(v)) {
      stackReceive(skb, 0);
      return;
    }
    afterProgram(v, skb, 0);
  }

  // ------------------------------------------------------------------ verdict handling

  /** Handles a program's verdict: drop, redirect, or continue in the stack. */
  private void afterProgram(int v, Skb skb, int depth) {
    if (Verdict.isDrop(v)) {
      env.dropped(this, skb, Verdict.dropReason(v));
      return;
    }
    if (Verdict.isRedirect(v)) {
      redirect(Verdict.ifindex(v), skb, depth + 1);
      return;
    }
    stackForward(skb, depth);
  }

  private void redirect(int ifindex, Skb skb, int depth) {
    if (depth > MAX_REDIRECTS) {
      env.lost(this, skb, "redirect loop on node " + name());
      return;
    }
    if (ifindex == ctx.encapIfindex()) {
      encapAndSend(skb, depth);
      return;
    }
    if (ctx.isNativeDevice(ifindex)) {
      toNetdev(ifindex, skb, depth);
      return;
    }
    int ep = ctx.endpointByIfindex(ifindex);
    if (ep != NodeContext.NO_ENDPOINT) {
      deliver(ep, skb);
      return;
    }
    env.lost(this, skb, "redirect to unknown device " + ifindex + " on node " + name());
  }

  /** The frame goes out of a native device through bpf_host's to-netdev. */
  private void toNetdev(int ifindex, Skb skb, int depth) {
    skb.setIfindex(ifindex);
    int v = BpfHost.toNetdev(dp, ctx, skb);
    if (Verdict.isOk(v)) {
      tap(ifindex, true, skb);
      env.transmit(this, ifindex, skb);
      return;
    }
    if (Verdict.isRedirect(v) && Verdict.ifindex(v) == ifindex) {
      tap(ifindex, true, skb);
      env.transmit(this, ifindex, skb);
      return;
    }
    afterProgramNoStack(v, skb, depth);
  }

  private void afterProgramNoStack(int v, Skb skb, int depth) {
    if (Verdict.isDrop(v)) {
      env.dropped(this, skb, Verdict.dropReason(v));
    } else if (Verdict.isRedirect(v)) {
      redirect(Verdict.ifindex(v), skb, depth + 1);
    } else {
      env.lost(this, skb, "unexpected verdict on node " + name());
    }
  }

  /**
   * The vxlan/geneve device's transmit ({@code vxlan_xmit}): outer headers toward the key's remote,
   * with the source the kernel's route lookup picks, then out of the egress device's to-netdev.
   */
  private void encapAndSend(Skb skb, int depth) {
    int vxlan = ctx.encapIfindex();
    tap(vxlan, true, skb);
    int remote = skb.tunnelRemoteIpv4();
    int src = ctx.route(remote, fib);
    if (fib.ifindex == 0 || !ctx.isNativeDevice(fib.ifindex)) {
      env.lost(this, skb, "no route to tunnel endpoint on node " + name());
      return;
    }
    if (fib.dmac == 0) {
      env.lost(this, skb, "no neighbour for tunnel endpoint on node " + name());
      return;
    }
    int r = dp.tunnelDevice().encap(skb, src, fib.smac, fib.dmac);
    if (Verdict.isDrop(r)) {
      env.dropped(this, skb, Verdict.dropReason(r));
      return;
    }
    toNetdev(fib.ifindex, skb, depth + 1);
  }

  /**
   * The host stack forwards a packet a program let through (e.g. from a pod, or from the overlay at
   * a 1.10 gateway): to a local pod, to the node itself, or routed out of a device with TTL − 1 and
   * new MACs ({@code ip_forward}).
   */
  private void stackForward(Skb skb, int depth) {
    byte[] b = skb.data();
    int l3 = skb.off() + Eth.HLEN;
    if (skb.len() < Eth.HLEN + Ipv4.MIN_HLEN || Eth.proto(b, skb.off()) != Eth.ETH_P_IP) {
      env.lost(this, skb, "non-IPv4 frame in the stack of node " + name());
      return;
    }
    int dst = Ipv4.daddr(b, l3);
    int ep = ctx.lookupEndpoint(dst);
    if (ep != NodeContext.NO_ENDPOINT) {
      toContainer(ep, skb);
      return;
    }
    if (ctx.isLocalHostIp(dst)) {
      env.consumed(this, skb);
      return;
    }
    ctx.route(dst, fib);
    if (fib.ifindex == 0 || !ctx.isNativeDevice(fib.ifindex)) {
      env.lost(
          this,
          skb,
          "no route to " + dev.egret.datapath.net.Ip4.format(dst) + " on node " + name());
      return;
    }
    if (fib.dmac == 0) {
      env.lost(this, skb, "no neighbour on node " + name());
      return;
    }
    if (!Ipv4.decTtl(b, l3)) {
      env.lost(this, skb, "TTL exceeded on node " + name());
      return;
    }
    Mac.write(b, skb.off() + Eth.SRC, fib.smac);
    Mac.write(b, skb.off() + Eth.DST, fib.dmac);
    toNetdev(fib.ifindex, skb, depth + 1);
  }

  /** The stack receives a packet from a native device that from-netdev passed. */
  private void stackReceive(Skb skb, int depth) {
    if (dp.tunnelDevice().isTunnelPacket(skb)
        && ctx.isLocalHostIp(Ipv4.daddr(skb.data(), skb.off() + Eth.HLEN))) {
      int r = dp.tunnelDevice().decap(skb);
      if (Verdict.isDrop(r)) {
        env.dropped(this, skb, Verdict.dropReason(r));
        return;
      }
      int vxlan = ctx.encapIfindex();
      skb.setIfindex(vxlan);
      skb.setIngressIfindex(vxlan);
      tap(vxlan, false, skb);
      int v = BpfOverlay.fromOverlay(dp, ctx, skb);
      afterProgram(v, skb, depth);
      return;
    }
    byte[] b = skb.data();
    if (skb.len() < Eth.HLEN + Ipv4.MIN_HLEN || Eth.proto(b, skb.off()) != Eth.ETH_P_IP) {
      env.consumed(this, skb);
      return;
    }
    int dst = Ipv4.daddr(b, skb.off() + Eth.HLEN);
    int ep = ctx.lookupEndpoint(dst);
    if (ep != NodeContext.NO_ENDPOINT) {
      toContainer(ep, skb);
      return;
    }
    if (ctx.isLocalHostIp(dst)) {
      env.consumed(this, skb);
      return;
    }
    env.lost(this, skb, "not addressed to node " + name());
  }

  /** The stack hands a packet to a local pod: the lxc's to-container program, then the pod. */
  private void toContainer(int ep, Skb skb) {
    int src = Ipv4.saddr(skb.data(), skb.off() + Eth.HLEN);
    long info = ctx.ipcacheLookup(src);
    int srcId =
        RemoteEndpointInfo.found(info)
            ? RemoteEndpointInfo.identity(info)
            : dev.egret.datapath.identity.Identities.WORLD_ID;
    int v = BpfLxc.ipv4Policy(dp, ctx, skb, ep, srcId, false);
    if (Verdict.isDrop(v)) {
      env.dropped(this, skb, Verdict.dropReason(v));
      return;
    }
    deliver(ep, skb);
  }

  /** Hands the frame to the pod behind endpoint {@code ep}. */
  private void deliver(int ep, Skb skb) {
    PodPort port = ep < ports.length ? ports[ep] : null;
    if (port == null) {
      env.lost(this, skb, "endpoint without a pod on node " + name());
      return;
    }
    // The veth delivers with the pod as L2 destination, as local delivery and the stack both do.
    Mac.write(skb.data(), skb.off() + Eth.DST, ctx.endpointMac(ep));
    Mac.write(skb.data(), skb.off() + Eth.SRC, ctx.endpointNodeMac(ep));
    tap(ctx.endpointIfindex(ep), true, skb);
    port.deliver(skb);
  }

  /** The drop reason of a verdict, for observers. */
  static DropReason reasonOf(int v) {
    return Verdict.dropReason(v);
  }

  @Override
  public String toString() {
    return "SimNode(" + name() + (up ? "" : ", down") + ")";
  }
}
