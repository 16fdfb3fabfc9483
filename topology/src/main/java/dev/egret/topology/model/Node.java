package dev.egret.topology.model;

import dev.egret.datapath.net.Cidr4;
import java.util.ArrayList;
import java.util.List;

/**
 * A Kubernetes node as the control plane and a node's datapath see it: name, labels (the CiliumNode
 * labels mirror the Node's), {@code status.addresses}, {@code spec.podCIDR}, and the node's own
 * network configuration (interfaces, main routing table). Immutable; mutations return copies (the
 * {@code Cluster} swaps them in and tells its listeners).
 *
 * @param podCidr the node's pod CIDR, or null while unassigned
 */
public record Node(
    String name,
    Labels labels,
    List<NodeAddress> addresses,
    Cidr4 podCidr,
    List<Interface> interfaces,
    List<Route> routes) {

  public Node {
    addresses = List.copyOf(addresses);
    interfaces = List.copyOf(interfaces);
    routes = List.copyOf(routes);
  }

  /** The first InternalIP, or 0. */
  public int internalIp() {
    for (NodeAddress a : addresses) {
      if (a.type() == AddressType.InternalIP) {
        return a.ip();
      }
    }
    return 0;
  }

  /**
   * {@code GetK8sNodeIP()}: the first InternalIP, else the last ExternalIP, else 0 (the gateway IP
   * of Cilium 1.12 up to the mid-2025 patch releases, reference §2.1).
   */
  public int k8sNodeIp() {
    int ip = internalIp();
    return ip != 0 ? ip : lastExternalIp();
  }

  /** Which address type {@link #k8sNodeIp()} came from ("InternalIP", "ExternalIP" or "none"). */
  public String k8sNodeIpSource() {
    if (internalIp() != 0) {
      return AddressType.InternalIP.name();
    }
    return lastExternalIp() != 0 ? AddressType.ExternalIP.name() : "none";
  }

  private int lastExternalIp() {
    int ip = 0;
    for (NodeAddress a : addresses) {
      if (a.type() == AddressType.ExternalIP) {
        ip = a.ip();
      }
    }
    return ip;
  }

  /** Every IPv4 of {@code status.addresses} (InternalIP and ExternalIP). */
  public List<Integer> nodeIps() {
    List<Integer> out = new ArrayList<>();
    for (NodeAddress a : addresses) {
      out.add(a.ip());
    }
    return out;
  }

  /** The interface named {@code name}, or null. */
  public Interface iface(String name) {
    for (Interface i : interfaces) {
      if (i.name().equals(name)) {
        return i;
      }
    }
    return null;
  }

  /** The interface with this ifindex, or null. */
  public Interface ifaceByIndex(int ifindex) {
    for (Interface i : interfaces) {
      if (i.ifindex() == ifindex) {
        return i;
      }
    }
    return null;
  }

  /** The first interface holding {@code ip} as one of its addresses, or null. */
  public Interface ifaceHolding(int ip) {
    for (Interface i : interfaces) {
      if (i.holds(ip)) {
        return i;
      }
    }
    return null;
  }

  /**
   * The IPv4 default route with the lowest metric; an error when there is none or when two share
   * the lowest metric (reference §2.2).
   */
  public DefaultRouteResult defaultRoute() {
    Route best = null;
    boolean tie = false;
    for (Route r : routes) {
      if (!r.isDefault()) {
        continue;
      }
      if (best == null || r.metric() < best.metric()) {
        best = r;
        tie = false;
      } else if (r.metric() == best.metric()) {
        tie = true;
      }
    }
    if (best == null) {
      return new DefaultRouteResult(null, "no IPv4 default route");
    }
    if (tie) {
      return new DefaultRouteResult(
          null, "two IPv4 default routes share the lowest metric " + best.metric());
    }
    return new DefaultRouteResult(best, null);
  }

  /**
   * A FIB lookup: the longest matching prefix of the main table, the lowest metric among equals;
   * null when nothing matches. O(routes).
   */
  public FibResult fib(int daddr) {
    Route best = null;
    for (Route r : routes) {
      if (!r.destination().contains(daddr)) {
        continue;
      }
      if (best == null
          || r.destination().prefixLength() > best.destination().prefixLength()
          || (r.destination().prefixLength() == best.destination().prefixLength()
              && r.metric() < best.metric())) {
        best = r;
      }
    }
    if (best == null) {
      return null;
    }
    return new FibResult(best, iface(best.device()), best.gateway() == 0 ? daddr : best.gateway());
  }

  /** This node with other labels. */
  public Node withLabels(Labels l) {
    return new Node(name, l, addresses, podCidr, interfaces, routes);
  }

  /** This node with other {@code status.addresses}. */
  public Node withAddresses(List<NodeAddress> a) {
    return new Node(name, labels, a, podCidr, interfaces, routes);
  }

  /** This node with its pod CIDR set. */
  public Node withPodCidr(Cidr4 cidr) {
    return new Node(name, labels, addresses, cidr, interfaces, routes);
  }

  /** This node with its interfaces and routes replaced. */
  public Node withNetwork(List<Interface> ifs, List<Route> rs) {
    return new Node(name, labels, addresses, podCidr, ifs, rs);
  }

  @Override
  public String toString() {
    return name;
  }
}
