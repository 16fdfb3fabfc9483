package dev.egret.sim;

/**
 * The pending-event list of a simulation, in the spirit of ns-3's {@code Scheduler}: insert, peek,
 * remove-next and cancel.
 *
 * <p>Entries are ordered by time, then by insertion order: two entries with the same time come out
 * in the order they went in (first-in first-out), which makes every run deterministic.
 *
 * <p>{@link #cancel(long)} is O(1): it marks the entry, which is skipped (and its storage
 * reclaimed) when it reaches the front. A handle is only valid until its entry is removed or
 * cancelled; cancelling a stale handle is a harmless no-op that returns {@code false}.
 *
 * <p>Implementations are not thread-safe.
 *
 * @param <E> the payload carried by each entry
 */
public interface EventScheduler<E> {

  /** A value no handle ever takes. */
  long NO_HANDLE = 0L;

  /**
   * Inserts an entry.
   *
   * @param time the entry's time in nanoseconds, zero or more
   * @param payload what {@link #removeNext()} gives back, not null
   * @return a handle for {@link #cancel(long)}, never {@link #NO_HANDLE}
   */
  long insert(long time, E payload);

  /**
   * Cancels a pending entry in O(1).
   *
   * @return true if the entry was pending and is now cancelled; false if the handle is stale
   *     (already removed or cancelled) or unknown
   */
  boolean cancel(long handle);

  /** The time of the earliest pending entry, or {@link Long#MAX_VALUE} when there is none. */
  long peekTime();

  /** The payload of the earliest pending entry without removing it, or null when there is none. */
  E peek();

  /**
   * Removes the earliest pending entry (ties in insertion order).
   *
   * @return its payload
   * @throws java.util.NoSuchElementException if nothing is pending
   */
  E removeNext();

  /**
   * Removes the earliest pending entry if its time is at most {@code limit}; the fused form of
   * {@link #peekTime()} + {@link #removeNext()} the simulation loop uses.
   *
   * @return its payload, or null (nothing removed) when nothing is pending at or before {@code
   *     limit}; {@link #lastRemovedTime()} then tells the removed entry's time
   */
  default E removeNextUpTo(long limit) {
    long t = peekTime();
    if (t > limit || t == Long.MAX_VALUE) {
      return null;
    }
    return removeNext();
  }

  /** The time of the entry most recently returned by a remove call. */
  long lastRemovedTime();

  /** The number of pending entries, not counting cancelled ones. */
  int size();

  /** Whether nothing is pending. */
  default boolean isEmpty() {
    return size() == 0;
  }

  /** The implementation's short name, as used by {@link SchedulerKind}. */
  String name();
}
