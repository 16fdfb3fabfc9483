package dev.egret.topology.underlay;

import dev.egret.datapath.net.Cidr4;

/**
 * SPEC §3 {@code network}: the underlay CIDR, MTU, one-way latency between two hosts of the
 * segment, bandwidth, and the router (default: the first address of the underlay).
 */
public record UnderlayConfig(
    Cidr4 cidr, int mtu, long latencyNanos, long bandwidthBps, int router) {
  /** {@code {cidr: 172.18.0.0/16, mtu: 1500, latency: 50us, bandwidth: 10Gbps}}. */
  public static UnderlayConfig defaults() {
    Cidr4 c = Cidr4.parse("172.18.0.0/16");
    return new UnderlayConfig(c, 1500, 50_000, 10_000_000_000L, c.network() + 1);
  }
}
