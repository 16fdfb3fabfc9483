package dev.egret.topology.fabric;

import dev.egret.datapath.packet.Skb;
import java.util.ArrayDeque;

/**
 * A pool of frame buffers. Frames cost one allocation the first time and are reused afterwards;
 * whoever ends a frame's life (a drop, a delivery consumed by a host, a loss) releases it.
 */
public final class SkbPool {
  /** Room for a 1500-byte MTU frame plus Ethernet and 50 bytes of VXLAN, with margin. */
  public static final int FRAME_CAPACITY = 2048;

  private final ArrayDeque<Skb> free = new ArrayDeque<>();
  private long allocated;

  /** A frame buffer (contents and metadata undefined until {@code prepare} or {@code load}). */
  public Skb acquire() {
    Skb s = free.pollFirst();
    if (s == null) {
      allocated++;
      return new Skb(FRAME_CAPACITY);
    }
    return s;
  }

  /** Returns a frame to the pool. */
  public void release(Skb s) {
    free.addFirst(s);
  }

  /** How many buffers were ever allocated. */
  public long allocated() {
    return allocated;
  }
}
