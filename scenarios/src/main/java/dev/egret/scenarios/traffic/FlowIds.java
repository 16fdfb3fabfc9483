package dev.egret.scenarios.traffic;

import java.util.function.LongSupplier;

/** Flow ids 1, 2, 3, …: a deterministic {@link LongSupplier} for the activities' tags. */
public final class FlowIds implements LongSupplier {
  private long last;

  public FlowIds() {
    this(0);
  }

  /** Ids after {@code last}. */
  public FlowIds(long last) {
    this.last = last;
  }

  @Override
  public long getAsLong() {
    return ++last;
  }
}
