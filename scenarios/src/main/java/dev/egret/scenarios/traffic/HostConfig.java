package dev.egret.scenarios.traffic;

import dev.egret.datapath.net.Ip4;
import dev.egret.datapath.packet.Mac;

/**
 * The addressing of one simulated host.
 *
 * @param name the host's name, also the prefix of its random streams ({@code name + "/tcp-ports"}
 *     and so on), e.g. {@code pod/default/my-app} or {@code external/echo}; two hosts of a run must
 *     not share it, and a host re-created under the same name (a rescheduled pod) repeats its
 *     predecessor's draws unless the name changes too (e.g. {@code pod/default/my-app#2})
 * @param ip its IPv4 address
 * @param mac its MAC; frames to other MACs (except broadcast) are dropped
 * @param nextHopMac the destination MAC of every frame it sends (its gateway: the node's lxc device
 *     for a pod, the router for an external)
 * @param mtu the interface MTU: pods {@link #POD_MTU} (the link MTU minus VXLAN's 50 bytes),
 *     externals {@link #LINK_MTU}
 */
public record HostConfig(String name, int ip, long mac, long nextHopMac, int mtu) {
  /** The default underlay and external MTU. */
  public static final int LINK_MTU = 1500;

  /** What VXLAN adds: outer Ethernet 14, IPv4 20, UDP 8 and VXLAN 8. */
  public static final int VXLAN_OVERHEAD = 50;

  /** A pod's MTU on a 1500-byte underlay, as Cilium sets it with VXLAN. */
  public static final int POD_MTU = LINK_MTU - VXLAN_OVERHEAD;

  /** The smallest MTU IPv4 allows (RFC 791: every host accepts 576-byte datagrams, 68 minimum). */
  public static final int MIN_MTU = 68;

  /** A MAC's width. */
  private static final int MAC_BITS = 48;

  /** The largest MTU: an IPv4 packet's total length is 16 bits. */
  public static final int MAX_MTU = 65535;

  public HostConfig {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("a host needs a name");
    }
    if ((mac >>> MAC_BITS) != 0 || (nextHopMac >>> MAC_BITS) != 0) {
      throw new IllegalArgumentException(
          "MACs are 48 bits: " + Long.toHexString(mac) + ", " + Long.toHexString(nextHopMac));
    }
    if (mtu < MIN_MTU || mtu > MAX_MTU) {
      throw new IllegalArgumentException("MTU " + mtu + " outside " + MIN_MTU + ".." + MAX_MTU);
    }
  }

  /** A pod's MTU for an underlay MTU: {@code linkMtu - 50}. */
  public static int podMtu(int linkMtu) {
    return linkMtu - VXLAN_OVERHEAD;
  }

  @Override
  public String toString() {
    return name + " " + Ip4.format(ip) + " " + Mac.format(mac) + " mtu " + mtu;
  }
}
