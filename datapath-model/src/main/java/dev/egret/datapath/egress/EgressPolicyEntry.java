package dev.egret.datapath.egress;

import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.net.Ip4;

/**
 * One entry of the egress policy map, with Cilium's byte layout (bpf/lib/egress_gateway.h, v1.16):
 *
 * <pre>
 * struct egress_gw_policy_key {           // 12 bytes
 *   struct bpf_lpm_trie_key lpm_key;      //  0: u32 prefixlen, host order (little-endian)
 *   __u32 saddr;                          //  4: network order
 *   __u32 daddr;                          //  8: network order
 * };
 * struct egress_gw_policy_entry {         //  8 bytes
 *   __u32 egress_ip;                      //  0: network order
 *   __u32 gateway_ip;                     //  4: network order (1.10.0-1.10.5: tunnel_endpoint)
 * };
 * </pre>
 *
 * <p>{@code prefixlen} is 32 (the source /32) plus the destination prefix length.
 *
 * @param sourceIp the endpoint (pod) IP, matched exactly
 * @param destination the destination CIDR, matched by longest prefix
 * @param egressIp the SNAT address; 0.0.0.0 everywhere but on the gateway node
 * @param gatewayIp the gateway node's IP, or {@link EgressPolicyMap4#EGRESS_GATEWAY_NO_GATEWAY} /
 *     {@link EgressPolicyMap4#EGRESS_GATEWAY_EXCLUDED_CIDR}; the tunnel endpoint in the 1.10 map
 */
public record EgressPolicyEntry(int sourceIp, Cidr4 destination, int egressIp, int gatewayIp) {
  public static final int KEY_SIZE = 12;
  public static final int VALUE_SIZE = 8;

  /** Bits of the key that precede the destination: the whole source address. */
  public static final int STATIC_PREFIX_BITS = 32;

  /** The key's {@code lpm_key.prefixlen}. */
  public int prefixLen() {
    return STATIC_PREFIX_BITS + destination.prefixLength();
  }

  /** The 12 key bytes exactly as the kernel stores them. */
  public byte[] keyBytes() {
    byte[] b = new byte[KEY_SIZE];
    int p = prefixLen();
    b[0] = (byte) p; // little-endian u32
    b[1] = (byte) (p >>> 8);
    b[2] = (byte) (p >>> 16);
    b[3] = (byte) (p >>> 24);
    Ip4.write(b, 4, sourceIp);
    Ip4.write(b, 8, destination.address());
    return b;
  }

  /** The 8 value bytes exactly as the kernel stores them. */
  public byte[] valueBytes() {
    byte[] b = new byte[VALUE_SIZE];
    Ip4.write(b, 0, egressIp);
    Ip4.write(b, 4, gatewayIp);
    return b;
  }

  /**
   * Decodes a key and value as {@code bpftool map dump} shows them.
   *
   * @throws IllegalArgumentException if the sizes or the prefix length are wrong
   */
  public static EgressPolicyEntry decode(byte[] key, byte[] value) {
    if (key.length != KEY_SIZE || value.length != VALUE_SIZE) {
      throw new IllegalArgumentException(
          "expected a 12-byte key and an 8-byte value, got " + key.length + " and " + value.length);
    }
    int p = (key[0] & 0xff) | (key[1] & 0xff) << 8 | (key[2] & 0xff) << 16 | (key[3] & 0xff) << 24;
    if (p < STATIC_PREFIX_BITS || p > STATIC_PREFIX_BITS + 32) {
      throw new IllegalArgumentException("prefixlen " + p + " outside 32..64");
    }
    return new EgressPolicyEntry(
        Ip4.read(key, 4),
        new Cidr4(Ip4.read(key, 8), p - STATIC_PREFIX_BITS),
        Ip4.read(value, 0),
        Ip4.read(value, 4));
  }

  @Override
  public String toString() {
    return Ip4.format(sourceIp)
        + " -> "
        + destination
        + " : "
        + Ip4.format(egressIp)
        + " / "
        + Ip4.format(gatewayIp);
  }
}
