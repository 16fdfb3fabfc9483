package dev.egret.scenarios.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.net.Ip4;
import dev.egret.scenarios.load.LoadResult;
import dev.egret.scenarios.load.ScenarioLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The lab's address map: structure kept, everything inside 198.18.0.0/15, injective. */
class AddressMapTest {
  static final Path EXAMPLES = Path.of("examples");

  @Test
  void scenario001KeepsTheLastOctetsAndTheNesting() {
    LabScenario ls = load("001-reschedule-keeps-egress-ip.yaml");
    AddressMap m = ls.map();
    // The pod pool keeps its size and offsets: pod IPs allocated in the lab map back exactly.
    assertEquals("198.18.0.0/16", m.toLab(Cidr4.parse("10.0.0.0/16")).toString());
    assertEquals("198.18.1.2", Ip4.format(m.toLab(Ip4.parse("10.0.1.2"))));
    // The policy's /16 holds its /24 which holds the external, strictly nested.
    Cidr4 wide = m.toLab(Cidr4.parse("198.51.0.0/16"));
    Cidr4 narrow = m.toLab(Cidr4.parse("198.51.100.0/24"));
    int echo = m.toLab(Ip4.parse("198.51.100.10"));
    assertTrue(wide.covers(narrow) && wide.prefixLength() < narrow.prefixLength());
    assertTrue(narrow.contains(echo));
    assertEquals(10, echo & 0xff, "the last octet survives");
    // The underlay keeps the nodes' last octets.
    assertEquals(5, m.toLab(Ip4.parse("172.18.0.5")) & 0xff);
    assertEquals(3, m.toLab(Ip4.parse("172.18.0.3")) & 0xff);
    assertEquals(Ip4.parse("172.18.0.3"), (int) m.toScenario(m.toLab(Ip4.parse("172.18.0.3"))));
    assertEquals(-1, m.toScenario(Ip4.parse("198.19.255.254")));
    assertThrows(LabException.class, () -> m.toLab(Ip4.parse("8.8.8.8")));
  }

  @Test
  void everyExampleMapsFaithfully() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(EXAMPLES)) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertTrue(files.size() >= 3);
    for (Path f : files) {
      LoadResult r = ScenarioLoader.load(f);
      assertTrue(r.ok(), f + " loads");
      LabScenario ls;
      try {
        ls = LabScenario.of(r.scenario());
      } catch (LabException e) {
        assertTrue(e.getMessage().contains("does not replay"), f + ": " + e.getMessage());
        continue;
      }
      checkFaithful(f.toString(), ls.map().entries());
    }
  }

  static void checkFaithful(String where, List<AddressMap.Entry> es) {
    Set<Integer> labPoints = new HashSet<>();
    for (AddressMap.Entry e : es) {
      if (e.scenario().prefixLength() > 0) {
        assertTrue(AddressMap.LAB_SPACE.covers(e.lab()), where + ": " + e + " in the lab space");
      }
      if (e.scenario().prefixLength() == 32) {
        assertTrue(labPoints.add(e.lab().address()), where + ": injective at " + e);
      }
      for (AddressMap.Entry o : es) {
        // Containment and strict nesting are preserved both ways.
        assertEquals(
            e.scenario().covers(o.scenario()),
            e.lab().covers(o.lab()),
            where + ": " + e + " vs " + o);
        assertEquals(e.scenario().overlaps(o.scenario()), e.lab().overlaps(o.lab()), where);
      }
    }
  }

  @Test
  void tooLargeIsRefused() {
    var b = AddressMap.builder().keep(Cidr4.parse("10.0.0.0/14"), "pod pool");
    var e = assertThrows(LabException.class, b::build);
    assertTrue(e.getMessage().contains("more than"), e.getMessage());
  }

  @Test
  void zeroSlashZeroStaysTheWholeWorld() {
    AddressMap m =
        AddressMap.builder()
            .cidr(Cidr4.ALL, "policy destination")
            .cidr(Cidr4.parse("10.0.0.0/8"), "excluded")
            .address(Ip4.parse("10.1.2.3"), "pod")
            .address(Ip4.parse("203.0.113.9"), "external")
            .build();
    assertEquals(Cidr4.ALL, m.toLab(Cidr4.ALL));
    Cidr4 ex = m.toLab(Cidr4.parse("10.0.0.0/8"));
    assertTrue(ex.contains(m.toLab(Ip4.parse("10.1.2.3"))));
    assertTrue(!ex.contains(m.toLab(Ip4.parse("203.0.113.9"))));
  }

  static LabScenario load(String name) {
    LoadResult r = ScenarioLoader.load(EXAMPLES.resolve(name));
    assertTrue(r.ok());
    return LabScenario.of(r.scenario());
  }
}
