package dev.egret.datapath.config;

/** {@code --tunnel-protocol}: the overlay encapsulation and its UDP port. */
public enum TunnelProtocol {
  /** {@code defaults.TunnelPortVXLAN}; Cilium's device is {@code cilium_vxlan}. */
  VXLAN(8472, "cilium_vxlan"),
  /** {@code defaults.TunnelPortGeneve}; Cilium's device is {@code cilium_geneve}. */
  GENEVE(6081, "cilium_geneve");

  /** {@code VXLAN_PORT}. */
  public static final int VXLAN_PORT = 8472;

  /** {@code GENEVE_PORT}. */
  public static final int GENEVE_PORT = 6081;

  private final int port;
  private final String device;

  TunnelProtocol(int port, String device) {
    this.port = port;
    this.device = device;
  }

  /** The UDP destination port ({@code TUNNEL_PORT}). */
  public int port() {
    return port;
  }

  /** The name of Cilium's tunnel device. */
  public String device() {
    return device;
  }

  /** Parses {@code vxlan|geneve} (case-insensitive). */
  public static TunnelProtocol parse(String s) {
    for (TunnelProtocol t : values()) {
      if (t.name().equalsIgnoreCase(s)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "\"" + s + "\" is not a tunnel protocol (expected vxlan or geneve)");
  }
}
