package dev.egret.scenarios.model;

import dev.egret.datapath.net.Ip4;

/**
 * Where traffic goes: {@code external:port} or {@code ip:port} ({@code ping} takes no port).
 *
 * @param external the external's name, or null when given as an IP
 * @param ip the resolved address
 * @param port the port, 0 for ICMP
 */
public record Destination(String external, int ip, int port) {
  @Override
  public String toString() {
    return Ip4.format(ip) + (port > 0 ? ":" + port : "");
  }
}
