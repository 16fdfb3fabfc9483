package dev.egret.datapath.maps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class BpfHashMapTest {

  @Test
  void plainHashRefusesNewKeysWhenFull() throws MapFullException {
    BpfHashMap m = BpfHashMap.hash("test_hash", 3);
    m.put(1, 1, 10);
    m.put(2, 2, 20);
    m.put(3, 3, 30);
    assertEquals(-KeyTable.E2BIG, m.update(4, 4, 40, KeyTable.BPF_ANY));
    MapFullException e = assertThrows(MapFullException.class, () -> m.put(4, 4, 40));
    assertEquals(MapFullException.E2BIG, e.errno());
    assertEquals("test_hash", e.mapName());
    // replacing an existing key still works when full
    m.put(2, 2, 21);
    assertEquals(21, m.get(2, 2, -1));
    assertEquals(3, m.size());
    assertTrue(m.delete(1, 1));
    m.put(4, 4, 40);
    assertEquals(40, m.get(4, 4, -1));
  }

  @Test
  void updateFlags() {
    BpfHashMap m = BpfHashMap.hash("flags", 8);
    assertEquals(-KeyTable.ENOENT, m.update(1, 2, 3, KeyTable.BPF_EXIST));
    assertEquals(0, m.update(1, 2, 3, KeyTable.BPF_NOEXIST));
    assertEquals(-KeyTable.EEXIST, m.update(1, 2, 4, KeyTable.BPF_NOEXIST));
    assertEquals(3, m.get(1, 2, -1));
    assertEquals(0, m.update(1, 2, 5, KeyTable.BPF_EXIST));
    assertEquals(5, m.get(1, 2, -1));
    assertFalse(m.delete(9, 9));
  }

  @Test
  void lruEvictsTheLeastRecentlyUsed() {
    BpfHashMap m = BpfHashMap.lruHash("lru", 3);
    m.update(1, 0, 1, KeyTable.BPF_ANY);
    m.update(2, 0, 2, KeyTable.BPF_ANY);
    m.update(3, 0, 3, KeyTable.BPF_ANY);
    // a lookup refreshes 1, so 2 is now the oldest
    assertEquals(1, m.get(1, 0, -1));
    assertEquals(0, m.update(4, 0, 4, KeyTable.BPF_ANY));
    assertFalse(m.containsKey(2, 0));
    assertTrue(m.containsKey(1, 0) && m.containsKey(3, 0) && m.containsKey(4, 0));
    assertEquals(1, m.evictions());
    // an update refreshes too: 3 becomes the newest, so 1 goes next
    m.update(3, 0, 33, KeyTable.BPF_ANY);
    m.update(5, 0, 5, KeyTable.BPF_ANY);
    assertFalse(m.containsKey(1, 0));
    assertEquals(3, m.size());
    int[] ids = m.ids();
    assertEquals(3, ids.length);
    // oldest first: 4, 3, 5
    assertEquals(4, m.key0(ids[0]));
    assertEquals(3, m.key0(ids[1]));
    assertEquals(5, m.key0(ids[2]));
  }

  @Test
  void keyOrderedIdsForDumps() {
    BpfHashMap m = BpfHashMap.hash("order", 16);
    m.update(-1L, 0, 0, 0); // 0xffff... sorts last (unsigned)
    m.update(5, 2, 0, 0);
    m.update(5, 1, 0, 0);
    m.update(0, 9, 0, 0);
    int[] ids = m.idsByKey();
    long[][] keys = new long[ids.length][];
    for (int i = 0; i < ids.length; i++) {
      keys[i] = new long[] {m.key0(ids[i]), m.key1(ids[i])};
    }
    assertArrayEquals(new long[] {0, 9}, keys[0]);
    assertArrayEquals(new long[] {5, 1}, keys[1]);
    assertArrayEquals(new long[] {5, 2}, keys[2]);
    assertArrayEquals(new long[] {-1L, 0}, keys[3]);
  }

  @Test
  void idleMapAllocatesNothing() {
    BpfHashMap m = BpfHashMap.lruHash("idle", 1 << 20);
    assertEquals(0, m.storageBytes());
    m.update(1, 1, 1, 0);
    assertTrue(m.storageBytes() < 2048, "grows from 16 entries: " + m.storageBytes());
  }

  @Property
  void behavesLikeAJavaMap(
      @ForAll @Size(max = 300) int[] ops, @ForAll @IntRange(min = 1, max = 64) int keySpace) {
    BpfHashMap m = BpfHashMap.hash("model", 1 << 16);
    Map<Long, Long> ref = new HashMap<>();
    for (int op : ops) {
      long k = Math.floorMod(op, keySpace);
      if ((op & 3) == 0) {
        assertEquals(ref.remove(k) != null, m.delete(k, ~k));
      } else {
        m.update(k, ~k, op, KeyTable.BPF_ANY);
        ref.put(k, (long) op);
      }
      assertEquals(ref.size(), m.size());
    }
    for (Map.Entry<Long, Long> e : ref.entrySet()) {
      assertEquals(e.getValue(), m.get(e.getKey(), ~e.getKey(), Long.MIN_VALUE));
    }
  }
}
