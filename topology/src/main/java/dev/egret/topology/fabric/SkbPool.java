package dev.egret.topology.fabric;

import dev.egret.datapath.packet.Skb;

/**
 * A free list of {@link Skb}s so that the steady packet path does not allocate. A stack takes a
 * frame with {@link #acquire()}, writes it and transmits it; whoever finishes with a frame (the
 * receiving stack after the receiving host stack, the fabric after a drop) may {@link
 * #release(Skb)} it. Share one pool between all hosts of a simulation (and the fabric): frames then
 * circulate between senders and receivers and nothing is allocated once the pool is warm. A pool
 * keeps at most {@code maxIdle} free frames and forgets the rest.
 *
 * <p>Not thread-safe (a simulation runs on one thread). O(1) per operation.
 */
public final class SkbPool {
  /** The frame capacity of new packets: a full 1500-byte IP packet plus its Ethernet header. */
  public static final int DEFAULT_FRAME_CAPACITY = 1514;

  /** The default bound on idle frames kept. */
  public static final int DEFAULT_MAX_IDLE = 4096;

  private final int frameCapacity;
  private final Skb[] free;
  private int size;
  private long created;

  /** A pool of frames of {@link #DEFAULT_FRAME_CAPACITY} keeping {@link #DEFAULT_MAX_IDLE}. */
  public SkbPool() {
    this(DEFAULT_FRAME_CAPACITY, DEFAULT_MAX_IDLE);
  }

  public SkbPool(int frameCapacity, int maxIdle) {
    if (frameCapacity <= 0 || maxIdle < 0) {
      throw new IllegalArgumentException(
          "frameCapacity must be > 0 and maxIdle >= 0: " + frameCapacity + ", " + maxIdle);
    }
    this.frameCapacity = frameCapacity;
    this.free = new Skb[maxIdle];
  }

  /** A free frame (contents and metadata undefined until {@link Skb#prepare(int)}). */
  public Skb acquire() {
    if (size > 0) {
      Skb s = free[--size];
      free[size] = null;
      return s;
    }
    created++;
    return new Skb(frameCapacity);
  }

  /** Returns a frame the caller no longer uses; it must not be used again after this. */
  public void release(Skb skb) {
    if (skb != null && size < free.length) {
      free[size++] = skb;
    }
  }

  /** How many frames this pool ever allocated (a steady path keeps this flat). */
  public long created() {
    return created;
  }

  /** How many free frames are idle in the pool. */
  public int idle() {
    return size;
  }
}
