package dev.egret.sim;

import java.util.Arrays;
import java.util.NoSuchElementException;

/**
 * A 4-ary min-heap over primitive arrays, ordered by (time, sequence). Each heap position holds its
 * time and sequence side by side in one {@code long[]} (so the four children of a node are one
 * 64-byte cache line) and its slot in an {@code int[]}. No object is allocated per entry once the
 * arrays have grown.
 *
 * <p>Costs: insert O(log4 n), remove-next O(log4 n), cancel O(1) (lazy; cancelled entries are
 * dropped when they reach the top, and the heap is compacted in O(n) once they outnumber the live
 * ones). A remove-next followed by an insert, the common "hold" pattern of a simulation where an
 * event schedules the next one, costs a single sift-down: the removed root is kept in place until
 * the next operation, which either reuses it for the inserted entry or fills it from the last leaf.
 */
public final class QuaternaryHeapScheduler<E> implements EventScheduler<E> {
  private static final int COMPACT_MIN = 64;

  private long[] keys; // keys[2i] = time, keys[2i+1] = sequence of heap position i
  private int[] slots;
  private int n; // entries physically in the heap, cancelled ones included
  private int cancelled; // cancelled entries still in the heap
  private boolean rootRemoved; // heap[0] was handed out by a remove and awaits replacement
  private long nextSeq;
  private long lastRemoved;
  private final SlotTable table;

  public QuaternaryHeapScheduler() {
    this(1024);
  }

  public QuaternaryHeapScheduler(int initialCapacity) {
    int c = Math.max(16, initialCapacity);
    keys = new long[2 * c];
    slots = new int[c];
    table = new SlotTable(c);
  }

  @Override
  public String name() {
    return SchedulerKind.HEAP4.id();
  }

  @Override
  public long insert(long time, E payload) {
    if (time < 0) {
      throw new IllegalArgumentException("negative time " + time);
    }
    if (payload == null) {
      throw new NullPointerException("payload");
    }
    int slot = table.allocate(payload);
    long seq = nextSeq++;
    if (rootRemoved) {
      rootRemoved = false;
      siftDown(0, time, seq, slot);
    } else {
      if (n == slots.length) {
        grow();
      }
      siftUp(n++, time, seq, slot);
    }
    return table.handle(slot);
  }

  @Override
  public boolean cancel(long handle) {
    int slot = table.liveSlot(handle);
    if (slot < 0) {
      return false;
    }
    table.cancel(slot);
    cancelled++;
    if (n > COMPACT_MIN && cancelled > (n >>> 1)) {
      compact();
    }
    return true;
  }

  @Override
  public long peekTime() {
    settleRoot();
    return n == 0 ? Long.MAX_VALUE : keys[0];
  }

  @Override
  @SuppressWarnings("unchecked")
  public E peek() {
    settleRoot();
    return n == 0 ? null : (E) table.payload[slots[0]];
  }

  @Override
  public E removeNext() {
    settleRoot();
    if (n == 0) {
      throw new NoSuchElementException("no pending event");
    }
    return takeRoot();
  }

  @Override
  public E removeNextUpTo(long limit) {
    settleRoot();
    if (n == 0 || keys[0] > limit) {
      return null;
    }
    return takeRoot();
  }

  @SuppressWarnings("unchecked")
  private E takeRoot() {
    int slot = slots[0];
    E p = (E) table.payload[slot];
    lastRemoved = keys[0];
    table.free(slot);
    rootRemoved = true;
    return p;
  }

  @Override
  public long lastRemovedTime() {
    return lastRemoved;
  }

  @Override
  public int size() {
    return n - cancelled - (rootRemoved ? 1 : 0);
  }

  /** Completes a pending root removal and drops cancelled entries from the top. */
  private void settleRoot() {
    if (rootRemoved) {
      rootRemoved = false;
      removeRootPhysically();
    }
    if (cancelled > 0) {
      while (n > 0 && table.state[slots[0]] == SlotTable.CANCELLED) {
        table.free(slots[0]);
        cancelled--;
        removeRootPhysically();
      }
    }
  }

  private void removeRootPhysically() {
    int last = --n;
    if (last > 0) {
      siftDown(0, keys[2 * last], keys[2 * last + 1], slots[last]);
    }
  }

  private void siftUp(int i, long t, long s, int sl) {
    final long[] k = keys;
    while (i > 0) {
      int p = (i - 1) >>> 2;
      long pt = k[2 * p];
      if (pt < t || (pt == t && k[2 * p + 1] < s)) {
        break;
      }
      k[2 * i] = pt;
      k[2 * i + 1] = k[2 * p + 1];
      slots[i] = slots[p];
      i = p;
    }
    k[2 * i] = t;
    k[2 * i + 1] = s;
    slots[i] = sl;
  }

  /** Places (t, s, sl) at position i, moving it down below smaller children. */
  private void siftDown(int i, long t, long s, int sl) {
    final long[] k = keys;
    final int size = n;
    while (true) {
      int c = (i << 2) + 1;
      if (c >= size) {
        break;
      }
      int best = c;
      long bt = k[2 * c];
      long bs = k[2 * c + 1];
      int end = c + 4 <= size ? c + 4 : size;
      for (int j = c + 1; j < end; j++) {
        long jt = k[2 * j];
        if (jt < bt || (jt == bt && k[2 * j + 1] < bs)) {
          best = j;
          bt = jt;
          bs = k[2 * j + 1];
        }
      }
      if (t < bt || (t == bt && s < bs)) {
        break;
      }
      k[2 * i] = bt;
      k[2 * i + 1] = bs;
      slots[i] = slots[best];
      i = best;
    }
    k[2 * i] = t;
    k[2 * i + 1] = s;
    slots[i] = sl;
  }

  /** Drops every cancelled entry and rebuilds the heap bottom-up in O(n). */
  private void compact() {
    if (rootRemoved) {
      rootRemoved = false;
      removeRootPhysically();
    }
    int w = 0;
    for (int r = 0; r < n; r++) {
      int sl = slots[r];
      if (table.state[sl] == SlotTable.CANCELLED) {
        table.free(sl);
        continue;
      }
      keys[2 * w] = keys[2 * r];
      keys[2 * w + 1] = keys[2 * r + 1];
      slots[w] = sl;
      w++;
    }
    n = w;
    cancelled = 0;
    if (n > 1) {
      for (int i = (n - 2) >>> 2; i >= 0; i--) {
        siftDown(i, keys[2 * i], keys[2 * i + 1], slots[i]);
      }
    }
  }

  private void grow() {
    int c = slots.length * 2;
    keys = Arrays.copyOf(keys, 2 * c);
    slots = Arrays.copyOf(slots, c);
  }
}
