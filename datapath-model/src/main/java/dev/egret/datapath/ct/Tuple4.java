package dev.egret.datapath.ct;

import dev.egret.datapath.net.Ip4;

/**
 * {@code struct ipv4_ct_tuple} (bpf/lib/common.h), the key of the CT and NAT maps, as a mutable
 * scratch value. Ports and addresses are plain host-order ints here; {@link #keyBytes()} writes the
 * kernel's byte layout:
 *
 * <pre>
 * struct ipv4_ct_tuple {  // 14 bytes, packed
 *   __be32 daddr;         //  0
 *   __be32 saddr;         //  4
 *   __be16 dport;         //  8
 *   __be16 sport;         // 10
 *   __u8   nexthdr;       // 12
 *   __u8   flags;         // 13: TUPLE_F_OUT 0, TUPLE_F_IN 1, TUPLE_F_RELATED 2, TUPLE_F_SERVICE 4
 * } __packed;
 * </pre>
 *
 * <p>CT keys hold the addresses reversed relative to the packet that created them (daddr = the
 * original packet's source) and the ports in the original order; NAT keys use packet order. See
 * {@link Conntrack} and {@code dev.egret.datapath.nat.SnatV4}.
 *
 * <p>The key packs into two longs for the hash tables: {@link #k0()} = daddr:saddr, {@link #k1()} =
 * dport:sport:nexthdr:flags (48 bits), whose unsigned order equals the order of the key bytes.
 */
public final class Tuple4 {
  public static final int TUPLE_F_OUT = 0;
  public static final int TUPLE_F_IN = 1;
  public static final int TUPLE_F_RELATED = 2;
  public static final int TUPLE_F_SERVICE = 4;

  public static final int SIZE = 14;

  public int daddr;
  public int saddr;
  public int dport;
  public int sport;
  public int nexthdr;
  public int flags;

  public Tuple4 set(int daddr, int saddr, int dport, int sport, int nexthdr, int flags) {
    this.daddr = daddr;
    this.saddr = saddr;
    this.dport = dport & 0xffff;
    this.sport = sport & 0xffff;
    this.nexthdr = nexthdr & 0xff;
    this.flags = flags & 0xff;
    return this;
  }

  public Tuple4 copyFrom(Tuple4 o) {
    return set(o.daddr, o.saddr, o.dport, o.sport, o.nexthdr, o.flags);
  }

  public long k0() {
    return k0(daddr, saddr);
  }

  public long k1() {
    return k1(dport, sport, nexthdr, flags);
  }

  public static long k0(int daddr, int saddr) {
    return ((long) daddr << 32) | (saddr & 0xffffffffL);
  }

  public static long k1(int dport, int sport, int nexthdr, int flags) {
    return ((long) (dport & 0xffff) << 32)
        | ((long) (sport & 0xffff) << 16)
        | ((nexthdr & 0xff) << 8)
        | (flags & 0xff);
  }

  /** Loads a tuple from its packed key. */
  public Tuple4 fromKey(long k0, long k1) {
    return set(
        (int) (k0 >>> 32),
        (int) k0,
        (int) (k1 >>> 32) & 0xffff,
        (int) (k1 >>> 16) & 0xffff,
        (int) (k1 >>> 8) & 0xff,
        (int) k1 & 0xff);
  }

  /** {@code ipv4_ct_tuple_swap_addrs}. */
  public void swapAddrs() {
    int t = saddr;
    saddr = daddr;
    daddr = t;
  }

  /** {@code ipv4_ct_tuple_swap_ports}: between CT layout and packet layout. */
  public void swapPorts() {
    int t = sport;
    sport = dport;
    dport = t;
  }

  /** {@code ipv4_ct_tuple_reverse}: swap addresses and ports, flip TUPLE_F_IN. */
  public void reverse() {
    swapAddrs();
    swapPorts();
    flags ^= TUPLE_F_IN;
  }

  /** The 14 key bytes exactly as the kernel stores them. */
  public byte[] keyBytes() {
    byte[] b = new byte[SIZE];
    Ip4.write(b, 0, daddr);
    Ip4.write(b, 4, saddr);
    b[8] = (byte) (dport >>> 8);
    b[9] = (byte) dport;
    b[10] = (byte) (sport >>> 8);
    b[11] = (byte) sport;
    b[12] = (byte) nexthdr;
    b[13] = (byte) flags;
    return b;
  }

  /** Decodes 14 key bytes. */
  public static Tuple4 fromBytes(byte[] b) {
    if (b.length != SIZE) {
      throw new IllegalArgumentException("an ipv4_ct_tuple has 14 bytes, got " + b.length);
    }
    return new Tuple4()
        .set(
            Ip4.read(b, 0),
            Ip4.read(b, 4),
            ((b[8] & 0xff) << 8) | (b[9] & 0xff),
            ((b[10] & 0xff) << 8) | (b[11] & 0xff),
            b[12] & 0xff,
            b[13] & 0xff);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tuple4 t && t.k0() == k0() && t.k1() == k1();
  }

  @Override
  public int hashCode() {
    return Long.hashCode(k0() * 31 + k1());
  }

  @Override
  public String toString() {
    String proto =
        nexthdr == 6 ? "TCP" : nexthdr == 17 ? "UDP" : nexthdr == 1 ? "ICMP" : "proto " + nexthdr;
    return proto
        + " daddr="
        + Ip4.format(daddr)
        + " saddr="
        + Ip4.format(saddr)
        + " dport="
        + dport
        + " sport="
        + sport
        + " flags="
        + flags;
  }
}
