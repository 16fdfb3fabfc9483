package dev.egret.sim;

import java.util.Arrays;
import java.util.NoSuchElementException;

/**
 * The default event list: a 4-ary min-heap over parallel primitive arrays (time, sequence, slot),
 * ordered by (time, sequence). No object is allocated per entry once the arrays have grown.
 *
 * <p>Costs: insert O(log4 n), remove-next O(log4 n), cancel O(1) (lazy; cancelled entries are
 * dropped when they reach the top, and the heap is compacted in O(n) once they outnumber the live
 * ones). A remove-next followed by an insert, the common "hold" pattern of a simulation where an
 * event schedules the next one, costs a single sift-down: the removed root is kept in place until
 * the next operation, which either reuses it for the inserted entry or fills it from the last leaf.
 */
public final class QuaternaryHeapScheduler<E> implements EventScheduler<E> {
  private static final int COMPACT_MIN = 64;

  private long[] times;
  private long[] seqs;
  private int[] slots;
  private int n; // entries physically in the heap, cancelled ones included
  private int cancelled; // cancelled entries still in the heap
  private boolean rootRemoved; // heap[0] was handed out by removeNext and awaits replacement
  private long nextSeq;
  private final SlotTable table;

  public QuaternaryHeapScheduler() {
    this(1024);
  }

  public QuaternaryHeapScheduler(int initialCapacity) {
    int c = Math.max(16, initialCapacity);
    times = new long[c];
    seqs = new long[c];
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
      times[0] = time;
      seqs[0] = seq;
      slots[0] = slot;
      siftDown(0);
    } else {
      if (n == times.length) {
        grow();
      }
      int i = n++;
      times[i] = time;
      seqs[i] = seq;
      slots[i] = slot;
      siftUp(i);
    }
    return table.handle(slot);
  }

  @Override
  public boolean cancel(long handle) {
    int slot = table.liveSlot(handle);
    if (slot < 0) {
      return false;
    }
    table.state[slot] = SlotTable.CANCELLED;
    cancelled++;
    if (n > COMPACT_MIN && cancelled > (n >>> 1)) {
      compact();
    }
    return true;
  }

  @Override
  public long peekTime() {
    settleRoot();
    return n == 0 ? Long.MAX_VALUE : times[0];
  }

  @Override
  @SuppressWarnings("unchecked")
  public E peek() {
    settleRoot();
    return n == 0 ? null : (E) table.payload[slots[0]];
  }

  @Override
  @SuppressWarnings("unchecked")
  public E removeNext() {
    settleRoot();
    if (n == 0) {
      throw new NoSuchElementException("no pending event");
    }
    int slot = slots[0];
    E p = (E) table.payload[slot];
    table.free(slot);
    rootRemoved = true;
    return p;
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
    while (n > 0 && table.state[slots[0]] == SlotTable.CANCELLED) {
      table.free(slots[0]);
      cancelled--;
      removeRootPhysically();
    }
  }

  private void removeRootPhysically() {
    int last = --n;
    if (last > 0) {
      times[0] = times[last];
      seqs[0] = seqs[last];
      slots[0] = slots[last];
      siftDown(0);
    }
  }

  private void siftUp(int i) {
    long t = times[i];
    long s = seqs[i];
    int sl = slots[i];
    while (i > 0) {
      int p = (i - 1) >>> 2;
      long pt = times[p];
      if (pt < t || (pt == t && seqs[p] < s)) {
        break;
      }
      times[i] = pt;
      seqs[i] = seqs[p];
      slots[i] = slots[p];
      i = p;
    }
    times[i] = t;
    seqs[i] = s;
    slots[i] = sl;
  }

  private void siftDown(int i) {
    long t = times[i];
    long s = seqs[i];
    int sl = slots[i];
    final int size = n;
    while (true) {
      int c = (i << 2) + 1;
      if (c >= size) {
        break;
      }
      // Find the smallest of up to four children.
      int best = c;
      long bt = times[c];
      long bs = seqs[c];
      int end = Math.min(c + 4, size);
      for (int j = c + 1; j < end; j++) {
        long jt = times[j];
        if (jt < bt || (jt == bt && seqs[j] < bs)) {
          best = j;
          bt = jt;
          bs = seqs[j];
        }
      }
      if (t < bt || (t == bt && s < bs)) {
        break;
      }
      times[i] = bt;
      seqs[i] = bs;
      slots[i] = slots[best];
      i = best;
    }
    times[i] = t;
    seqs[i] = s;
    slots[i] = sl;
  }

  /** Drops every cancelled entry and rebuilds the heap bottom-up in O(n). */
  private void compact() {
    settleRootRemovalOnly();
    int w = 0;
    for (int r = 0; r < n; r++) {
      int sl = slots[r];
      if (table.state[sl] == SlotTable.CANCELLED) {
        table.free(sl);
        continue;
      }
      times[w] = times[r];
      seqs[w] = seqs[r];
      slots[w] = sl;
      w++;
    }
    n = w;
    cancelled = 0;
    for (int i = (n - 2) >>> 2; n > 1 && i >= 0; i--) {
      siftDown(i);
    }
  }

  private void settleRootRemovalOnly() {
    if (rootRemoved) {
      rootRemoved = false;
      removeRootPhysically();
    }
  }

  private void grow() {
    int c = times.length * 2;
    times = Arrays.copyOf(times, c);
    seqs = Arrays.copyOf(seqs, c);
    slots = Arrays.copyOf(slots, c);
  }
}
