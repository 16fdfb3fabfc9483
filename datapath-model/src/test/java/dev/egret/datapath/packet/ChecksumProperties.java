package dev.egret.datapath.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** RFC 1624 incremental updates equal full recomputation. */
class ChecksumProperties {

  @Property
  void incrementalIpv4UpdateEqualsFullRecomputation(
      @ForAll int saddr,
      @ForAll int daddr,
      @ForAll int newAddr,
      @ForAll @IntRange(min = 1, max = 255) int ttl,
      @ForAll @IntRange(min = 0, max = 0xffff) int id,
      @ForAll boolean rewriteSource) {
    byte[] b = new byte[20];
    Ipv4.write(b, 0, 0, 40, id, 0, ttl, 6, saddr, daddr);
    int old = rewriteSource ? saddr : daddr;
    int off = rewriteSource ? Ipv4.SADDR : Ipv4.DADDR;
    dev.egret.datapath.net.Ip4.write(b, off, newAddr);
    Csum.l3ReplaceByDiff(b, Ipv4.CHECK, Csum.diff32(old, newAddr));
    assertEquals(Ipv4.computeChecksum(b, 0), Ipv4.check(b, 0));
    assertTrue(Ipv4.checksumValid(b, 0));
  }

  @Property
  void incrementalTcpUpdateWithPseudoHeaderEqualsFullRecomputation(
      @ForAll int saddr,
      @ForAll int daddr,
      @ForAll int newSaddr,
      @ForAll @IntRange(min = 0, max = 0xffff) int sport,
      @ForAll @IntRange(min = 0, max = 0xffff) int newSport,
      @ForAll @Size(max = 40) byte[] payload) {
    Skb skb =
        new FrameBuilder()
            .ipv4(saddr, daddr)
            .payload(payload)
            .writeTcp(new Skb(128), sport, 80, 1, 2, Tcp.ACK, 3);
    byte[] b = skb.data();
    int l3 = skb.off() + 14;
    int l4 = l3 + 20;
    // the port: l4_csum_replace(old, new, 2); the address: folded with BPF_F_PSEUDO_HDR
    Csum.l4Replace16(b, l4 + Tcp.CHECK, sport, newSport, 0);
    Tcp.setSport(b, l4, newSport);
    dev.egret.datapath.net.Ip4.write(b, l3 + Ipv4.SADDR, newSaddr);
    long diff = Csum.diff32(saddr, newSaddr);
    Csum.l4ReplaceByDiff(b, l4 + Tcp.CHECK, diff, Csum.BPF_F_PSEUDO_HDR);
    Csum.l3ReplaceByDiff(b, l3 + Ipv4.CHECK, diff);
    assertEquals(L4Checksum.compute(b, l3), Tcp.check(b, l4));
    assertEquals(Ipv4.computeChecksum(b, l3), Ipv4.check(b, l3));
  }

  /**
   * Any header has a non-zero word besides the one replaced (IPv4's version, for one); with
   * all-zero data RFC 1624's equation 3 — and the kernel's csum_replace2 — yields 0x0000 where a
   * recomputation gives 0xffff, the two zeros of one's complement.
   */
  @Property
  void sixteenBitReplaceEqualsRecomputation(
      @ForAll @Size(min = 4, max = 64) byte[] data,
      @ForAll @IntRange(min = 0, max = 0xffff) int v) {
    int n = Math.max(4, data.length & ~1);
    byte[] b = java.util.Arrays.copyOf(data, n + 2);
    b[2] = 0x45; // a word other than the replaced one (0) and the checksum (n)
    int check = Csum.finish(Csum.sum(b, 0, n, 0));
    Csum.put16(b, n, check);
    int old = Csum.get16(b, 0);
    Csum.put16(b, 0, v);
    Csum.l3Replace16(b, n, old, v);
    assertEquals(0xffff, Csum.fold(Csum.sum(b, 0, n + 2, 0)));
  }
}
