package dev.egret.topology.model;

import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.net.Ip4;

/**
 * A route of a node's main table: destination prefix, next hop ({@code 0} for a connected route),
 * egress device and metric. Lower metrics win among equal prefixes.
 */
public record Route(Cidr4 destination, int gateway, String device, int metric) {
  /** Whether this is a default route ({@code 0.0.0.0/0}). */
  public boolean isDefault() {
    return destination.prefixLength() == 0;
  }

  @Override
  public String toString() {
    String d = isDefault() ? "default" : destination.masked().toString();
    return d
        + (gateway == 0 ? "" : " via " + Ip4.format(gateway))
        + " dev "
        + device
        + (metric == 0 ? "" : " metric " + metric);
  }
}
