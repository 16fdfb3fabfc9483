package dev.egret.gui.model;

/** Names of the places a frame can be: {@code node/device}, an external's name, or the router. */
public final class Hosts {
  /** The router vertex of the underlay ({@code dev.egret.topology.underlay.Underlay.ROUTER}). */
  public static final String ROUTER = "router";

  private Hosts() {}

  /** The host part of an attachment name: {@code k8s-worker-1/eth0} → {@code k8s-worker-1}. */
  public static String host(String attachment) {
    int slash = attachment.indexOf('/');
    return slash < 0 ? attachment : attachment.substring(0, slash);
  }
}
