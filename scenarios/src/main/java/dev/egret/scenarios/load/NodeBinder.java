package dev.egret.scenarios.load;

import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.net.Ip4;
import dev.egret.scenarios.model.NetworkSettings;
import dev.egret.topology.cluster.NodeSpec;
import dev.egret.topology.model.Labels;
import dev.egret.topology.model.NodeNetwork.InterfaceSpec;
import dev.egret.topology.yaml.Problems;
import dev.egret.topology.yaml.YamlValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binds {@code spec.nodes[]} (and {@code nodeAdd} items). A node without {@code internalIP} gets
 * the next free underlay address after the router, in the order nodes appear; a node without {@code
 * interfaces} gets one {@code eth0} holding its InternalIP. Like the kubelet, egret adds the labels
 * {@code kubernetes.io/hostname}, {@code kubernetes.io/os} and {@code kubernetes.io/arch} unless
 * the scenario sets them.
 */
final class NodeBinder {
  static final Set<String> FIELDS =
      Set.of("name", "labels", "internalIP", "externalIP", "podCIDR", "interfaces");
  static final Set<String> IFACE_FIELDS = Set.of("name", "addresses");

  private final Problems p;
  private final NetworkSettings net;
  final Map<String, YamlValue> declared = new LinkedHashMap<>();

  /** Names given to nodes that are not valid names: references to them are not reported again. */
  final Set<String> broken = new HashSet<>();

  /**
   * Some node could not be read far enough to know its name (or spec.nodes is not a list):
   * references to unknown nodes are then not reported, the first error says what to fix.
   */
  boolean incomplete;

  private final Map<Integer, String> ipOwner = new HashMap<>();

  /** A node bound but not finished: its InternalIP may still need a default. */
  private record Raw(
      String name,
      Map<String, String> labels,
      int internal,
      int external,
      Cidr4 podCidr,
      List<InterfaceSpec> interfaces,
      YamlValue item,
      YamlValue internalIpValue) {}

  NodeBinder(Problems p, NetworkSettings net) {
    this.p = p;
    this.net = net;
    ipOwner.put(net.router(), "the router");
  }

  List<NodeSpec> bindNodes(YamlValue list) {
    List<NodeSpec> out = new ArrayList<>();
    List<Raw> raw = new ArrayList<>();
    incomplete |= !list.isAbsent() && !list.isArray();
    for (YamlValue item : list.items(p)) {
      Raw r = bindRaw(item);
      if (r != null) {
        raw.add(r);
      }
    }
    for (Raw r : raw) {
      out.add(finish(r));
    }
    return out;
  }

  /** One node for {@code nodeAdd}; null when invalid. */
  NodeSpec bindOne(YamlValue item) {
    Raw r = bindRaw(item);
    return r == null ? null : finish(r);
  }

  /** Names of every node seen so far (declared or added). */
  Set<String> names() {
    return declared.keySet();
  }

  private Raw bindRaw(YamlValue item) {
    if (!item.expectObject(p, "a node {name, labels, internalIP, ...}")) {
      incomplete = true;
      if (item.isAbsent()) {
        p.error(item.location(), item.path(), "is empty; a node needs at least a name");
      }
      return null;
    }
    item.warnUnknownFields(p, FIELDS, "a node");
    YamlValue nameV = item.get("name");
    String name = nameV.asString(p, null);
    if (name == null) {
      nameV.require(p, "the node's name, e.g. k8s-worker-1");
      incomplete = true;
      return null;
    }
    String bad = Names.checkSubdomain(name);
    if (bad != null) {
      p.error(nameV.location(), nameV.path(), bad);
      broken.add(name);
      return null;
    }
    if (declared.containsKey(name)) {
      p.error(
          nameV.location(),
          nameV.path(),
          "duplicate node name \""
              + name
              + "\" (first declared at "
              + declared.get(name).location()
              + "); give each node its own name");
      return null;
    }
    declared.put(name, nameV);
    Map<String, String> labels = bindLabels(item.get("labels"));
    labels.putIfAbsent("kubernetes.io/hostname", name);
    labels.putIfAbsent("kubernetes.io/os", "linux");
    labels.putIfAbsent("kubernetes.io/arch", "amd64");

    YamlValue ipV = item.get("internalIP");
    int internal = ipV.asIp4(p, 0);
    if (internal != 0) {
      if (!net.underlay().contains(internal)) {
        p.error(
            ipV.location(),
            ipV.path(),
            Ip4.format(internal)
                + " is outside the underlay "
                + net.underlay()
                + "; a node's InternalIP must be on the underlay segment (or widen"
                + " spec.network.underlay.cidr)");
      } else if (!claim(internal, "node " + name, ipV)) {
        internal = 0;
      }
    }
    YamlValue extV = item.get("externalIP");
    int external = extV.asIp4(p, 0);
    YamlValue podV = item.get("podCIDR");
    Cidr4 pod = podV.asCidr4(p);
    if (pod != null && pod.hasHostBits()) {
      p.error(
          podV.location(),
          podV.path(),
          "\"" + pod + "\" has host bits set; write the network" + " address, " + pod.masked());
      pod = null;
    } else if (pod != null && (pod.prefixLength() < 8 || pod.prefixLength() > 30)) {
      p.error(
          podV.location(),
          podV.path(),
          "\"" + pod + "\": a pod CIDR must be /8 to /30 (/24 is" + " usual)");
      pod = null;
    }
    List<InterfaceSpec> ifs = null;
    YamlValue ifV = item.get("interfaces");
    if (!ifV.isAbsent()) {
      ifs = new ArrayList<>();
      Set<String> ifNames = new HashSet<>();
      for (YamlValue i : ifV.items(p)) {
        if (!i.expectObject(p, "{name, addresses}")) {
          continue;
        }
        i.warnUnknownFields(p, IFACE_FIELDS, "an interface");
        YamlValue inV = i.get("name");
        String in = inV.asString(p, null);
        if (in == null) {
          inV.require(p, "e.g. eth0");
          continue;
        }
        String badIf = Names.checkInterface(in);
        if (badIf != null) {
          p.error(inV.location(), inV.path(), badIf);
          continue;
        }
        if (in.equals("lo") || in.startsWith("cilium_") || in.startsWith("lxc")) {
          p.error(
              inV.location(),
              inV.path(),
              "\""
                  + in
                  + "\" is reserved (egret creates lo,"
                  + " cilium_* and lxc* interfaces itself)");
          continue;
        }
        if (!ifNames.add(in)) {
          p.error(
              inV.location(),
              inV.path(),
              "duplicate interface name \"" + in + "\" on node " + name);
          continue;
        }
        List<Cidr4> addrs = new ArrayList<>();
        for (YamlValue a : i.get("addresses").items(p)) {
          Cidr4 c = interfaceAddress(a);
          if (c != null) {
            addrs.add(c);
          }
        }
        ifs.add(new InterfaceSpec(in, addrs));
      }
    }
    return new Raw(name, labels, internal, external, pod, ifs, item, ipV);
  }

  private NodeSpec finish(Raw r) {
    String name = r.name();
    int internal = r.internal();
    YamlValue item = r.item();
    List<InterfaceSpec> ifs = r.interfaces();
    if (internal == 0 && r.internalIpValue().isAbsent()) {
      if (ifs != null) {
        // Take the first interface address inside the underlay, as kubelet would report it.
        for (InterfaceSpec i : ifs) {
          for (Cidr4 a : i.addresses()) {
            if (internal == 0 && net.underlay().contains(a.address())) {
              internal = a.address();
            }
          }
        }
        if (internal != 0 && !claim(internal, "node " + name, item)) {
          internal = 0;
        }
      }
      if (internal == 0) {
        internal = nextFree();
        if (internal == 0) {
          p.error(
              item.location(),
              item.path(),
              "no free underlay address left in "
                  + net.underlay()
                  + " for node "
                  + name
                  + "; give it an internalIP");
        } else {
          ipOwner.put(internal, "node " + name);
        }
      }
    }
    if (ifs != null && internal != 0) {
      boolean held = false;
      for (InterfaceSpec i : ifs) {
        for (Cidr4 a : i.addresses()) {
          held |= a.address() == internal;
        }
      }
      if (!held) {
        p.error(
            item.get("interfaces").location(),
            item.get("interfaces").path(),
            "the node's InternalIP "
                + Ip4.format(internal)
                + " is on none of its interfaces;"
                + " add it to one (usually eth0, e.g. "
                + Ip4.format(internal)
                + "/"
                + net.underlay().prefixLength()
                + ")");
      }
    }
    return new NodeSpec(name, Labels.of(r.labels()), internal, r.external(), r.podCidr(), ifs);
  }

  private boolean claim(int ip, String who, YamlValue at) {
    String owner = ipOwner.putIfAbsent(ip, who);
    if (owner != null) {
      p.error(
          at.location(),
          at.path(),
          Ip4.format(ip)
              + " is already used by "
              + owner
              + "; every node, external and the router needs an address of its own");
      return false;
    }
    return true;
  }

  private int nextFree() {
    Cidr4 u = net.underlay();
    for (long i = 1; i < u.size() - 1; i++) {
      int ip = u.addressAt(i);
      if (!ipOwner.containsKey(ip)) {
        return ip;
      }
    }
    return 0;
  }

  /** Reserves an address for an external (so nodes' defaults avoid it). */
  void reserve(int ip, String who) {
    ipOwner.putIfAbsent(ip, who);
  }

  private Cidr4 interfaceAddress(YamlValue a) {
    if (a.isAbsent()) {
      p.error(a.location(), a.path(), "is empty; write an address such as 10.168.60.100/24");
      return null;
    }
    String s = a.asString(p, null);
    if (s == null) {
      return null;
    }
    try {
      return s.contains("/") ? Cidr4.parse(s) : Cidr4.host(Ip4.parse(s));
    } catch (IllegalArgumentException e) {
      p.error(a.location(), a.path(), e.getMessage());
      return null;
    }
  }

  Map<String, String> bindLabels(YamlValue v) {
    return bindLabels(p, v);
  }

  /** Binds a label map, checking Kubernetes key and value syntax. */
  static Map<String, String> bindLabels(Problems p, YamlValue v) {
    Map<String, String> labels = new LinkedHashMap<>(v.asStringMap(p, "a map of labels"));
    for (String k : v.fieldNames()) {
      String bk = Names.checkLabelKey(k);
      if (bk != null) {
        p.error(v.get(k).keyLocation(), v.get(k).path(), bk);
      }
      String bv = Names.checkLabelValue(labels.getOrDefault(k, ""));
      if (bv != null && v.get(k).node() != null && v.get(k).node().isTextual()) {
        p.error(v.get(k).location(), v.get(k).path(), bv);
      }
    }
    return labels;
  }
}
