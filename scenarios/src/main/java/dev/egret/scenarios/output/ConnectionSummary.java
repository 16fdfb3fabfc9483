package dev.egret.scenarios.output;

import dev.egret.scenarios.result.ConnectionResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    Map<List<String>, Long> counts = new HashMap<>();
    List<Long> rtts = new ArrayList<>();
    long succeeded = 0;
    for (ConnectionResult c : connections) {
      List<String> key = Arrays.asList(c.verdict(), c.seenSource(), c.gateway(), c.dropReason());
      counts.merge(key, 1L, Long::sum);
      if (c.replyReceived()) {
        succeeded++;
      }
      if (c.rttMicros() != null) {
        rtts.add(c.rttMicros());
      }
    }
    List<Group> groups = new ArrayList<>();
    counts.forEach((k, n) -> groups.add(new Group(k.get(0), k.get(1), k.get(2), k.get(3), n)));
    groups.sort(ORDER);
    rtts.sort(Comparator.naturalOrder());
    Long min = rtts.isEmpty() ? null : rtts.get(0);
    Long median = rtts.isEmpty() ? null : rtts.get((rtts.size() - 1) / 2);
    Long max = rtts.isEmpty() ? null : rtts.get(rtts.size() - 1);
    return new ConnectionSummary(connections.size(), succeeded, groups, min, median, max);
  }

  /** succeeded / total, 0 when there were no connections. */
  double successRate() {
    return total == 0 ? 0 : (double) succeeded / total;
  }
}
