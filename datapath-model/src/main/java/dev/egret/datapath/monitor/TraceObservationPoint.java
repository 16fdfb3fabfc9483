package dev.egret.datapath.monitor;

/**
 * Trace observation points: the datapath {@code enum trace_point} value (bpf/lib/trace.h), the
 * monitor name (pkg/monitor/api/types.go) and Hubble's {@code TraceObservationPoint} enum (name and
 * number; datapath 0 is shown as TO_ENDPOINT = 101).
 */
public enum TraceObservationPoint {
  TRACE_TO_LXC(0, "to-endpoint", "TO_ENDPOINT", 101),
  TRACE_TO_PROXY(1, "to-proxy", "TO_PROXY", 1),
  TRACE_TO_HOST(2, "to-host", "TO_HOST", 2),
  TRACE_TO_STACK(3, "to-stack", "TO_STACK", 3),
  TRACE_TO_OVERLAY(4, "to-overlay", "TO_OVERLAY", 4),
  TRACE_FROM_LXC(5, "from-endpoint", "FROM_ENDPOINT", 5),
  TRACE_FROM_PROXY(6, "from-proxy", "FROM_PROXY", 6),
  TRACE_FROM_HOST(7, "from-host", "FROM_HOST", 7),
  TRACE_FROM_STACK(8, "from-stack", "FROM_STACK", 8),
  TRACE_FROM_OVERLAY(9, "from-overlay", "FROM_OVERLAY", 9),
  TRACE_FROM_NETWORK(10, "from-network", "FROM_NETWORK", 10),
  TRACE_TO_NETWORK(11, "to-network", "TO_NETWORK", 11);

  private final int value;
  private final String monitorName;
  private final String hubbleName;
  private final int hubbleNumber;

  TraceObservationPoint(int value, String monitorName, String hubbleName, int hubbleNumber) {
    this.value = value;
    this.monitorName = monitorName;
    this.hubbleName = hubbleName;
    this.hubbleNumber = hubbleNumber;
  }

  /** The datapath value, which Hubble also reports as {@code event_type.sub_type}. */
  public int value() {
    return value;
  }

  public String monitorName() {
    return monitorName;
  }

  public String hubbleName() {
    return hubbleName;
  }

  public int hubbleNumber() {
    return hubbleNumber;
  }

  /** Whether this is one of the FROM_* points that aggregation ≥ lowest suppresses. */
  public boolean isFrom() {
    return this == TRACE_FROM_LXC
        || this == TRACE_FROM_PROXY
        || this == TRACE_FROM_HOST
        || this == TRACE_FROM_STACK
        || this == TRACE_FROM_OVERLAY
        || this == TRACE_FROM_NETWORK;
  }
}
