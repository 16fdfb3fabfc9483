package dev.egret.scenarios.traffic;

import dev.egret.datapath.net.Ip4;

/** An IPv4 address and a port, e.g. what {@code echo-ip} prints: {@code 172.18.0.3:40112}. */
public record IpPort(int ip, int port) {

  /**
   * Parses {@code ip:port}, ignoring surrounding whitespace (echo-ip's body ends with a newline);
   * null if the text is not of that form.
   */
  public static IpPort parse(String text) {
    if (text == null) {
      return null;
    }
    String s = text.strip();
    int colon = s.lastIndexOf(':');
    if (colon <= 0 || colon == s.length() - 1) {
      return null;
    }
    String ip = s.substring(0, colon);
    String port = s.substring(colon + 1);
    if (!Ip4.isValid(ip) || port.length() > 5 || !port.chars().allMatch(Character::isDigit)) {
      return null;
    }
    int p = Integer.parseInt(port);
    return p <= 0xffff ? new IpPort(Ip4.parse(ip), p) : null;
  }

  @Override
  public String toString() {
    return Ip4.format(ip) + ":" + port;
  }
}
