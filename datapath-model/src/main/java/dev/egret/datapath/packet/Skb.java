package dev.egret.datapath.packet;

import java.util.Arrays;

/**
 * A mutable packet, the model of the kernel's {@code struct sk_buff} as BPF programs see it: a
 * {@code byte[]} with headroom, the frame's start offset and length, and the metadata Cilium's
 * programs read and write.
 *
 * <p>The frame (starting with its Ethernet header) lives at {@code data()[off() .. off()+len())}.
 * Encapsulation prepends headers by moving the start offset into the headroom ({@link #push(int)});
 * decapsulation moves it forward ({@link #pull(int)}); the inner frame is never copied unless the
 * headroom runs out (then the buffer is reallocated once, with {@link #DEFAULT_HEADROOM} again).
 *
 * <p>Metadata:
 *
 * <ul>
 *   <li>{@link #mark()}: {@code skb->mark}, e.g. Cilium's {@code MARK_MAGIC_*} values (see {@code
 *       dev.egret.datapath.program.Marks});
 *   <li>{@link #ifindex()}: the device the program runs on ({@code ctx_get_ifindex});
 *   <li>{@link #ingressIfindex()}: {@code skb->ingress_ifindex};
 *   <li>the tunnel key as {@code bpf_skb_set_tunnel_key} stores it and {@code
 *       bpf_skb_get_tunnel_key} reads it: remote IPv4, local IPv4 (set by decapsulation), tunnel id
 *       (the VNI), TTL.
 * </ul>
 *
 * Not thread-safe; one packet is processed by one thread at a time.
 */
public final class Skb {
  /**
   * Headroom reserved in front of a loaded frame: 50 bytes of VXLAN/Geneve encapsulation (outer
   * Ethernet 14 + IPv4 20 + UDP 8 + VXLAN 8) fit with room to spare.
   */
  public static final int DEFAULT_HEADROOM = 64;

  private byte[] buf;
  private int off;
  private int len;

  private int mark;
  private int ifindex;
  private int ingressIfindex;

  /** Simulation bookkeeping, never read by a program (see {@link #tag()}). */
  private long tag;

  private boolean tunnelKeySet;
  private int tunnelRemoteIpv4;
  private int tunnelLocalIpv4;
  private int tunnelId;
  private int tunnelTtl;

  /** An empty packet with room for {@code capacity} bytes of frame after the default headroom. */
  public Skb(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must be >= 0: " + capacity);
    }
    this.buf = new byte[DEFAULT_HEADROOM + capacity];
    this.off = DEFAULT_HEADROOM;
  }

  /** A packet over an existing buffer (no copy); the headroom is whatever precedes {@code off}. */
  public static Skb wrap(byte[] buf, int off, int len) {
    if (off < 0 || len < 0 || off + len > buf.length) {
      throw new IllegalArgumentException(
          "frame [" + off + ", " + (off + len) + ") outside buffer of " + buf.length);
    }
    Skb s = new Skb(0);
    s.buf = buf;
    s.off = off;
    s.len = len;
    return s;
  }

  /**
   * Copies a frame into this packet after the default headroom (growing the buffer if needed) and
   * clears all metadata. Allocation-free when the buffer is large enough.
   */
  public Skb load(byte[] src, int srcOff, int length) {
    if (srcOff < 0 || length < 0 || srcOff + length > src.length) {
      throw new IllegalArgumentException(
          "frame [" + srcOff + ", " + (srcOff + length) + ") outside buffer of " + src.length);
    }
    if (buf.length < DEFAULT_HEADROOM + length) {
      buf = new byte[DEFAULT_HEADROOM + length];
    }
    off = DEFAULT_HEADROOM;
    len = length;
    System.arraycopy(src, srcOff, buf, off, length);
    resetMetadata();
    tag = 0;
    return this;
  }

  /** Copies another packet's frame and metadata into this one. */
  public Skb copyFrom(Skb o) {
    load(o.buf, o.off, o.len);
    mark = o.mark;
    ifindex = o.ifindex;
    ingressIfindex = o.ingressIfindex;
    tunnelKeySet = o.tunnelKeySet;
    tunnelRemoteIpv4 = o.tunnelRemoteIpv4;
    tunnelLocalIpv4 = o.tunnelLocalIpv4;
    tunnelId = o.tunnelId;
    tunnelTtl = o.tunnelTtl;
    tag = o.tag;
    return this;
  }

  /**
   * Prepares the buffer for building a frame of up to {@code length} bytes in place: sets the start
   * to the default headroom and the length to {@code length}, clears metadata, and returns the
   * buffer to write into at {@link #off()}.
   */
  public byte[] prepare(int length) {
    if (length < 0) {
      throw new IllegalArgumentException("length must be >= 0: " + length);
    }
    if (buf.length < DEFAULT_HEADROOM + length) {
      buf = new byte[DEFAULT_HEADROOM + length];
    }
    off = DEFAULT_HEADROOM;
    len = length;
    resetMetadata();
    tag = 0;
    return buf;
  }

  /** Clears mark, interface indexes and the tunnel key (a frame arriving fresh from a wire). */
  public void resetMetadata() {
    mark = 0;
    ifindex = 0;
    ingressIfindex = 0;
    clearTunnelKey();
  }

  /**
   * An opaque id the simulator attaches to a frame, e.g. the connection it belongs to, so that
   * outcomes can be attributed without parsing translated headers. No program reads or writes it;
   * it survives everything that keeps the frame (encapsulation, decapsulation, rewrites, {@link
   * #resetMetadata()}) and is copied by {@link #copyFrom(Skb)}; {@link #load} and {@link #prepare}
   * set it to 0. Not part of the frame: pcaps and the live runner never see it.
   */
  public long tag() {
    return tag;
  }

  public void setTag(long tag) {
    this.tag = tag;
  }

  public byte[] data() {
    return buf;
  }

  /** The absolute offset of the first frame byte (the Ethernet header) in {@link #data()}. */
  public int off() {
    return off;
  }

  /** The frame length ({@code skb->len}). */
  public int len() {
    return len;
  }

  /** The headroom available in front of the frame. */
  public int headroom() {
    return off;
  }

  /**
   * Prepends {@code n} bytes (their content is left as is for the caller to write) and returns the
   * new start offset. Reallocates only when the headroom is short.
   */
  public int push(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0: " + n);
    }
    if (off < n) {
      byte[] nb = new byte[DEFAULT_HEADROOM + n + len + Math.max(0, buf.length - off - len)];
      System.arraycopy(buf, off, nb, DEFAULT_HEADROOM + n, len);
      buf = nb;
      off = DEFAULT_HEADROOM + n;
    }
    off -= n;
    len += n;
    return off;
  }

  /** Removes {@code n} bytes from the front (decapsulation); returns false if too short. */
  public boolean pull(int n) {
    if (n < 0 || n > len) {
      return false;
    }
    off += n;
    len -= n;
    return true;
  }

  /** Truncates or extends (within the buffer) the frame to {@code newLen} bytes. */
  public void setLen(int newLen) {
    if (newLen < 0 || off + newLen > buf.length) {
      throw new IllegalArgumentException("length " + newLen + " does not fit the buffer");
    }
    len = newLen;
  }

  /** A copy of the frame bytes. */
  public byte[] toByteArray() {
    return Arrays.copyOfRange(buf, off, off + len);
  }

  public int mark() {
    return mark;
  }

  public void setMark(int mark) {
    this.mark = mark;
  }

  public int ifindex() {
    return ifindex;
  }

  public void setIfindex(int ifindex) {
    this.ifindex = ifindex;
  }

  public int ingressIfindex() {
    return ingressIfindex;
  }

  public void setIngressIfindex(int ingressIfindex) {
    this.ingressIfindex = ingressIfindex;
  }

  /** {@code bpf_skb_set_tunnel_key}: remote IPv4, tunnel id (VNI) and TTL. */
  public void setTunnelKey(int remoteIpv4, int tunnelId, int ttl) {
    this.tunnelKeySet = true;
    this.tunnelRemoteIpv4 = remoteIpv4;
    this.tunnelLocalIpv4 = 0;
    this.tunnelId = tunnelId;
    this.tunnelTtl = ttl;
  }

  /** The key a decapsulating device leaves for {@code bpf_skb_get_tunnel_key}. */
  public void setReceivedTunnelKey(int remoteIpv4, int localIpv4, int tunnelId, int ttl) {
    setTunnelKey(remoteIpv4, tunnelId, ttl);
    this.tunnelLocalIpv4 = localIpv4;
  }

  public void clearTunnelKey() {
    tunnelKeySet = false;
    tunnelRemoteIpv4 = 0;
    tunnelLocalIpv4 = 0;
    tunnelId = 0;
    tunnelTtl = 0;
  }

  public boolean hasTunnelKey() {
    return tunnelKeySet;
  }

  public int tunnelRemoteIpv4() {
    return tunnelRemoteIpv4;
  }

  public int tunnelLocalIpv4() {
    return tunnelLocalIpv4;
  }

  public int tunnelId() {
    return tunnelId;
  }

  public int tunnelTtl() {
    return tunnelTtl;
  }
}
