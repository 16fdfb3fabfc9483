package dev.egret.scenarios.model;

import dev.egret.datapath.net.Cidr4;

/**
 * {@code spec.network}: the underlay segment every node sits on, and the router that reaches
 * externals outside it.
 *
 * @param latency one-way latency of an underlay link in nanoseconds
 * @param bandwidthBps link bandwidth in bits per second (serialisation delay)
 * @param router the router's address; every node's default route points to it
 */
public record NetworkSettings(
    Cidr4 underlay, int mtu, long latency, long bandwidthBps, int router) {
  public static final String DEFAULT_UNDERLAY = "172.18.0.0/16";
  public static final int DEFAULT_MTU = 1500;
  public static final long DEFAULT_LATENCY = 50_000; // 50us
  public static final long DEFAULT_BANDWIDTH = 10_000_000_000L; // 10 Gbps
}
