package dev.egret.scenarios.lab;

import dev.egret.datapath.live.LabGuard;
import dev.egret.datapath.live.Netns;
import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.net.Ip4;
import dev.egret.datapath.packet.Mac;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The lab's Linux network: network namespaces, veth pairs and a bridge, all named with the lab
 * prefix {@value LabGuard#PREFIX} and marked with the lab's alias, built with {@code ip} and torn
 * down again.
 *
 * <pre>
 *  eg-p-default.my-app            eg-n-k8s-worker-1                  eg-ul                 eg-rt            eg-x-echo
 *  [eg-eth0 10.0.1.2/32] ──veth── [eg-lxc7 │ eg-eth0] ──veth── [eg-b0 ┐              ┌ eg-eth0 R/24]
 *   default via cilium_host        no IPs, forwarding off,            eg-br0 ── eg-b3 ─┘  forwarding on     [eg-eth0 X/32]
 *                                  egret's runner is its datapath    (bridge)             eg-x0 R/32 ──veth── default via R
 * </pre>
 *
 * Pods, node and externals each get a namespace; the underlay segment is a bridge in {@code eg-ul};
 * the router ({@code eg-rt}) forwards between the underlay and the externals outside it, with a
 * blackhole default route (an unknown destination vanishes, as in the simulator). Node namespaces
 * hold their native devices (bridge ports) and their pods' lxc devices with the model's MACs and no
 * kernel address, and forward nothing: egret's live runner is their datapath. IPv6 is off
 * everywhere (no router solicitations or ND noise); checksum and segmentation offloads are off on
 * the kernel endpoints, so every frame on a wire is complete and correctly summed.
 */
public final class LabNetwork {
  /** The underlay segment's namespace and bridge. */
  public static final String UNDERLAY_NS = LabGuard.PREFIX + "ul";

  public static final String BRIDGE = LabGuard.PREFIX + "br0";

  /** The router's namespace. */
  public static final String ROUTER_NS = LabGuard.PREFIX + "rt";

  /** A kernel endpoint's (pod's, external's, router's) own interface name. */
  public static final String ENDPOINT_IF = LabGuard.PREFIX + "eth0";

  /** A native interface of a node in the lab. */
  public record IfPlan(String modelName, int ifindex, String labName, long mac, int mtu) {}

  /** A node: its native interfaces. */
  public record NodePlan(String name, List<IfPlan> ifs) {}

  /** An external host. */
  public record ExternalPlan(String name, int ip, long mac, boolean inUnderlay) {}

  /**
   * The static part of the lab.
   *
   * @param underlay the underlay in lab addresses
   * @param routedSubnets node subnets outside the underlay that the router reaches on the segment
   */
  public record Plan(
      String scenario,
      Cidr4 underlay,
      int router,
      long routerMac,
      int mtu,
      List<NodePlan> nodes,
      List<ExternalPlan> externals,
      List<Cidr4> routedSubnets) {}

  private final String alias;
  private final Set<String> namespaces = new LinkedHashSet<>();
  private int nextBridgePort;
  private int nextRouterLeg;

  public LabNetwork(String scenarioName) {
    this.alias = LabGuard.ALIAS + " " + sanitize(scenarioName);
  }

  /** The alias every lab link carries. */
  public String alias() {
    return alias;
  }

  /** Namespaces created so far (and not removed). */
  public synchronized List<String> namespaces() {
    return new ArrayList<>(namespaces);
  }

  // ------------------------------------------------------------------ names

  public static String nodeNs(String node) {
    return LabGuard.PREFIX + "n-" + sanitize(node);
  }

  public static String podNs(String podKey) {
    return LabGuard.PREFIX + "p-" + sanitize(podKey.replace('/', '.'));
  }

  public static String externalNs(String name) {
    return LabGuard.PREFIX + "x-" + sanitize(name);
  }

  /** The lab name of a node's native interface (e.g. {@code eth0} → {@code eg-eth0}). */
  public static String nativeIfName(String modelName, int ifindex) {
    String n = LabGuard.PREFIX + modelName;
    return n.length() <= 15 && n.matches("[A-Za-z0-9._-]+") ? n : LabGuard.PREFIX + "if" + ifindex;
  }

  /** The lab name of a pod's lxc device in its node's namespace. */
  public static String lxcIfName(int lxcIfindex) {
    return LabGuard.PREFIX + "lxc" + lxcIfindex;
  }

  static String sanitize(String s) {
    String t = s.replaceAll("[^A-Za-z0-9._-]", "-");
    if (t.isEmpty() || !Character.isLetterOrDigit(t.charAt(0))) {
      t = "x" + t;
    }
    return t.length() > 60 ? t.substring(0, 60) : t;
  }

  // ------------------------------------------------------------------ building

  /** Builds the static lab: underlay, router, nodes and externals. */
  public void build(Plan plan) {
    List<String> created = new ArrayList<>();
    created.add(UNDERLAY_NS);
    created.add(ROUTER_NS);
    for (NodePlan n : plan.nodes()) {
      created.add(nodeNs(n.name()));
    }
    for (ExternalPlan e : plan.externals()) {
      created.add(externalNs(e.name()));
    }
    for (String ns : created) {
      if (Netns.exists(ns)) {
        throw new LabException(
            "namespace " + ns + " exists already: a lab is up; run egret lab down first");
      }
    }
    List<String> add = new ArrayList<>();
    for (String ns : created) {
      add.add("netns add " + ns);
    }
    synchronized (this) {
      namespaces.addAll(created);
    }
    Sh.ipBatch(null, add);
    for (String ns : created) {
      String fwd = ns.equals(ROUTER_NS) ? "1" : "0";
      Sh.inNs(
          ns,
          "sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1"
              + " net.ipv4.ip_forward="
              + fwd
              + " net.ipv4.conf.all.send_redirects=0 net.ipv4.conf.default.send_redirects=0"
              + " net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0");
    }
    String prefix = "/" + plan.underlay().prefixLength();
    List<String> ul = new ArrayList<>();
    ul.add("link add " + BRIDGE + " type bridge");
    ul.add(aliasLine(BRIDGE));
    List<String> bridgePorts = new ArrayList<>();
    List<List<String>> nodeLines = new ArrayList<>();
    for (NodePlan n : plan.nodes()) {
      List<String> nl = new ArrayList<>();
      for (IfPlan i : n.ifs()) {
        String port = bridgePort();
        bridgePorts.add(port);
        ul.add(
            "link add "
                + port
                + " type veth peer name "
                + i.labName()
                + " netns "
                + nodeNs(n.name()));
        nl.add(aliasLine(i.labName()));
        nl.add("link set " + i.labName() + " address " + Mac.format(i.mac()));
        nl.add("link set " + i.labName() + " mtu " + i.mtu());
        nl.add("link set " + i.labName() + " up");
      }
      nodeLines.add(nl);
    }
    String rtPort = bridgePort();
    bridgePorts.add(rtPort);
    ul.add("link add " + rtPort + " type veth peer name " + ENDPOINT_IF + " netns " + ROUTER_NS);
    List<ExternalPlan> outside = new ArrayList<>();
    for (ExternalPlan e : plan.externals()) {
      if (e.inUnderlay()) {
        String port = bridgePort();
        bridgePorts.add(port);
        ul.add(
            "link add "
                + port
                + " type veth peer name "
                + ENDPOINT_IF
                + " netns "
                + externalNs(e.name()));
      } else {
        outside.add(e);
      }
    }
    for (String p : bridgePorts) {
      ul.add(aliasLine(p));
      ul.add("link set " + p + " mtu " + plan.mtu());
      ul.add("link set " + p + " master " + BRIDGE);
      ul.add("link set " + p + " up");
    }
    ul.add("link set " + BRIDGE + " up");
    Sh.ipBatch(UNDERLAY_NS, ul);
    // The router: on the segment, and one leg per external outside the underlay.
    String router = Ip4.format(plan.router());
    List<String> rt = new ArrayList<>();
    rt.add(aliasLine(ENDPOINT_IF));
    rt.add("link set " + ENDPOINT_IF + " address " + Mac.format(plan.routerMac()));
    rt.add("link set " + ENDPOINT_IF + " mtu " + plan.mtu());
    rt.add("addr add " + router + prefix + " dev " + ENDPOINT_IF);
    rt.add("link set " + ENDPOINT_IF + " up");
    rt.add("link set lo up");
    List<String> legs = new ArrayList<>();
    for (ExternalPlan e : outside) {
      String leg = LabGuard.PREFIX + "x" + nextRouterLeg++;
      legs.add(leg);
      rt.add(
          "link add "
              + leg
              + " type veth peer name "
              + ENDPOINT_IF
              + " netns "
              + externalNs(e.name()));
      rt.add(aliasLine(leg));
      rt.add("link set " + leg + " mtu " + plan.mtu());
      rt.add("addr add " + router + "/32 dev " + leg);
      rt.add("link set " + leg + " up");
      rt.add("route add " + Ip4.format(e.ip()) + "/32 dev " + leg);
    }
    for (Cidr4 s : plan.routedSubnets()) {
      rt.add("route add " + s.masked() + " dev " + ENDPOINT_IF);
    }
    rt.add("route add blackhole default");
    Sh.ipBatch(ROUTER_NS, rt);
    StringBuilder rtOff = new StringBuilder();
    rtOff.append(offloadsOff(ENDPOINT_IF));
    for (String leg : legs) {
      rtOff.append("; ").append(offloadsOff(leg));
    }
    Sh.inNs(ROUTER_NS, rtOff.toString());
    for (int k = 0; k < plan.nodes().size(); k++) {
      NodePlan n = plan.nodes().get(k);
      Sh.ipBatch(nodeNs(n.name()), nodeLines.get(k));
      StringBuilder off = new StringBuilder();
      for (IfPlan i : n.ifs()) {
        off.append(off.length() == 0 ? "" : "; ").append(groOff(i.labName()));
      }
      if (off.length() > 0) {
        Sh.inNs(nodeNs(n.name()), off.toString());
      }
    }
    for (ExternalPlan e : plan.externals()) {
      String ns = externalNs(e.name());
      List<String> x = new ArrayList<>();
      x.add(aliasLine(ENDPOINT_IF));
      x.add("link set " + ENDPOINT_IF + " address " + Mac.format(e.mac()));
      x.add("link set " + ENDPOINT_IF + " mtu " + plan.mtu());
      x.add("link set lo up");
      if (e.inUnderlay()) {
        x.add("addr add " + Ip4.format(e.ip()) + prefix + " dev " + ENDPOINT_IF);
        x.add("link set " + ENDPOINT_IF + " up");
        x.add("route add default via " + router + " dev " + ENDPOINT_IF);
      } else {
        x.add("addr add " + Ip4.format(e.ip()) + "/32 dev " + ENDPOINT_IF);
        x.add("link set " + ENDPOINT_IF + " up");
        x.add("route add " + router + " dev " + ENDPOINT_IF + " scope link");
        x.add("route add default via " + router + " dev " + ENDPOINT_IF);
      }
      Sh.ipBatch(ns, x);
      Sh.inNs(ns, offloadsOff(ENDPOINT_IF));
    }
  }

  /**
   * Adds a pod: its namespace, a veth pair between it ({@value #ENDPOINT_IF}, the pod's address,
   * default route via the node's cilium_host address) and its node ({@code eg-lxcN}).
   *
   * @return the lxc device's name in the node's namespace
   */
  public String addPod(
      String podKey,
      String node,
      int ip,
      long podMac,
      int gatewayIp,
      int lxcIfindex,
      long lxcMac,
      int mtu) {
    String ns = podNs(podKey);
    String nodeNs = nodeNs(node);
    String lxc = lxcIfName(lxcIfindex);
    if (Netns.exists(ns)) {
      throw new LabException("namespace " + ns + " exists already");
    }
    synchronized (this) {
      namespaces.add(ns);
    }
    Sh.run("ip", "netns", "add", ns);
    Sh.inNs(
        ns,
        "sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1"
            + " net.ipv4.ping_group_range='0 2147483647'");
    Sh.ipBatch(
        nodeNs,
        List.of(
            "link add " + lxc + " type veth peer name " + ENDPOINT_IF + " netns " + ns,
            aliasLine(lxc),
            "link set " + lxc + " address " + Mac.format(lxcMac),
            "link set " + lxc + " mtu " + mtu,
            "link set " + lxc + " up"));
    String gw = Ip4.format(gatewayIp);
    Sh.ipBatch(
        ns,
        List.of(
            aliasLine(ENDPOINT_IF),
            "link set " + ENDPOINT_IF + " address " + Mac.format(podMac),
            "link set " + ENDPOINT_IF + " mtu " + mtu,
            "addr add " + Ip4.format(ip) + "/32 dev " + ENDPOINT_IF,
            "link set " + ENDPOINT_IF + " up",
            "link set lo up",
            "route add " + gw + " dev " + ENDPOINT_IF + " scope link",
            "route add default via " + gw + " dev " + ENDPOINT_IF));
    Sh.inNs(ns, offloadsOff(ENDPOINT_IF));
    Sh.inNs(nodeNs, groOff(lxc));
    return lxc;
  }

  /** Removes a pod's namespace (its veth pair goes with it). */
  public void removePod(String podKey) {
    removeNamespace(podNs(podKey));
  }

  private void removeNamespace(String ns) {
    synchronized (this) {
      namespaces.remove(ns);
    }
    if (Netns.exists(ns)) {
      Sh.quiet("ip", "netns", "del", ns);
    }
  }

  /** Removes every namespace this instance created (pods first). Idempotent. */
  public void destroy() {
    List<String> all = namespaces();
    List<String> ordered = new ArrayList<>();
    for (String ns : all) {
      if (ns.startsWith(LabGuard.PREFIX + "p-")) {
        ordered.add(ns);
      }
    }
    for (String ns : all) {
      if (!ordered.contains(ns)) {
        ordered.add(ns);
      }
    }
    for (String ns : ordered) {
      removeNamespace(ns);
    }
  }

  /** Every lab namespace on the machine (name starts with the prefix), created by anyone. */
  public static List<String> existingLabNamespaces() {
    List<String> out = new ArrayList<>();
    for (String line : Sh.quiet("ip", "netns", "list").split("\n")) {
      String name = line.trim().split("\\s+")[0];
      if (name.startsWith(LabGuard.PREFIX)) {
        out.add(name);
      }
    }
    return out;
  }

  /** The underlay bridge's ports (veth ends in {@value #UNDERLAY_NS}). */
  public static List<String> bridgePorts() {
    List<String> out = new ArrayList<>();
    for (String name : linkNames(UNDERLAY_NS)) {
      if (name.startsWith(LabGuard.PREFIX + "b") && !name.equals(BRIDGE)) {
        out.add(name);
      }
    }
    return out;
  }

  /** The link names of namespace {@code ns} (null: this process's own). */
  static List<String> linkNames(String ns) {
    List<String> out = new ArrayList<>();
    String text =
        ns == null
            ? Sh.quiet("ip", "-o", "link", "show")
            : Sh.quiet("ip", "-n", ns, "-o", "link", "show");
    for (String line : text.split("\n")) {
      String[] f = line.split(":\\s+", 3);
      if (f.length >= 2) {
        out.add(f[1].split("@")[0].trim());
      }
    }
    return out;
  }

  /** Lab-prefixed links in the namespace this process runs in (there should never be any). */
  public static List<String> strayRootLinks() {
    List<String> out = new ArrayList<>();
    for (String name : linkNames(null)) {
      if (name.startsWith(LabGuard.PREFIX)) {
        out.add(name);
      }
    }
    return out;
  }

  /**
   * Removes every lab namespace and stray lab link ({@code egret lab down}); returns what it
   * removed.
   */
  public static List<String> removeAll() {
    List<String> removed = new ArrayList<>();
    for (String ns : existingLabNamespaces()) {
      Sh.quiet("ip", "netns", "del", ns);
      removed.add("namespace " + ns);
    }
    for (String l : strayRootLinks()) {
      Sh.quiet("ip", "link", "del", l);
      removed.add("link " + l);
    }
    return removed;
  }

  // ------------------------------------------------------------------ helpers

  private String bridgePort() {
    return LabGuard.PREFIX + "b" + nextBridgePort++;
  }

  private String aliasLine(String dev) {
    return "link set " + dev + " alias \"" + alias + "\"";
  }

  /** Kernel endpoints: full checksums and no segmentation offload on what they send. */
  private static String offloadsOff(String dev) {
    return "ethtool -K " + dev + " tx off sg off tso off gso off gro off >/dev/null 2>&1 || true";
  }

  /** Runner-side devices: frames must reach pcap as they came off the wire. */
  private static String groOff(String dev) {
    return "ethtool -K " + dev + " gro off >/dev/null 2>&1 || true";
  }
}
