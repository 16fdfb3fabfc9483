package dev.egret.scenarios.result;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The connections of one traffic action in aggregate, written instead of the per-connection list
 * when an action has more connections than {@code --max-connection-details} (default 10,000): a
 * million {@link ConnectionResult}s would make a result document of hundreds of megabytes.
 *
 * @param connections how many connections the action opened
 * @param succeeded how many got their answer back ({@code replyReceived})
 * @param groups counts by (verdict, seen source IP, gateway, drop reason), largest first, then by
 *     those fields (nulls first), so the order is deterministic
 * @param rttMinMicros the smallest round-trip time, or null when no connection had one
 * @param rttMedianMicros the median (lower middle) round-trip time, or null
 * @param rttMaxMicros the largest round-trip time, or null
 */
public record ConnectionSummaryResult(
    long connections,
    long succeeded,
    List<ConnectionGroup> groups,
    Long rttMinMicros,
    Long rttMedianMicros,
    Long rttMaxMicros) {

  /**
   * One aggregated row: {@code count} connections share these fields, {@code succeeded} of them.
   */
  public record ConnectionGroup(
      String verdict,
      String seenSource,
      String gateway,
      String dropReason,
      long count,
      long succeeded) {}

  private static final Comparator<String> NULLS_FIRST =
      Comparator.nullsFirst(Comparator.naturalOrder());

  /** The order of {@link #groups}. */
  public static final Comparator<ConnectionGroup> ORDER =
      Comparator.comparingLong(ConnectionGroup::count)
          .reversed()
          .thenComparing(ConnectionGroup::verdict, NULLS_FIRST)
          .thenComparing(ConnectionGroup::seenSource, NULLS_FIRST)
          .thenComparing(ConnectionGroup::gateway, NULLS_FIRST)
          .thenComparing(ConnectionGroup::dropReason, NULLS_FIRST);

  /** The summary of {@code connections}. */
  public static ConnectionSummaryResult of(List<ConnectionResult> connections) {
    Builder b = new Builder();
    connections.forEach(b::add);
    return b.build();
  }

  /** Accumulates connections one at a time: O(groups) memory plus 8 bytes per round-trip time. */
  public static final class Builder {
    private final Map<List<String>, long[]> counts = new HashMap<>();
    private long[] rtts = new long[64];
    private int nRtt;
    private long total;
    private long succeeded;

    public void add(ConnectionResult c) {
      total++;
      long[] n =
          counts.computeIfAbsent(
              Arrays.asList(c.verdict(), c.seenSource(), c.gateway(), c.dropReason()),
              k -> new long[2]);
      n[0]++;
      if (c.replyReceived()) {
        succeeded++;
        n[1]++;
      }
      if (c.rttMicros() != null) {
        if (nRtt == rtts.length) {
          rtts = Arrays.copyOf(rtts, nRtt * 2);
        }
        rtts[nRtt++] = c.rttMicros();
      }
    }

    public ConnectionSummaryResult build() {
      List<ConnectionGroup> groups = new ArrayList<>();
      counts.forEach(
          (k, n) ->
              groups.add(new ConnectionGroup(k.get(0), k.get(1), k.get(2), k.get(3), n[0], n[1])));
      groups.sort(ORDER);
      long[] r = Arrays.copyOf(rtts, nRtt);
      Arrays.sort(r);
      return new ConnectionSummaryResult(
          total,
          succeeded,
          List.copyOf(groups),
          nRtt == 0 ? null : r[0],
          nRtt == 0 ? null : r[(nRtt - 1) / 2],
          nRtt == 0 ? null : r[nRtt - 1]);
    }
  }
}
