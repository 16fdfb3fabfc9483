package dev.egret.sim;

import java.util.Arrays;
import java.util.NoSuchElementException;

/**
 * The default event list: Brown's calendar queue (CACM 31(10), 1988) over primitive arrays: a ring
 * of {@code nb} buckets, each a list sorted by (time, sequence), covering one "year" of {@code nb ×
 * width} nanoseconds. Remove-next scans forward from the last bucket served; insert goes into
 * bucket {@code (time / width) mod nb}. The bucket count doubles or halves when the population
 * crosses 2·nb or nb/2, and the width is then re-estimated from the spacing of the earliest
 * entries, as Brown describes.
 *
 * <p>Costs: O(1) expected per operation for well-spread times, O(n) worst case; cancel O(1) (lazy).
 * Entries may be inserted earlier than the last one removed (the window moves back).
 */
public final class CalendarQueueScheduler<E> implements EventScheduler<E> {
  private static final int MIN_BUCKETS = 2;
  private static final int SAMPLE = 25;
  private static final int NIL = -1;

  private final SlotTable table;
  private long[] time; // by slot
  private long[] seq; // by slot
  private int[] next; // by slot: next entry in the same bucket list
  private int[] head; // by bucket
  private int[] tail; // by bucket: last entry of the list, for O(1) appends
  private int nb;
  private int mask;
  private long width;
  private int lastBucket; // bucket of the current window
  private long bucketTop; // exclusive end of the current window
  private long windowStart; // every pending entry has time >= windowStart
  private int entries; // entries in the lists, cancelled ones included
  private int cancelled;
  private long nextSeq;
  private int minBucket = NIL; // cached location of the minimum, NIL when unknown
  private long lastRemoved;

  public CalendarQueueScheduler() {
    table = new SlotTable(64);
    time = new long[table.capacity()];
    seq = new long[table.capacity()];
    next = new int[table.capacity()];
    width = Durations.MICROSECOND;
    setBuckets(MIN_BUCKETS);
    windowStart = 0;
    lastBucket = 0;
    bucketTop = width;
  }

  @Override
  public String name() {
    return SchedulerKind.CALENDAR.id();
  }

  private void setBuckets(int count) {
    nb = count;
    mask = count - 1;
    head = new int[count];
    tail = new int[count];
    Arrays.fill(head, NIL);
    Arrays.fill(tail, NIL);
  }

  private int bucketOf(long t) {
    return (int) ((t / width) & mask);
  }

  private boolean before(int a, int b) {
    return time[a] < time[b] || (time[a] == time[b] && seq[a] < seq[b]);
  }

  @Override
  public long insert(long t, E payload) {
    if (t < 0) {
      throw new IllegalArgumentException("negative time " + t);
    }
    if (payload == null) {
      throw new NullPointerException("payload");
    }
    int slot = table.allocate(payload);
    if (slot >= time.length) {
      int c = table.capacity();
      time = Arrays.copyOf(time, c);
      seq = Arrays.copyOf(seq, c);
      next = Arrays.copyOf(next, c);
    }
    time[slot] = t;
    seq[slot] = nextSeq++;
    link(slot);
    entries++;
    if (t < windowStart) {
      moveWindowTo(t);
    }
    minBucket = NIL;
    if (entries > 2 * nb) {
      resize(nb * 2);
    }
    return table.handle(slot);
  }

  private void moveWindowTo(long t) {
    windowStart = (t / width) * width;
    lastBucket = bucketOf(t);
    bucketTop = windowStart + width;
  }

  /**
   * Sorted insertion into the bucket's list; equal times go after the ones already there. An entry
   * not earlier than the list's last one (the usual case: later times, or a burst of equal times)
   * is appended in O(1).
   */
  private void link(int slot) {
    int b = bucketOf(time[slot]);
    int h = head[b];
    next[slot] = NIL;
    if (h == NIL) {
      head[b] = slot;
      tail[b] = slot;
      return;
    }
    if (!before(slot, tail[b])) {
      next[tail[b]] = slot;
      tail[b] = slot;
      return;
    }
    if (before(slot, h)) {
      next[slot] = h;
      head[b] = slot;
      return;
    }
    int prev = h;
    int cur = next[h];
    while (cur != NIL && !before(slot, cur)) {
      prev = cur;
      cur = next[cur];
    }
    next[slot] = cur;
    next[prev] = slot;
  }

  /** How far along its bucket list a cancel looks for the entry before cancelling lazily. */
  private static final int EAGER_CANCEL_STEPS = 32;

  /**
   * Unlinks the entry when it is within {@link #EAGER_CANCEL_STEPS} of its bucket's head (the usual
   * case: buckets hold about two entries), so cancelled timeouts do not crowd the lists and inflate
   * the calendar; otherwise marks it cancelled and drops it when it reaches a head. Either way the
   * order of the remaining entries is unchanged.
   */
  @Override
  public boolean cancel(long handle) {
    int slot = table.liveSlot(handle);
    if (slot < 0) {
      return false;
    }
    minBucket = NIL; // the cached minimum may be the entry just cancelled
    int b = bucketOf(time[slot]);
    int prev = NIL;
    int cur = head[b];
    for (int k = 0; cur != NIL && cur != slot && k < EAGER_CANCEL_STEPS; k++) {
      prev = cur;
      cur = next[cur];
    }
    if (cur != slot) {
      table.cancel(slot);
      cancelled++;
      return true;
    }
    int nx = next[slot];
    if (prev == NIL) {
      head[b] = nx;
    } else {
      next[prev] = nx;
    }
    if (tail[b] == slot) {
      tail[b] = prev;
    }
    entries--;
    table.free(slot);
    if (nb > MIN_BUCKETS && entries < nb / 2) {
      resize(nb / 2);
    }
    return true;
  }

  /** Finds the bucket whose head is the earliest entry, dropping cancelled heads on the way. */
  private int locateMin() {
    if (minBucket != NIL) {
      return minBucket;
    }
    while (entries > 0) {
      int b = scan();
      int h = head[b];
      if (table.state[h] == SlotTable.CANCELLED) {
        unlinkHead(b);
        table.free(h);
        cancelled--;
        continue;
      }
      minBucket = b;
      return b;
    }
    return NIL;
  }

  private int scan() {
    int i = lastBucket;
    long top = bucketTop;
    for (int k = 0; k < nb; k++) {
      int h = head[i];
      if (h != NIL && time[h] < top) {
        lastBucket = i;
        bucketTop = top;
        windowStart = top - width;
        return i;
      }
      i = (i + 1) & mask;
      top += width;
    }
    // A whole year without an entry: search the bucket heads directly.
    int best = NIL;
    int bestBucket = NIL;
    for (int b = 0; b < nb; b++) {
      int h = head[b];
      if (h != NIL && (best == NIL || before(h, best))) {
        best = h;
        bestBucket = b;
      }
    }
    moveWindowTo(time[best]);
    return bestBucket;
  }

  private void unlinkHead(int b) {
    int h = head[b];
    int nx = next[h];
    head[b] = nx;
    if (nx == NIL) {
      tail[b] = NIL;
    }
    entries--;
  }

  @Override
  public long peekTime() {
    int b = locateMin();
    return b == NIL ? Long.MAX_VALUE : time[head[b]];
  }

  @Override
  @SuppressWarnings("unchecked")
  public E peek() {
    int b = locateMin();
    return b == NIL ? null : (E) table.payload[head[b]];
  }

  @Override
  @SuppressWarnings("unchecked")
  public E removeNext() {
    int b = locateMin();
    if (b == NIL) {
      throw new NoSuchElementException("no pending event");
    }
    int h = head[b];
    unlinkHead(b);
    minBucket = NIL;
    E p = (E) table.payload[h];
    lastRemoved = time[h];
    table.free(h);
    if (nb > MIN_BUCKETS && entries < nb / 2) {
      resize(nb / 2);
    }
    return p;
  }

  @Override
  public long lastRemovedTime() {
    return lastRemoved;
  }

  @Override
  public int size() {
    return entries - cancelled;
  }

  /** Re-buckets every live entry into {@code newNb} buckets with a freshly estimated width. */
  private void resize(int newNb) {
    // Gather live entries; cancelled ones are freed here.
    int[] all = new int[entries - cancelled];
    int k = 0;
    for (int b = 0; b < nb; b++) {
      for (int s = head[b]; s != NIL; ) {
        int nx = next[s];
        if (table.state[s] == SlotTable.CANCELLED) {
          table.free(s);
        } else {
          all[k++] = s;
        }
        s = nx;
      }
    }
    entries = k;
    cancelled = 0;
    width = estimateWidth(all, k);
    setBuckets(Math.max(MIN_BUCKETS, newNb));
    long min = Long.MAX_VALUE;
    for (int i = 0; i < k; i++) {
      link(all[i]);
      min = Math.min(min, time[all[i]]);
    }
    moveWindowTo(k == 0 ? windowStart : min);
    minBucket = NIL;
  }

  /**
   * Brown's width rule: three times the mean gap between the earliest entries, after discarding
   * gaps larger than twice the first mean. Keeps the old width when the sample says nothing.
   */
  private long estimateWidth(int[] all, int k) {
    if (k < 2) {
      return width;
    }
    int m = Math.min(SAMPLE, k);
    long[] smallest = smallestTimes(all, k, m);
    long sum = 0;
    for (int i = 1; i < m; i++) {
      sum += smallest[i] - smallest[i - 1];
    }
    double mean = (double) sum / (m - 1);
    double sum2 = 0;
    int c = 0;
    for (int i = 1; i < m; i++) {
      long gap = smallest[i] - smallest[i - 1];
      if (gap <= 2 * mean) {
        sum2 += gap;
        c++;
      }
    }
    double w = c == 0 ? mean * 3 : (sum2 / c) * 3;
    if (!(w >= 1)) {
      return width;
    }
    return (long) Math.min(w, (double) (Long.MAX_VALUE >> 8));
  }

  /** The m smallest times, ascending, by a bounded insertion pass (m is at most 25). */
  private long[] smallestTimes(int[] all, int k, int m) {
    long[] best = new long[m];
    int filled = 0;
    for (int i = 0; i < k; i++) {
      long t = time[all[i]];
      if (filled < m) {
        int j = filled++;
        while (j > 0 && best[j - 1] > t) {
          best[j] = best[j - 1];
          j--;
        }
        best[j] = t;
      } else if (t < best[m - 1]) {
        int j = m - 1;
        while (j > 0 && best[j - 1] > t) {
          best[j] = best[j - 1];
          j--;
        }
        best[j] = t;
      }
    }
    return best;
  }
}
