package dev.egret.datapath.maps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** The primitive maps agree with {@link HashMap} on random puts, removes, gets and clears. */
class PrimitiveHashMapProperties {
  @Property(tries = 100)
  void bothMapsBehaveLikeAHashMap(@ForAll long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    IntIntHashMap ii = new IntIntHashMap(r.nextInt(1, 8));
    IntLongHashMap il = new IntLongHashMap(r.nextInt(1, 8));
    Map<Integer, Integer> refI = new HashMap<>();
    Map<Integer, Long> refL = new HashMap<>();
    int keyRange = r.nextInt(4, 400);
    for (int op = 0; op < 2000; op++) {
      int k = r.nextInt(keyRange) - keyRange / 2;
      int kind = r.nextInt(100);
      if (kind < 50) {
        int v = r.nextInt(Integer.MIN_VALUE + 1, Integer.MAX_VALUE);
        long lv = r.nextLong(Long.MIN_VALUE + 1, Long.MAX_VALUE);
        assertEquals(or(refI.put(k, v), IntIntHashMap.MISSING), ii.put(k, v));
        assertEquals(or(refL.put(k, lv), IntLongHashMap.MISSING), il.put(k, lv));
      } else if (kind < 80) {
        assertEquals(or(refI.remove(k), IntIntHashMap.MISSING), ii.remove(k));
        assertEquals(or(refL.remove(k), IntLongHashMap.MISSING), il.remove(k));
      } else if (kind < 99) {
        assertEquals(or(refI.get(k), IntIntHashMap.MISSING), ii.get(k));
        assertEquals(or(refL.get(k), IntLongHashMap.MISSING), il.get(k));
      } else {
        ii.clear();
        il.clear();
        refI.clear();
        refL.clear();
      }
      assertEquals(refI.size(), ii.size());
      assertEquals(refL.size(), il.size());
    }
    for (int k = -keyRange; k < keyRange; k++) {
      assertEquals(or(refI.get(k), IntIntHashMap.MISSING), ii.get(k));
      assertEquals(or(refL.get(k), IntLongHashMap.MISSING), il.get(k));
    }
  }

  private static int or(Integer v, int missing) {
    return v == null ? missing : v;
  }

  private static long or(Long v, long missing) {
    return v == null ? missing : v;
  }
}
