package dev.egret.scenarios.output;

import dev.egret.datapath.monitor.DropReason;
import dev.egret.scenarios.record.FlowRecord;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Counts drop notifications by Hubble reason name (the {@code drops} of SPEC §5 and the report's
 * "drops by reason"). Traces are ignored. Usable as a listener of the run's flow records. Drop
 * notifications are not subject to monitor aggregation, so the counts are every drop of the run.
 */
public final class DropCounter implements Consumer<FlowRecord> {
  private final TreeMap<String, Long> counts = new TreeMap<>();

  /** Drops by reason over {@code records}, sorted by name. */
  public static SortedMap<String, Long> dropsByReason(Iterable<FlowRecord> records) {
    DropCounter c = new DropCounter();
    records.forEach(c);
    return c.snapshot();
  }

  @Override
  public void accept(FlowRecord r) {
    if (r.isDrop()) {
      DropReason d = r.dropReason() == null ? DropReason.UNKNOWN : r.dropReason();
      counts.merge(d.hubbleName(), 1L, Long::sum);
    }
  }

  /**
   * Makes {@code reason} (a Hubble name) appear in the snapshot even when nothing was dropped for
   * it, as the result document does for the reasons a scenario's expectations name.
   */
  public DropCounter include(String reason) {
    counts.putIfAbsent(reason, 0L);
    return this;
  }

  /** The drops counted for {@code reason}, 0 if none. */
  public long count(String reason) {
    return counts.getOrDefault(reason, 0L);
  }

  /** An unmodifiable copy of the counts, sorted by reason name. */
  public SortedMap<String, Long> snapshot() {
    return Collections.unmodifiableSortedMap(new TreeMap<>(counts));
  }
}
