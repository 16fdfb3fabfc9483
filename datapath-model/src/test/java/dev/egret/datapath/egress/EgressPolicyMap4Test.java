package dev.egret.datapath.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.datapath.maps.MapFullException;
import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.net.Ip4;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class EgressPolicyMap4Test {

  private static int ip(String s) {
    return Ip4.parse(s);
  }

  private static byte[] hex(String spaced) {
    return HexFormat.of().parseHex(spaced.replace(" ", ""));
  }

  /** The three bpftool lines of seeds/004 (the k8s-guide lab, Cilium 1.10, cilium_egress_v4). */
  private static final String[][] SEED_004 = {
    {"30 00 00 00 0a 00 00 1f  ac 12 00 00", "ac 12 00 03 ac 12 00 03"},
    {"30 00 00 00 0a 00 01 d1  ac 12 00 00", "ac 12 00 03 ac 12 00 03"},
    {"30 00 00 00 0a 00 02 0e  ac 12 00 00", "ac 12 00 03 ac 12 00 03"},
  };

  @Test
  void decodesTheSeedDumpBytes() {
    EgressPolicyEntry e = EgressPolicyEntry.decode(hex(SEED_004[0][0]), hex(SEED_004[0][1]));
    assertEquals(ip("10.0.0.31"), e.sourceIp());
    assertEquals(Cidr4.parse("172.18.0.0/16"), e.destination());
    assertEquals(ip("172.18.0.3"), e.egressIp());
    assertEquals(ip("172.18.0.3"), e.gatewayIp());
    assertEquals(48, e.prefixLen());
    assertEquals(
        "10.0.1.209",
        Ip4.format(EgressPolicyEntry.decode(hex(SEED_004[1][0]), hex(SEED_004[1][1])).sourceIp()));
    assertEquals(
        "10.0.2.14",
        Ip4.format(EgressPolicyEntry.decode(hex(SEED_004[2][0]), hex(SEED_004[2][1])).sourceIp()));
  }

  @Test
  void reproducesTheSeedDumpByteForByte() throws MapFullException {
    EgressPolicyMap4 m = EgressPolicyMap4.legacy110(EgressPolicyMap4.EGRESS_POLICY_MAP_SIZE);
    Cidr4 dst = Cidr4.parse("172.18.0.0/16");
    // Inserted in another order: the dump must still come out in the kernel's order.
    m.update(ip("10.0.2.14"), dst, ip("172.18.0.3"), ip("172.18.0.3"));
    m.update(ip("10.0.0.31"), dst, ip("172.18.0.3"), ip("172.18.0.3"));
    m.update(ip("10.0.1.209"), dst, ip("172.18.0.3"), ip("172.18.0.3"));
    String expected =
        "key: 30 00 00 00 0a 00 00 1f  ac 12 00 00  value: ac 12 00 03 ac 12 00 03\n"
            + "key: 30 00 00 00 0a 00 01 d1  ac 12 00 00  value: ac 12 00 03 ac 12 00 03\n"
            + "key: 30 00 00 00 0a 00 02 0e  ac 12 00 00  value: ac 12 00 03 ac 12 00 03\n"
            + "Found 3 elements\n";
    assertEquals(expected, m.bpftoolDump());
    assertEquals("cilium_egress_v4", m.name());
  }

  @Test
  void longestDestinationPrefixWins() throws MapFullException {
    EgressPolicyMap4 m = new EgressPolicyMap4(16);
    int pod = ip("192.168.0.1");
    m.update(pod, Cidr4.parse("110.0.11.0/24"), 0, ip("10.0.10.2"));
    m.update(pod, Cidr4.parse("110.0.11.1/32"), 0, EgressPolicyMap4.EGRESS_GATEWAY_EXCLUDED_CIDR);
    m.update(pod, Cidr4.parse("0.0.0.0/0"), 0, ip("10.0.10.9"));
    assertEquals(1, m.gatewayIp(m.find(pod, ip("110.0.11.1"))));
    assertEquals(ip("10.0.10.2"), m.gatewayIp(m.find(pod, ip("110.0.11.2"))));
    assertEquals(ip("10.0.10.9"), m.gatewayIp(m.find(pod, ip("8.8.8.8"))));
    assertEquals(EgressPolicyMap4.NOT_FOUND, m.find(ip("192.168.0.2"), ip("110.0.11.1")));
  }

  @Test
  void hostBitsAreKeptForDisplayButNotForIdentity() throws MapFullException {
    EgressPolicyMap4 m = new EgressPolicyMap4(16);
    int pod = ip("10.0.0.1");
    m.update(pod, Cidr4.parse("1.1.1.5/24"), 0, ip("192.168.1.1"));
    m.update(pod, Cidr4.parse("1.1.1.0/24"), 0, ip("192.168.1.2"));
    assertEquals(1, m.size());
    assertEquals("1.1.1.0/24", m.dump().get(0).destination().toString());
    assertTrue(m.find(pod, ip("1.1.1.200")) >= 0);
    assertTrue(m.delete(pod, Cidr4.parse("1.1.1.77/24")));
    assertEquals(0, m.size());
  }

  @Test
  void fullMapRefusesEvenReplacementsWithEnospc() throws MapFullException {
    EgressPolicyMap4 m = new EgressPolicyMap4(2);
    m.update(ip("10.0.0.1"), Cidr4.parse("1.1.1.0/24"), 0, ip("192.168.1.1"));
    m.update(ip("10.0.0.2"), Cidr4.parse("1.1.1.0/24"), 0, ip("192.168.1.1"));
    MapFullException e =
        assertThrows(
            MapFullException.class,
            () -> m.update(ip("10.0.0.3"), Cidr4.parse("1.1.1.0/24"), 0, ip("192.168.1.1")));
    assertTrue(e.getMessage().contains("no space left"), e.getMessage());
    assertThrows(
        MapFullException.class,
        () -> m.update(ip("10.0.0.1"), Cidr4.parse("1.1.1.0/24"), 0, ip("192.168.1.9")));
    assertTrue(m.delete(ip("10.0.0.2"), Cidr4.parse("1.1.1.0/24")));
    assertFalse(m.delete(ip("10.0.0.2"), Cidr4.parse("1.1.1.0/24")));
    m.update(ip("10.0.0.3"), Cidr4.parse("1.1.1.0/24"), 0, ip("192.168.1.1"));
    assertEquals(2, m.size());
  }

  @Test
  void dumpFollowsTheKernelPostOrder() throws MapFullException {
    // The example in the comment of kernel/bpf/lpm_trie.c trie_get_next_key.
    EgressPolicyMap4 m = new EgressPolicyMap4(16);
    int s = ip("10.0.0.1");
    for (String c :
        List.of("192.168.0.0/16", "192.168.128.0/24", "192.168.0.0/24", "192.168.1.0/24")) {
      m.update(s, Cidr4.parse(c), 0, 7);
    }
    List<String> order = new ArrayList<>();
    m.dump().forEach(e -> order.add(e.destination().toString()));
    assertEquals(
        List.of("192.168.0.0/24", "192.168.1.0/24", "192.168.128.0/24", "192.168.0.0/16"), order);
  }

  @Test
  void getReturnsExactKeysOnly() throws MapFullException {
    EgressPolicyMap4 m = new EgressPolicyMap4(16);
    m.update(ip("10.0.0.1"), Cidr4.parse("1.1.1.0/24"), ip("192.168.101.1"), ip("192.168.1.1"));
    assertEquals(ip("192.168.101.1"), m.get(ip("10.0.0.1"), Cidr4.parse("1.1.1.0/24")).egressIp());
    assertNull(m.get(ip("10.0.0.1"), Cidr4.parse("1.1.1.0/25")));
  }

  /** find() must agree with a linear longest-prefix scan over the dump. */
  @Property(tries = 200)
  void findAgreesWithALinearScan(@ForAll @IntRange(min = 0, max = 1_000_000) int seed)
      throws MapFullException {
    java.util.Random r = new java.util.Random(seed);
    EgressPolicyMap4 m = new EgressPolicyMap4(1000);
    int[] sources = {ip("10.0.0.1"), ip("10.0.0.2"), ip("10.0.1.7")};
    for (int i = 0; i < 60; i++) {
      int s = sources[r.nextInt(sources.length)];
      int plen = r.nextInt(33);
      int addr = (r.nextInt(4) << 30) | (r.nextInt(4) << 8) | r.nextInt(256);
      if (r.nextInt(5) == 0) {
        m.delete(s, new Cidr4(addr, plen));
      } else {
        m.update(s, new Cidr4(addr, plen), r.nextInt(), r.nextInt());
      }
    }
    List<EgressPolicyEntry> all = m.dump();
    for (int q = 0; q < 200; q++) {
      int s = sources[r.nextInt(sources.length)];
      int d = (r.nextInt(4) << 30) | (r.nextInt(4) << 8) | r.nextInt(256);
      EgressPolicyEntry best = null;
      for (EgressPolicyEntry e : all) {
        if (e.sourceIp() == s
            && e.destination().contains(d)
            && (best == null
                || e.destination().prefixLength() > best.destination().prefixLength())) {
          best = e;
        }
      }
      int id = m.find(s, d);
      if (best == null) {
        assertEquals(EgressPolicyMap4.NOT_FOUND, id);
      } else {
        assertEquals(best, m.entry(id));
      }
    }
  }
}
