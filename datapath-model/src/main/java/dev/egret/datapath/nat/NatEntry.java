package dev.egret.datapath.nat;

import dev.egret.datapath.net.Ip4;

/**
 * A {@code struct ipv4_nat_entry} value (see {@link NatMap4}) as an immutable record.
 *
 * @param created bpf_mono_now() seconds at creation
 * @param addr {@code to_saddr} (original entries) or {@code to_daddr} (reverse entries)
 * @param port {@code to_sport} or {@code to_dport}
 */
public record NatEntry(long created, boolean needsCt, int addr, int port) {

  /** The 40 value bytes exactly as the kernel stores them. */
  public byte[] valueBytes() {
    byte[] b = new byte[NatMap4.VALUE_SIZE];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (created >>> (8 * i));
    }
    b[8] = (byte) (needsCt ? 1 : 0);
    Ip4.write(b, 32, addr);
    b[36] = (byte) (port >>> 8);
    b[37] = (byte) port;
    return b;
  }

  /** Decodes 40 value bytes. */
  public static NatEntry fromBytes(byte[] b) {
    if (b.length != NatMap4.VALUE_SIZE) {
      throw new IllegalArgumentException("an ipv4_nat_entry has 40 bytes, got " + b.length);
    }
    long c = 0;
    for (int i = 7; i >= 0; i--) {
      c = (c << 8) | (b[i] & 0xff);
    }
    return new NatEntry(
        c, (b[8] & 1) != 0, Ip4.read(b, 32), ((b[36] & 0xff) << 8) | (b[37] & 0xff));
  }

  @Override
  public String toString() {
    return Ip4.format(addr) + ":" + port + (needsCt ? " needs_ct" : "") + " created=" + created;
  }
}
