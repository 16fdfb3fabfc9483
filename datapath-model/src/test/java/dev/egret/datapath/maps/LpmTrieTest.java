package dev.egret.datapath.maps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.datapath.identity.Identities;
import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.net.Ip4;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class LpmTrieTest {
  private static long key(String ip) {
    return (long) Ip4.parse(ip) << 32;
  }

  @Test
  void longestPrefixWins() throws MapFullException {
    LpmTrie t = new LpmTrie("t", 32, 16);
    t.update(key("0.0.0.0"), 0, 1);
    t.update(key("10.0.0.0"), 8, 2);
    t.update(key("10.1.0.0"), 16, 3);
    t.update(key("10.1.2.3"), 32, 4);
    assertEquals(4, t.value(t.lookup(key("10.1.2.3"))));
    assertEquals(3, t.value(t.lookup(key("10.1.2.4"))));
    assertEquals(2, t.value(t.lookup(key("10.2.0.0"))));
    assertEquals(1, t.value(t.lookup(key("11.0.0.0"))));
    assertTrue(t.delete(key("0.0.0.0"), 0));
    assertEquals(LpmTrie.NONE, t.lookup(key("11.0.0.0")));
    // host bits are ignored for identity: 10.1.9.9/16 is the same key as 10.1.0.0/16
    t.update(key("10.1.9.9"), 16, 33);
    assertEquals(3, t.size());
    assertEquals(33, t.value(t.get(key("10.1.0.0"), 16)));
    assertEquals(key("10.1.9.9"), t.key(t.get(key("10.1.0.0"), 16)));
  }

  @Test
  void fullMapFailsWithEnospcEvenForAnExistingKey() throws MapFullException {
    LpmTrie t = new LpmTrie("small", 32, 2);
    t.update(key("1.0.0.0"), 8, 1);
    t.update(key("2.0.0.0"), 8, 2);
    MapFullException e = assertThrows(MapFullException.class, () -> t.update(key("1.0.0.0"), 8, 3));
    assertEquals(MapFullException.ENOSPC, e.errno());
    assertThrows(MapFullException.class, () -> t.update(key("3.0.0.0"), 8, 3));
    assertThrows(IllegalArgumentException.class, () -> t.update(0, 33, 0));
  }

  @Test
  void kernelDumpOrderIsPostOrder() throws MapFullException {
    LpmTrie t = new LpmTrie("t", 32, 16);
    String[] in = {"0.0.0.0/0", "10.0.0.0/8", "192.168.0.0/16", "10.1.0.0/16", "10.0.0.0/16"};
    for (String s : in) {
      Cidr4 c = Cidr4.parse(s);
      t.update((long) c.address() << 32, c.prefixLength(), 0);
    }
    List<String> out = new ArrayList<>();
    for (int id : t.idsInKernelOrder()) {
      out.add(Ip4.format((int) (t.key(id) >>> 32)) + "/" + t.prefixLen(id));
    }
    // children before parents, the 0-branch before the 1-branch
    assertEquals(
        List.of("10.0.0.0/16", "10.1.0.0/16", "10.0.0.0/8", "192.168.0.0/16", "0.0.0.0/0"), out);
  }

  @Property
  void lookupAgreesWithALinearScan(
      @ForAll @Size(max = 60) List<@IntRange(min = 0, max = 32) Integer> lens,
      @ForAll @Size(min = 60, max = 60) int[] addrs,
      @ForAll int probe)
      throws MapFullException {
    LpmTrie t = new LpmTrie("p", 32, 1000);
    List<Cidr4> stored = new ArrayList<>();
    for (int i = 0; i < lens.size(); i++) {
      Cidr4 c = new Cidr4(addrs[i], lens.get(i));
      t.update((long) c.address() << 32, c.prefixLength(), i);
      stored.removeIf(s -> s.prefixLength() == c.prefixLength() && s.contains(c.address()));
      stored.add(c);
    }
    Cidr4 best = null;
    for (Cidr4 c : stored) {
      if (c.contains(probe) && (best == null || c.prefixLength() > best.prefixLength())) {
        best = c;
      }
    }
    int id = t.lookup((long) probe << 32);
    if (best == null) {
      assertEquals(LpmTrie.NONE, id);
    } else {
      assertEquals(best.prefixLength(), t.prefixLen(id));
    }
  }

  @Test
  void ipcacheLookupAndBpftoolDump() throws MapFullException {
    IpCache4 c = new IpCache4(16);
    c.upsert(Cidr4.ALL, Identities.WORLD_ID, 0);
    c.upsert(Cidr4.parse("10.0.1.23/32"), 51234, Ip4.parse("172.18.0.5"));
    long info = c.lookup(Ip4.parse("10.0.1.23"));
    assertEquals(51234, RemoteEndpointInfo.identity(info));
    assertEquals(Ip4.parse("172.18.0.5"), RemoteEndpointInfo.tunnelEndpoint(info));
    assertEquals(Identities.WORLD_ID, RemoteEndpointInfo.identity(c.lookup(Ip4.parse("8.8.8.8"))));
    assertTrue(c.delete(Cidr4.ALL));
    assertEquals(RemoteEndpointInfo.MISS, c.lookup(Ip4.parse("8.8.8.8")));
    // prefixlen 32 + 32 = 0x40, family 1, 10.0.1.23; identity 51234 = 0xc822 LE, endpoint BE
    assertEquals(
        "key:\n40 00 00 00 00 00 00 01  0a 00 01 17 00 00 00 00  00 00 00 00 00 00 00 00\n"
            + "value:\n22 c8 00 00 ac 12 00 05  00 00 00 00\nFound 1 element\n",
        c.bpftoolDump());
  }
}
