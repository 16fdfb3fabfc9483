package dev.egret.scenarios.model;

/** Transport protocols of traffic and services. */
public enum Protocol {
  TCP,
  UDP,
  ICMP;

  /** Case-insensitive lookup, or null. */
  public static Protocol parse(String s) {
    for (Protocol p : values()) {
      if (p.name().equalsIgnoreCase(s)) {
        return p;
      }
    }
    return null;
  }
}
