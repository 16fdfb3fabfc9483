package dev.egret.datapath.node;

import dev.egret.datapath.egress.EgressPolicyMap4;
import dev.egret.datapath.maps.RemoteEndpointInfo;

/**
 * What a node's datapath asks of its environment: the clock, randomness, the current egress policy
 * map, local endpoints, the ipcache, the FIB and interface indexes. The simulator (topology module)
 * and the live pcap4j runner implement it; {@link BasicNodeContext} is a table-driven
 * implementation for tests and simple uses.
 *
 * <p>Every method is called on the packet path: implementations must answer without allocating and
 * without blocking. Handles ({@code ep}) are whatever small ints the implementation likes; {@link
 * #NO_ENDPOINT} means "none".
 */
public interface NodeContext {
  /** What {@link #lookupEndpoint(int)} returns when no local endpoint has the address. */
  int NO_ENDPOINT = -1;

  /** The node-local monotonic clock in nanoseconds ({@code bpf_mono_now} is derived from it). */
  long nowNanos();

  /** {@code get_prandom_u32()}: 32 random bits from the node's seeded stream. */
  int prandomU32();

  /**
   * The egress policy map the node's datapath uses now ({@code cilium_egress_gw_policy_v4}, or
   * {@code cilium_egress_v4} for 1.10). Asked on every packet because the control plane may swap
   * the object. Never null (return an empty map).
   */
  EgressPolicyMap4 egressPolicyMap();

  /** Whether {@code ip} is one of this node's own addresses (a {@code ENDPOINT_F_HOST} entry). */
  boolean isLocalHostIp(int ip);

  /**
   * {@code __lookup_ip4_endpoint}: the local (pod) endpoint that owns {@code ip}, or {@link
   * #NO_ENDPOINT}. Host addresses are not endpoints here (see {@link #isLocalHostIp}).
   */
  int lookupEndpoint(int ip);

  /** The endpoint's security identity ({@code sec_id}, the pod's bpf_lxc {@code SECLABEL}). */
  int endpointIdentity(int ep);

  /** The endpoint's Cilium endpoint ID ({@code LXC_ID}). */
  int endpointId(int ep);

  /** The endpoint's host-side interface ({@code lxc*}) index. */
  int endpointIfindex(int ep);

  /** The endpoint's IPv4 address ({@code LXC_IPV4}). */
  int endpointIp(int ep);

  /** The pod's MAC (destination MAC for delivery). */
  long endpointMac(int ep);

  /** The lxc device's MAC (source MAC for delivery, {@code NODE_MAC}). */
  long endpointNodeMac(int ep);

  /**
   * {@code lookup_ip4_remote_endpoint}: the ipcache entry for {@code ip} by longest prefix, packed
   * as {@link RemoteEndpointInfo}, or {@link RemoteEndpointInfo#MISS}. The tunnel endpoint of a pod
   * on this node is 0.
   */
  long ipcacheLookup(int ip);

  /**
   * {@code bpf_fib_lookup} for a packet from {@code src} to {@code dst}: fills {@code out} (whose
   * ifindex is preset to the current device) and returns a {@code FibResult} code.
   */
  int fibLookup(int src, int dst, FibResult out);

  /** {@code ENCAP_IFINDEX}: the tunnel device ({@code cilium_vxlan}). */
  int encapIfindex();

  /**
   * {@code IPV4_MASQUERADE} of the native device {@code ifindex}: the address BPF masquerading uses
   * there, or 0 when that device does not masquerade.
   */
  int masqueradeIp(int ifindex);

  /** {@code IPV4_DIRECT_ROUTING}: the node IP used as outer source by XDP encapsulation. */
  int directRoutingIp();

  /** {@code HOST_EP_ID}: the host endpoint's ID (the event source of bpf_host traces). */
  default int hostEndpointId() {
    return 0;
  }
}
