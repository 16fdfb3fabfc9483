package dev.egret.scenarios.model;

/**
 * {@code spec.capture[]}: write a pcap of an interface.
 *
 * @param node a node name, or {@link #ALL}
 * @param iface an interface name, or {@link #ALL}
 */
public record CaptureSpec(String node, String iface) {
  public static final String ALL = "all";

  public boolean matches(String nodeName, String interfaceName) {
    return (node.equals(ALL) || node.equals(nodeName))
        && (iface.equals(ALL) || iface.equals(interfaceName));
  }
}
