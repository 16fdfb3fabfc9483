package dev.egret.topology.model;

import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.net.Ip4;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a node's interfaces and routes deterministically.
 *
 * <p>ifindex scheme: {@code lo} = 1; the node's declared interfaces (default a single {@code eth0})
 * = 2, 3, … in the order declared; then {@code cilium_net}, {@code cilium_host}, {@code
 * cilium_vxlan}; pods' {@code lxc} interfaces take the following indexes in creation order, never
 * reused (as Linux does). MACs are locally administered: {@code 02} followed by three bytes of the
 * FNV-1a hash of the node name and the ifindex as two bytes. Routes: one connected route per
 * address, the node's pod CIDR on {@code cilium_host}, and a default route via the router on the
 * interface whose address covers the router (metric 0).
 */
public final class NodeNetwork {
  public static final String LOOPBACK = "lo";
  public static final String CILIUM_NET = "cilium_net";
  public static final String CILIUM_HOST = "cilium_host";
  public static final String CILIUM_VXLAN = "cilium_vxlan";
  public static final String DEFAULT_UNDERLAY_INTERFACE = "eth0";
  public static final int LOOPBACK_IFINDEX = 1;
  public static final int FIRST_DEVICE_IFINDEX = 2;
  public static final int LOOPBACK_MTU = 65536;
  public static final int DEFAULT_MTU = 1500;

  /** VXLAN overhead: outer IPv4 20 + UDP 8 + VXLAN 8 + inner Ethernet 14 (pkg/mtu). */
  public static final int TUNNEL_OVERHEAD = 50;

  private static final Cidr4 LOOPBACK_ADDRESS = new Cidr4(Ip4.parse("127.0.0.1"), 8);

  /** A declared interface: name and addresses. */
  public record InterfaceSpec(String name, List<Cidr4> addresses) {}

  private NodeNetwork() {}

  /**
   * The interfaces and routes of a node.
   *
   * @param declared the node's own interfaces in order (not lo nor cilium_*)
   * @param podCidr the node's pod CIDR (its first host address is cilium_host's), or null
   * @param router the default gateway, or 0 for none
   * @param mtu the MTU of the declared interfaces
   */
  public static Node build(
      Node base, List<InterfaceSpec> declared, Cidr4 podCidr, int router, int mtu) {
    List<Interface> ifs = new ArrayList<>();
    String n = base.name();
    ifs.add(
        new Interface(
            LOOPBACK, LOOPBACK_IFINDEX, mac(n, 1), LOOPBACK_MTU, List.of(LOOPBACK_ADDRESS)));
    int idx = FIRST_DEVICE_IFINDEX;
    for (InterfaceSpec s : declared) {
      ifs.add(new Interface(s.name(), idx, mac(n, idx), mtu, s.addresses()));
      idx++;
    }
    int podMtu = mtu - TUNNEL_OVERHEAD;
    ifs.add(new Interface(CILIUM_NET, idx, mac(n, idx), podMtu, List.of()));
    idx++;
    List<Cidr4> hostAddr = podCidr == null ? List.of() : List.of(Cidr4.host(routerIp(podCidr)));
    ifs.add(new Interface(CILIUM_HOST, idx, mac(n, idx), podMtu, hostAddr));
    idx++;
    ifs.add(new Interface(CILIUM_VXLAN, idx, mac(n, idx), podMtu, List.of()));
    return base.withPodCidr(podCidr).withNetwork(ifs, routes(ifs, podCidr, router));
  }

  /** The first lxc ifindex of a node built with {@code declaredCount} declared interfaces. */
  public static int firstLxcIfindex(int declaredCount) {
    return FIRST_DEVICE_IFINDEX + declaredCount + 3;
  }

  /** Recomputes the routes of a node whose interface addresses changed. */
  public static Node rebuildRoutes(Node node, int router) {
    return node.withNetwork(node.interfaces(), routes(node.interfaces(), node.podCidr(), router));
  }

  /** The router IP Cilium gives {@code cilium_host}: the first host address of the pod CIDR. */
  public static int routerIp(Cidr4 podCidr) {
    return podCidr.network() + 1;
  }

  /** The default gateway recorded in a node's routes, or 0. */
  public static int routerOf(Node node) {
    for (Route r : node.routes()) {
      if (r.isDefault()) {
        return r.gateway();
      }
    }
    return 0;
  }

  private static List<Route> routes(List<Interface> ifs, Cidr4 podCidr, int router) {
    List<Route> rs = new ArrayList<>();
    String defaultDev = null;
    for (Interface i : ifs) {
      if (i.name().equals(LOOPBACK) || i.name().equals(CILIUM_HOST)) {
        continue;
      }
      for (Cidr4 a : i.addresses()) {
        rs.add(new Route(a.masked(), 0, i.name(), 0));
        if (defaultDev == null && router != 0 && a.contains(router) && a.prefixLength() < 32) {
          defaultDev = i.name();
        }
      }
    }
    if (podCidr != null) {
      rs.add(new Route(podCidr.masked(), 0, CILIUM_HOST, 0));
    }
    if (defaultDev != null) {
      rs.add(new Route(Cidr4.ALL, router, defaultDev, 0));
    }
    return rs;
  }

  /** A deterministic, locally administered MAC for an interface of a node. */
  public static byte[] mac(String node, int ifindex) {
    int h = 0x811c9dc5;
    for (byte b : node.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x01000193;
    }
    return new byte[] {
      0x02, (byte) (h >>> 16), (byte) (h >>> 8), (byte) h, (byte) (ifindex >>> 8), (byte) ifindex
    };
  }
}
