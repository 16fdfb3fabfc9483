package dev.egret.sim;

import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * The simplest correct event list: {@link PriorityQueue} of entry objects ordered by (time,
 * sequence), with lazy cancel. It allocates one small object per insert; use it as a reference
 * point, not on hot paths.
 */
public final class BinaryHeapScheduler<E> implements EventScheduler<E> {
  private static final class Entry {
    final long time;
    final long seq;
    final Object payload;
    boolean cancelled;

    Entry(long time, long seq, Object payload) {
      this.time = time;
      this.seq = seq;
      this.payload = payload;
    }
  }

  private final PriorityQueue<Entry> heap =
      new PriorityQueue<>(
          (a, b) -> a.time != b.time ? Long.compare(a.time, b.time) : Long.compare(a.seq, b.seq));
  private final java.util.HashMap<Long, Entry> byHandle = new java.util.HashMap<>();
  private long nextSeq;
  private int live;
  private long lastRemoved;

  @Override
  public String name() {
    return SchedulerKind.BINARY.id();
  }

  @Override
  public long insert(long time, E payload) {
    if (time < 0) {
      throw new IllegalArgumentException("negative time " + time);
    }
    if (payload == null) {
      throw new NullPointerException("payload");
    }
    long seq = nextSeq++;
    Entry e = new Entry(time, seq, payload);
    heap.add(e);
    long handle = seq + 1;
    byHandle.put(handle, e);
    live++;
    return handle;
  }

  @Override
  public boolean cancel(long handle) {
    Entry e = byHandle.remove(handle);
    if (e == null) {
      return false;
    }
    e.cancelled = true;
    live--;
    return true;
  }

  private void dropCancelled() {
    while (!heap.isEmpty() && heap.peek().cancelled) {
      heap.poll();
    }
  }

  @Override
  public long peekTime() {
    dropCancelled();
    return heap.isEmpty() ? Long.MAX_VALUE : heap.peek().time;
  }

  @Override
  @SuppressWarnings("unchecked")
  public E peek() {
    dropCancelled();
    return heap.isEmpty() ? null : (E) heap.peek().payload;
  }

  @Override
  @SuppressWarnings("unchecked")
  public E removeNext() {
    dropCancelled();
    Entry e = heap.poll();
    if (e == null) {
      throw new NoSuchElementException("no pending event");
    }
    byHandle.remove(e.seq + 1);
    live--;
    lastRemoved = e.time;
    return (E) e.payload;
  }

  @Override
  public long lastRemovedTime() {
    return lastRemoved;
  }

  @Override
  public int size() {
    return live;
  }
}
