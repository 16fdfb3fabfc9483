package dev.egret.topology.underlay;

/**
 * A link of the underlay graph: one-way latency, bandwidth (which gives a frame its serialisation
 * delay), MTU (the largest IP packet it carries) and up/down state. Identity equality: two links
 * between the same vertices are distinct objects.
 */
public final class Link {
  private final Vertex a;
  private final Vertex b;
  private final long latencyNanos;
  private final long bandwidthBitsPerSecond;
  private final int mtu;
  private boolean up = true;

  Link(Vertex a, Vertex b, long latencyNanos, long bandwidthBitsPerSecond, int mtu) {
    this.a = a;
    this.b = b;
    this.latencyNanos = latencyNanos;
    this.bandwidthBitsPerSecond = bandwidthBitsPerSecond;
    this.mtu = mtu;
  }

  public Vertex a() {
    return a;
  }

  public Vertex b() {
    return b;
  }

  /** The other end of the link seen from {@code v}. */
  public Vertex other(Vertex v) {
    return v.equals(a) ? b : a;
  }

  public long latencyNanos() {
    return latencyNanos;
  }

  public long bandwidthBitsPerSecond() {
    return bandwidthBitsPerSecond;
  }

  public int mtu() {
    return mtu;
  }

  public boolean isUp() {
    return up;
  }

  void setUp(boolean up) {
    this.up = up;
  }

  /**
   * The time a frame of {@code frameBytes} takes over this link: the latency plus its serialisation
   * delay ({@code bytes × 8 / bandwidth}, rounded up to a nanosecond).
   */
  public long delayNanos(int frameBytes) {
    return latencyNanos + Bandwidth.serializationNanos(frameBytes, bandwidthBitsPerSecond);
  }

  /** Whether an IP packet of {@code ipBytes} fits this link's MTU. */
  public boolean fits(int ipBytes) {
    return ipBytes <= mtu;
  }

  @Override
  public String toString() {
    return a.name() + "--" + b.name() + (up ? "" : " (down)");
  }
}
