package dev.egret.datapath.maps;

import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * The storage shared by every hash-type BPF map of the model: an open-addressing table (linear
 * probing, backward-shift deletion) keyed by two {@code long}s, with entries in primitive arrays
 * indexed by an entry id and threaded on an index-linked list. Subclasses keep their value columns
 * in arrays indexed by the same id.
 *
 * <p>Semantics of {@code BPF_MAP_TYPE_HASH} / {@code BPF_MAP_TYPE_LRU_HASH}:
 *
 * <ul>
 *   <li>{@link #update(long, long, int)} with {@link #BPF_ANY}, {@link #BPF_NOEXIST} (fails with
 *       {@code -EEXIST} if present) or {@link #BPF_EXIST} (fails with {@code -ENOENT} if absent);
 *   <li>a plain hash that holds {@code max_entries} refuses new keys with {@code -E2BIG} ({@code
 *       htab_map_update_elem});
 *   <li>an LRU hash evicts its least recently used entry instead. Recency is refreshed by {@link
 *       #lookup} and {@link #update}. The kernel's BPF LRU is approximate (per-CPU lists, reference
 *       bits); this model is an exact LRU, which is what a single-CPU node would approach.
 * </ul>
 *
 * <p>Storage grows lazily: nothing is allocated until the first insert, then capacity doubles from
 * 16 up to {@code max_entries}, so an idle node's maps cost a few dozen bytes. Lookups and updates
 * are O(1) expected and allocation-free once grown. Not thread-safe.
 */
public abstract class KeyTable {
  public static final int BPF_ANY = 0;
  public static final int BPF_NOEXIST = 1;
  public static final int BPF_EXIST = 2;

  public static final int ENOENT = 2;
  public static final int E2BIG = 7;
  public static final int EEXIST = 17;

  /** What {@link #find} and {@link #lookup} return for an absent key. */
  public static final int NONE = -1;

  private static final int INITIAL_CAPACITY = 16;

  /** {@code prev} of a freed id (live ids hold another id or {@link #NONE}). */
  private static final int FREE = -2;

  private final String name;
  private final int maxEntries;
  private final boolean lru;

  private long[] k0;
  private long[] k1;
  private int[] prev;
  private int[] next;
  private int[] slots; // entry id + 1; 0 = empty
  private int slotMask;
  private int capacity;
  private int highWater;
  private int freeHead = NONE;
  private int head = NONE; // most recently used / newest
  private int tail = NONE; // least recently used / oldest
  private int size;
  private long evictions;

  protected KeyTable(String name, int maxEntries, boolean lru) {
    if (maxEntries <= 0) {
      throw new IllegalArgumentException("max_entries must be positive: " + maxEntries);
    }
    this.name = name;
    this.maxEntries = maxEntries;
    this.lru = lru;
  }

  /** Grows the subclass's value columns to at least {@code capacity} entries. */
  protected abstract void growValues(int capacity);

  /** Called when an LRU insert evicts {@code id} (before the id is reused). */
  protected void onEvict(int id) {}

  /** Called when a new entry {@code id} is created, before the caller writes its values. */
  protected void onInsert(int id) {}

  /** Called when entry {@code id} is removed (deleted or evicted), before its id is freed. */
  protected void onRemove(int id) {}

  /** Called when an {@link #update} finds its key present; the caller then rewrites the values. */
  protected void onOverwrite(int id) {}

  /** Called when {@link #clear()} has removed every entry (without {@link #onRemove} calls). */
  protected void onClear() {}

  /** Successful {@link #update} calls so far (inserts and overwrites): a modification stamp. */
  public final long writes() {
    return writes;
  }

  /** Entries removed so far (deletes and evictions): a modification stamp. */
  public final long removals() {
    return removals;
  }

  private long writes;
  private long removals;

  public final String name() {
    return name;
  }

  public final int maxEntries() {
    return maxEntries;
  }

  public final boolean isLru() {
    return lru;
  }

  public final int size() {
    return size;
  }

  /** How many entries LRU inserts have evicted so far. */
  public final long evictions() {
    return evictions;
  }

  /** The entry id under the key, or {@link #NONE}; does not refresh LRU recency. */
  public final int find(long a, long b) {
    if (size == 0) {
      return NONE;
    }
    int i = hash(a, b) & slotMask;
    int s;
    while ((s = slots[i]) != 0) {
      int id = s - 1;
      if (k0[id] == a && k1[id] == b) {
        return id;
      }
      i = (i + 1) & slotMask;
    }
    return NONE;
  }

  /** {@code bpf_map_lookup_elem}: the entry id or {@link #NONE}; refreshes LRU recency. */
  public final int lookup(long a, long b) {
    int id = find(a, b);
    if (id >= 0 && lru) {
      moveToHead(id);
    }
    return id;
  }

  /**
   * {@code bpf_map_update_elem}: returns the entry id (≥ 0) whose values the caller then writes, or
   * a negative errno. A new entry's columns hold whatever a deleted entry left; callers write every
   * column. {@code isNew} tells whether the key was absent.
   */
  public final int update(long a, long b, int flags) {
    int id = find(a, b);
    if (id >= 0) {
      if (flags == BPF_NOEXIST) {
        return -EEXIST;
      }
      if (lru) {
        moveToHead(id);
      }
      lastInsertNew = false;
      writes++;
      onOverwrite(id);
      return id;
    }
    if (flags == BPF_EXIST) {
      return -ENOENT;
    }
    if (size >= maxEntries) {
      if (!lru) {
        return -E2BIG;
      }
      int victim = tail;
      onEvict(victim);
      removeEntry(victim);
      evictions++;
    }
    id = allocate();
    k0[id] = a;
    k1[id] = b;
    insertSlot(id);
    linkHead(id);
    size++;
    lastInsertNew = true;
    writes++;
    onInsert(id);
    return id;
  }

  private boolean lastInsertNew;

  /** Whether the last successful {@link #update} created the entry. */
  public final boolean lastUpdateCreated() {
    return lastInsertNew;
  }

  /** {@code bpf_map_delete_elem}: false if the key was absent ({@code -ENOENT}). */
  public final boolean delete(long a, long b) {
    int id = find(a, b);
    if (id < 0) {
      return false;
    }
    removeEntry(id);
    return true;
  }

  /** Deletes the entry with this id (which must be live). */
  public final void deleteId(int id) {
    removeEntry(id);
  }

  /** Removes every entry (keeps the grown storage). */
  public final void clear() {
    if (slots != null) {
      Arrays.fill(slots, 0);
    }
    removals += size; // a stamp: what watched removals must see these go
    size = 0;
    highWater = 0;
    freeHead = NONE;
    head = NONE;
    tail = NONE;
    onClear();
  }

  /** Whether {@code id} is the id of a live entry (not never used, not freed). */
  public final boolean isLive(int id) {
    return id >= 0 && id < highWater && prev[id] != FREE;
  }

  public final long key0(int id) {
    return k0[id];
  }

  public final long key1(int id) {
    return k1[id];
  }

  /**
   * The live entry ids, oldest (least recently used) first. Allocates; for dumps and GC passes, not
   * for the packet path.
   */
  public final int[] ids() {
    int[] out = new int[size];
    int n = 0;
    for (int id = tail; id != NONE; id = prev[id]) {
      out[n++] = id;
    }
    return out;
  }

  /**
   * The live entry ids in id order (no particular meaning), written into {@code buf} when it is
   * large enough (else into a new array); returns the array, whose first {@link #size()} elements
   * are the ids. A sequential scan of the id range: for GC passes that visit every entry and whose
   * result does not depend on the order.
   */
  public final int[] idsUnordered(int[] buf) {
    int[] out = buf != null && buf.length >= size ? buf : new int[Math.max(size, 16)];
    int n = 0;
    if (size > 0) {
      // the id range is dense (freed ids are reused first) and a half to a quarter of the slot
      // table's length: scan it, skipping freed ids
      int[] p = prev;
      for (int id = 0, hw = highWater; id < hw; id++) {
        if (p[id] != FREE) {
          out[n++] = id;
        }
      }
    }
    return out;
  }

  /**
   * The map as {@code bpftool map dump} prints it (plain output, entries in key order), given how
   * an entry's key and value are laid out in bytes.
   */
  protected final String bpftoolDump(IntFunction<byte[]> keyBytes, IntFunction<byte[]> valueBytes) {
    StringBuilder sb = new StringBuilder();
    int[] ids = idsByKey();
    for (int id : ids) {
      sb.append(Bpftool.entry(keyBytes.apply(id), valueBytes.apply(id))).append('\n');
    }
    sb.append(Bpftool.found(ids.length)).append('\n');
    return sb.toString();
  }

  /**
   * The live entry ids sorted by key ({@code key0}, then {@code key1}, unsigned), the order our
   * dumps use: the kernel walks its buckets in jhash order with a random seed, which no model can
   * reproduce, so dumps use a deterministic order instead.
   */
  public final int[] idsByKey() {
    int[] ids = ids();
    Integer[] boxed = new Integer[ids.length];
    for (int i = 0; i < ids.length; i++) {
      boxed[i] = ids[i];
    }
    Arrays.sort(
        boxed,
        (x, y) -> {
          int c = Long.compareUnsigned(k0[x], k0[y]);
          return c != 0 ? c : Long.compareUnsigned(k1[x], k1[y]);
        });
    for (int i = 0; i < ids.length; i++) {
      ids[i] = boxed[i];
    }
    return ids;
  }

  /** Bytes currently held by this table's key storage (for memory accounting). */
  public long storageBytes() {
    return capacity == 0 ? 0 : (long) capacity * (8 + 8 + 4 + 4) + (long) slots.length * 4;
  }

  // ---------------------------------------------------------------- internals

  static int hash(long a, long b) {
    long h = a * 0x9E3779B97F4A7C15L + b;
    h ^= h >>> 29;
    h *= 0xBF58476D1CE4E5B9L;
    h ^= h >>> 32;
    return (int) h;
  }

  private int allocate() {
    if (freeHead != NONE) {
      int id = freeHead;
      freeHead = next[id];
      return id;
    }
    if (highWater == capacity) {
      grow();
    }
    return highWater++;
  }

  private void grow() {
    int nc =
        capacity == 0 ? Math.min(INITIAL_CAPACITY, maxEntries) : Math.min(capacity * 2, maxEntries);
    if (nc <= capacity) {
      nc = capacity + 1; // cannot happen while size < maxEntries, kept defensive
    }
    k0 = k0 == null ? new long[nc] : Arrays.copyOf(k0, nc);
    k1 = k1 == null ? new long[nc] : Arrays.copyOf(k1, nc);
    prev = prev == null ? new int[nc] : Arrays.copyOf(prev, nc);
    next = next == null ? new int[nc] : Arrays.copyOf(next, nc);
    growValues(nc);
    capacity = nc;
    int slotCount = Integer.highestOneBit(Math.max(4, nc * 2 - 1)) << 1;
    slots = new int[slotCount];
    slotMask = slotCount - 1;
    for (int id = tail; id != NONE; id = prev[id]) {
      insertSlot(id);
    }
  }

  private void insertSlot(int id) {
    int i = hash(k0[id], k1[id]) & slotMask;
    while (slots[i] != 0) {
      i = (i + 1) & slotMask;
    }
    slots[i] = id + 1;
  }

  private void removeEntry(int id) {
    removals++;
    onRemove(id);
    // find the slot
    int i = hash(k0[id], k1[id]) & slotMask;
    while (slots[i] != id + 1) {
      i = (i + 1) & slotMask;
    }
    // backward-shift deletion
    int hole = i;
    int j = i;
    while (true) {
      j = (j + 1) & slotMask;
      int s = slots[j];
      if (s == 0) {
        break;
      }
      int ideal = hash(k0[s - 1], k1[s - 1]) & slotMask;
      if (((j - ideal) & slotMask) >= ((j - hole) & slotMask)) {
        slots[hole] = s;
        hole = j;
      }
    }
    slots[hole] = 0;
    unlink(id);
    prev[id] = FREE;
    next[id] = freeHead;
    freeHead = id;
    size--;
  }

  private void linkHead(int id) {
    prev[id] = NONE;
    next[id] = head;
    if (head != NONE) {
      prev[head] = id;
    }
    head = id;
    if (tail == NONE) {
      tail = id;
    }
  }

  private void unlink(int id) {
    int p = prev[id];
    int n = next[id];
    if (p != NONE) {
      next[p] = n;
    } else {
      head = n;
    }
    if (n != NONE) {
      prev[n] = p;
    } else {
      tail = p;
    }
  }

  private void moveToHead(int id) {
    if (head == id) {
      return;
    }
    unlink(id);
    linkHead(id);
  }
}
