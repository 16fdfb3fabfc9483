package dev.egret.datapath.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.egret.datapath.maps.MapFullException;
import dev.egret.datapath.net.Cidr4;
import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Updates and deletes in any order (which grow, move and compact the rule pool) keep lookups equal
 * to a linear scan over the live entries.
 */
class EgressPolicyMapChurnProperties {

  @Property(tries = 300)
  void lookupsSurviveChurn(
      @ForAll @Size(max = 600) int[] ops,
      @ForAll @IntRange(min = 1, max = 40) int sources,
      @ForAll @Size(min = 8, max = 8) int[] probes)
      throws MapFullException {
    EgressPolicyMap4 m = new EgressPolicyMap4(100_000);
    Map<String, int[]> ref = new HashMap<>(); // "src/net/len" -> {src, addr, len, gw}
    for (int op : ops) {
      int src = Math.floorMod(op, sources);
      int len = Math.floorMod(op >>> 8, 33);
      int addr = (op >>> 3) * 0x9E3779B9;
      Cidr4 c = new Cidr4(addr, len);
      String key = src + "/" + c.network() + "/" + len;
      if ((op & 7) == 0) {
        assertEquals(ref.remove(key) != null, m.delete(src, c));
      } else {
        m.update(src, c, op, op ^ 0x55);
        ref.put(key, new int[] {src, addr, len, op ^ 0x55});
      }
      assertEquals(ref.size(), m.size());
    }
    assertEquals(ref.size(), m.dump().size());
    for (int s = 0; s < sources; s++) {
      for (int probe : probes) {
        int best = -1;
        int bestGw = 0;
        for (int[] e : ref.values()) {
          if (e[0] == s && new Cidr4(e[1], e[2]).contains(probe) && e[2] > best) {
            best = e[2];
            bestGw = e[3];
          }
        }
        int id = m.find(s, probe);
        if (best < 0) {
          assertEquals(EgressPolicyMap4.NOT_FOUND, id);
        } else {
          assertEquals(best, m.destinationPrefixLen(id));
          assertEquals(bestGw, m.gatewayIp(id));
        }
      }
    }
  }

  @Example
  void massDeletesCompactThePoolAndKeepTheSurvivors() throws MapFullException {
    EgressPolicyMap4 m = new EgressPolicyMap4(EgressPolicyMap4.EGRESS_POLICY_MAP_SIZE);
    for (int s = 0; s < 4000; s++) {
      for (int k = 0; k < 4; k++) {
        m.update(s, new Cidr4(k << 24, 8), s, k + 2);
      }
    }
    for (int s = 0; s < 4000; s++) {
      if (s % 100 != 0) {
        for (int k = 0; k < 4; k++) {
          m.delete(s, new Cidr4(k << 24, 8));
        }
      }
    }
    assertEquals(40 * 4, m.size());
    for (int s = 0; s < 4000; s++) {
      for (int k = 0; k < 4; k++) {
        int id = m.find(s, (k << 24) | 5);
        if (s % 100 == 0) {
          assertEquals(k + 2, m.gatewayIp(id));
        } else {
          assertEquals(EgressPolicyMap4.NOT_FOUND, id);
        }
      }
    }
    // one source growing to 600 rules moves its block several times
    for (int k = 0; k < 600; k++) {
      m.update(-1, new Cidr4(k << 8, 24), 0, k);
    }
    for (int k = 0; k < 600; k++) {
      assertEquals(k, m.gatewayIp(m.find(-1, (k << 8) | 1)));
    }
  }
}
