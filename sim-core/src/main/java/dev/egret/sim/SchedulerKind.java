package dev.egret.sim;

import java.util.Locale;
import java.util.function.Supplier;

/** The event-list implementations a {@link Simulation} can be created with. */
public enum SchedulerKind {
  /**
   * {@link CalendarQueueScheduler}: Brown's calendar queue, O(1) expected per operation; the
   * default (fastest in the hold-model benchmark at 10^3 and 10^5 pending events, BENCHMARKS.md).
   */
  CALENDAR("calendar", CalendarQueueScheduler::new),
  /** {@link QuaternaryHeapScheduler}: O(log n) worst case over primitive arrays. */
  HEAP4("heap4", QuaternaryHeapScheduler::new),
  /**
   * {@link BinaryHeapScheduler}: a plain binary heap of entry objects, the simplest correct list.
   */
  BINARY("binary", BinaryHeapScheduler::new);

  /**
   * The kind used when none is given: {@link #CALENDAR}, or the one the system property {@code
   * egret.scheduler} names (for comparing event lists on whole runs; results are identical).
   */
  public static final SchedulerKind DEFAULT =
      fromId(System.getProperty("egret.scheduler", "calendar"));

  private final String id;
  private final Supplier<EventScheduler<Object>> factory;

  SchedulerKind(String id, Supplier<EventScheduler<Object>> factory) {
    this.id = id;
    this.factory = factory;
  }

  /** The short name used on command lines and in scenario files. */
  public String id() {
    return id;
  }

  /** A new, empty scheduler of this kind. */
  @SuppressWarnings("unchecked")
  public <E> EventScheduler<E> create() {
    return (EventScheduler<E>) factory.get();
  }

  /** Looks a kind up by its short name, case-insensitively. */
  public static SchedulerKind fromId(String id) {
    String want = id.toLowerCase(Locale.ROOT);
    for (SchedulerKind k : values()) {
      if (k.id.equals(want)) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "unknown scheduler \"" + id + "\"; expected one of calendar, heap4, binary");
  }
}
