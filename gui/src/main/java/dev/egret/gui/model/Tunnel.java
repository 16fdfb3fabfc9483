package dev.egret.gui.model;

/** A tunnel between two nodes, named in order ({@code a} sorts before {@code b}). */
public record Tunnel(String a, String b) {
  /** The tunnel between {@code x} and {@code y}, whichever way the frame went. */
  public static Tunnel between(String x, String y) {
    return x.compareTo(y) <= 0 ? new Tunnel(x, y) : new Tunnel(y, x);
  }
}
