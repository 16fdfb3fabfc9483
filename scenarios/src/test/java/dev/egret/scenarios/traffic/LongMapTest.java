package dev.egret.scenarios.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class LongMapTest {

  @Property
  void behavesLikeAHashMap(
      @ForAll @Size(max = 400) List<@LongRange(min = -40, max = 40) Long> ops) {
    LongMap<String> m = new LongMap<>();
    Map<Long, String> ref = new HashMap<>();
    int i = 0;
    for (long op : ops) {
      // keys spread over the long range but colliding often in the table
      long key = op * 0x1_0000_0001L;
      if (i++ % 3 == 2) {
        assertEquals(ref.remove(key), m.remove(key));
      } else {
        assertEquals(ref.put(key, "v" + i), m.put(key, "v" + i));
      }
      assertEquals(ref.size(), m.size());
    }
    for (long k = -40; k <= 40; k++) {
      assertEquals(ref.get(k * 0x1_0000_0001L), m.get(k * 0x1_0000_0001L));
    }
    List<String> values = new ArrayList<>();
    m.forEachValue(values::add);
    assertEquals(ref.size(), values.size());
  }

  @Test
  void growsAndShrinks() {
    LongMap<Integer> m = new LongMap<>();
    for (int i = 0; i < 10_000; i++) {
      m.put(i * 65_536L + 7, i);
    }
    assertEquals(10_000, m.size());
    for (int i = 0; i < 10_000; i += 2) {
      assertEquals(i, m.remove(i * 65_536L + 7));
    }
    for (int i = 0; i < 10_000; i++) {
      assertEquals(i % 2 == 0 ? null : Integer.valueOf(i), m.get(i * 65_536L + 7));
    }
    assertNull(m.remove(-1));
  }

  @Test
  void nullValuesAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new LongMap<String>().put(1, null));
  }
}
