package dev.egret.topology.model;

import dev.egret.datapath.net.Cidr4;
import java.util.ArrayList;
import java.util.List;

/**
 * A network interface of a node: name, {@code ifindex}, MAC, MTU and IPv4 addresses with their
 * prefix lengths ({@link Cidr4} keeps the host bits, so {@code 172.18.0.5/16} is one address).
 * Addresses are in the order they were added: the "first IPv4" of Cilium's egress-IP derivation is
 * {@code addresses.get(0)}.
 */
public record Interface(String name, int ifindex, byte[] mac, int mtu, List<Cidr4> addresses) {
  public Interface {
    addresses = List.copyOf(addresses);
    mac = mac.clone();
  }

  /** The first IPv4 address, or 0 with {@link #hasIpv4()} false. */
  public int firstIpv4() {
    return addresses.isEmpty() ? 0 : addresses.get(0).address();
  }

  public boolean hasIpv4() {
    return !addresses.isEmpty();
  }

  /** Whether {@code ip} is one of this interface's addresses. */
  public boolean holds(int ip) {
    for (Cidr4 a : addresses) {
      if (a.address() == ip) {
        return true;
      }
    }
    return false;
  }

  /** This interface with {@code address} added at the end (no-op if present). */
  public Interface withAddress(Cidr4 address) {
    if (addresses.contains(address)) {
      return this;
    }
    List<Cidr4> a = new ArrayList<>(addresses);
    a.add(address);
    return new Interface(name, ifindex, mac, mtu, a);
  }

  /** This interface without the address {@code ip} (any prefix length). */
  public Interface withoutAddress(int ip) {
    List<Cidr4> a = new ArrayList<>(addresses);
    a.removeIf(c -> c.address() == ip);
    return new Interface(name, ifindex, mac, mtu, a);
  }

  /** The MAC as {@code aa:bb:cc:dd:ee:ff}. */
  public String macString() {
    StringBuilder sb = new StringBuilder();
    for (byte b : mac) {
      if (sb.length() > 0) {
        sb.append(':');
      }
      sb.append(String.format("%02x", b & 0xff));
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Interface i
        && i.name.equals(name)
        && i.ifindex == ifindex
        && java.util.Arrays.equals(i.mac, mac)
        && i.mtu == mtu
        && i.addresses.equals(addresses);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(name, ifindex, java.util.Arrays.hashCode(mac), mtu, addresses);
  }

  @Override
  public String toString() {
    return name + "(" + ifindex + ")" + addresses;
  }
}
