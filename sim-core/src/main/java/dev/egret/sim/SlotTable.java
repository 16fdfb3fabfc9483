package dev.egret.sim;

import java.util.Arrays;

/**
 * Storage shared by the primitive-array schedulers: each pending entry owns a slot holding its
 * payload and state, and a handle is {@code generation << 32 | slot}, so a handle goes stale the
 * moment its slot is freed. Freed slots are reused last-in first-out. Generations start at 1, so no
 * handle is ever {@link EventScheduler#NO_HANDLE}.
 */
final class SlotTable {
  static final byte FREE = 0;
  static final byte LIVE = 1;
  static final byte CANCELLED = 2;

  Object[] payload;
  int[] generation;
  byte[] state;
  private int[] freeStack;
  private int freeTop;
  private int capacity;

  SlotTable(int initialCapacity) {
    capacity = Math.max(16, initialCapacity);
    payload = new Object[capacity];
    generation = new int[capacity];
    state = new byte[capacity];
    freeStack = new int[capacity];
    for (int i = 0; i < capacity; i++) {
      freeStack[i] = capacity - 1 - i;
    }
    freeTop = capacity;
  }

  int capacity() {
    return capacity;
  }

  /** Takes a free slot for {@code p}; grows the table when full. */
  int allocate(Object p) {
    if (freeTop == 0) {
      grow();
    }
    int slot = freeStack[--freeTop];
    payload[slot] = p;
    state[slot] = LIVE;
    int g = generation[slot] + 1;
    generation[slot] = g == 0 ? 1 : g; // skip 0 on wrap so a handle is never NO_HANDLE
    return slot;
  }

  long handle(int slot) {
    return ((long) generation[slot] << 32) | (slot & 0xffffffffL);
  }

  /** The slot a handle refers to if it is still live, else -1. */
  int liveSlot(long handle) {
    int slot = (int) handle;
    if (slot < 0 || slot >= capacity) {
      return -1;
    }
    if (generation[slot] != (int) (handle >>> 32) || state[slot] != LIVE) {
      return -1;
    }
    return slot;
  }

  /**
   * Marks a live slot cancelled and lets go of its payload at once: a cancelled entry may wait in
   * its list until its time comes (lazy cancellation), and must not keep the event's objects alive
   * meanwhile (a million connections' cancelled timeouts would otherwise hold their state).
   */
  void cancel(int slot) {
    state[slot] = CANCELLED;
    payload[slot] = null;
  }

  void free(int slot) {
    payload[slot] = null;
    state[slot] = FREE;
    freeStack[freeTop++] = slot;
  }

  private void grow() {
    int old = capacity;
    int n = old * 2;
    payload = Arrays.copyOf(payload, n);
    generation = Arrays.copyOf(generation, n);
    state = Arrays.copyOf(state, n);
    freeStack = Arrays.copyOf(freeStack, n);
    for (int i = n - 1; i >= old; i--) {
      freeStack[freeTop++] = i;
    }
    capacity = n;
  }
}
