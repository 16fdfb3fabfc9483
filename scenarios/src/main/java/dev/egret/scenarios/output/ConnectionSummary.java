package dev.egret.scenarios.output;

import dev.egret.scenarios.result.ConnectionResult;
import dev.egret.scenarios.result.ConnectionSummaryResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The connections of one traffic action, aggregated for the report: counts by (verdict, seen source
 * IP, gateway, drop reason), the number that succeeded (the pod got the answer back, {@code
 * replyReceived}) and the round-trip times. Groups are ordered by count, largest first, then by
 * their fields, so the order is deterministic. O(n log n).
 */
final class ConnectionSummary {
  /** One row of the aggregated table. */
  record Group(String verdict, String seenSource, String gateway, String dropReason, long count) {}

  private static final Comparator<String> NULLS_FIRST =
      Comparator.nullsFirst(Comparator.naturalOrder());

  private static final Comparator<Group> ORDER =
      Comparator.comparingLong(Group::count)
          .reversed()
          .thenComparing(Group::verdict, NULLS_FIRST)
          .thenComparing(Group::seenSource, NULLS_FIRST)
          .thenComparing(Group::gateway, NULLS_FIRST)
          .thenComparing(Group::dropReason, NULLS_FIRST);

  final long total;
  final long succeeded;
  final List<Group> groups;

  /** Round-trip times in microseconds; null when no connection had one. */
  final Long rttMin;

  final Long rttMedian;
  final Long rttMax;

  private ConnectionSummary(
      long total, long succeeded, List<Group> groups, Long rttMin, Long rttMedian, Long rttMax) {
    this.total = total;
    this.succeeded = succeeded;
    this.groups = groups;
    this.rttMin = rttMin;
    this.rttMedian = rttMedian;
    this.rttMax = rttMax;
  }

  static ConnectionSummary of(List<ConnectionResult> connections) {
    return of(ConnectionSummaryResult.of(connections));
  }

  /** The report's view of a result's summary (same groups, same order). */
  static ConnectionSummary of(ConnectionSummaryResult r) {
    List<Group> groups = new ArrayList<>();
    for (ConnectionSummaryResult.ConnectionGroup g : r.groups()) {
      groups.add(new Group(g.verdict(), g.seenSource(), g.gateway(), g.dropReason(), g.count()));
    }
    groups.sort(ORDER);
    return new ConnectionSummary(
        r.connections(),
        r.succeeded(),
        groups,
        r.rttMinMicros(),
        r.rttMedianMicros(),
        r.rttMaxMicros());
  }

  /** succeeded / total, 0 when there were no connections. */
  double successRate() {
    return total == 0 ? 0 : (double) succeeded / total;
  }
}
