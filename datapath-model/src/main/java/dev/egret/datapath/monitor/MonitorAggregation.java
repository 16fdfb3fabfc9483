package dev.egret.datapath.monitor;

/**
 * {@code --monitor-aggregation} levels ({@code MONITOR_AGGREGATION}, bpf/lib/trace.h). The raw
 * agent default is {@link #NONE}; the Helm chart's default is {@link #MEDIUM}.
 */
public enum MonitorAggregation {
  NONE(0),
  LOWEST(1),
  LOW(2),
  MEDIUM(3),
  MAXIMUM(4);

  /** {@code TRACE_AGGREGATE_RX}: from this level, every FROM_* trace is suppressed. */
  public static final int TRACE_AGGREGATE_RX = 1;

  /** {@code TRACE_AGGREGATE_ACTIVE_CT}: from this level, TO_* traces need a CT report request. */
  public static final int TRACE_AGGREGATE_ACTIVE_CT = 3;

  private final int level;

  MonitorAggregation(int level) {
    this.level = level;
  }

  public int level() {
    return level;
  }

  /** {@code emit_trace_notify}: whether a trace at {@code point} with CT feedback is sent. */
  public boolean emits(TraceObservationPoint point, int monitor) {
    if (level >= TRACE_AGGREGATE_RX && point.isFrom()) {
      return false;
    }
    return level < TRACE_AGGREGATE_ACTIVE_CT || monitor != 0;
  }

  /** Parses {@code none|lowest|low|medium|maximum} (case-insensitive). */
  public static MonitorAggregation parse(String s) {
    for (MonitorAggregation m : values()) {
      if (m.name().equalsIgnoreCase(s)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "\"" + s + "\" is not a monitor aggregation level (none, lowest, low, medium, maximum)");
  }
}
