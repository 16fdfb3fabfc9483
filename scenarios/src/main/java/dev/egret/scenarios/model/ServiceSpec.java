package dev.egret.scenarios.model;

/**
 * A service of an external host.
 *
 * @param response the body of an {@code http} app's answer (null for the default)
 */
public record ServiceSpec(int port, Protocol protocol, App app, String response) {

  /** What answers on the port. */
  public enum App {
    /** HTTP; the body is the source IP:port the server saw (like echoip, seeds/004). */
    ECHO_IP("echo-ip"),
    /** UDP; each datagram is sent back to its source. */
    UDP_ECHO("udp-echo"),
    /** HTTP with a static body. */
    HTTP("http"),
    /** Accepts and discards (TCP or UDP). */
    SINK("sink");

    private final String id;

    App(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }

    /** By its scenario name, or null. */
    public static App fromId(String id) {
      for (App a : values()) {
        if (a.id.equals(id)) {
          return a;
        }
      }
      return null;
    }
  }
}
