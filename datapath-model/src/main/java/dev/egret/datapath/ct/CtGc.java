package dev.egret.datapath.ct;

import dev.egret.datapath.config.DatapathConfig;
import dev.egret.datapath.nat.NatMap4;
import dev.egret.datapath.nat.SnatV4;

/**
 * The agent's conntrack garbage collector for one node (pkg/maps/ctmap/gc/gc.go, {@code
 * ctmap.GetInterval}, {@code purgeCtEntry4}, {@code PurgeOrphanNATEntries}; v1.16). The datapath
 * never expires entries itself; whoever models the agent (the simulator) calls {@link #run} on a
 * timer whose period comes from {@link #nextInterval}, and immediately when the datapath signals
 * NAT or CT fill-up (see {@code dev.egret.datapath.monitor.Signals}).
 *
 * <p>A pass deletes every CT entry whose {@code lifetime < now} (u32 seconds); deleting an entry
 * whose key has flags TUPLE_F_OUT also deletes its SNAT entry and that entry's RevSNAT partner
 * ({@code nat.DeleteMapping4}). After a signal-triggered pass, orphan NAT entries are purged:
 * RevSNAT entries whose egress CT entry is gone, and SNAT entries without an egress CT entry.
 *
 * <p>Dynamic interval ({@code --conntrack-gc-interval} 0): start at 5 min; after each pass take the
 * worst map's deleted/max_entries ratio, scaled up by expected/actual interval when the pass came
 * early; a ratio above 0.25 (capped at 0.9) multiplies the interval by (1 − ratio), floored at 10
 * s; below 0.05 it multiplies by 1.5, capped at 12 h; results are rounded to whole seconds; {@code
 * --conntrack-gc-max-interval} caps it further.
 */
public final class CtGc {
  public static final long SECOND = 1_000_000_000L;

  /** {@code defaults.ConntrackGCStartingInterval}. */
  public static final long CONNTRACK_GC_STARTING_INTERVAL = 5 * 60 * SECOND;

  /** {@code defaults.ConntrackGCMinInterval}. */
  public static final long CONNTRACK_GC_MIN_INTERVAL = 10 * SECOND;

  /** {@code defaults.ConntrackGCMaxLRUInterval}. */
  public static final long CONNTRACK_GC_MAX_LRU_INTERVAL = 12 * 3600 * SECOND;

  private final long fixedInterval;
  private final long maxInterval;
  private long cachedInterval;
  private long passes;

  public CtGc(DatapathConfig cfg) {
    this.fixedInterval = cfg.ctGcIntervalNanos();
    this.maxInterval = cfg.ctGcMaxIntervalNanos();
  }

  /** The result of one pass. */
  public record Result(
      int tcpDeleted,
      int anyDeleted,
      int natDeleted,
      int orphanNatDeleted,
      double maxDeleteRatio) {}

  /** Passes run so far. */
  public long passes() {
    return passes;
  }

  /** {@code ctmap.InitInterval}: the interval before the first pass. */
  public long initialInterval() {
    return fixedInterval != 0 ? fixedInterval : CONNTRACK_GC_MAX_LRU_INTERVAL;
  }

  /**
   * One GC pass at node time {@code nowNanos}.
   *
   * @param signalTriggered whether a fill-up signal caused the pass; only then orphan NAT entries
   *     are purged
   */
  public Result run(Conntrack ct, SnatV4 snat, long nowNanos, boolean signalTriggered) {
    int now = Conntrack.monoNow(nowNanos);
    int[] natDeleted = new int[1];
    int tcpDeleted = sweep(ct.tcpMap(), snat, now, natDeleted);
    int anyDeleted = sweep(ct.anyMap(), snat, now, natDeleted);
    int orphans = signalTriggered ? purgeOrphanNat(ct, snat.map()) : 0;
    double ratio =
        Math.max(
            (double) tcpDeleted / ct.tcpMap().maxEntries(),
            (double) anyDeleted / ct.anyMap().maxEntries());
    passes++;
    return new Result(tcpDeleted, anyDeleted, natDeleted[0], orphans, ratio);
  }

  private int[] idBuffer;

  private int sweep(CtMap4 map, SnatV4 snat, int now, int[] natDeleted) {
    if (Integer.compareUnsigned(now, map.lifetimeFloor()) <= 0) {
      // Every entry lives until the floor or later: nothing to delete, skip the walk (the
      // signal-triggered passes of a SNAT exhaustion come milliseconds apart).
      return 0;
    }
    int deleted = 0;
    int floor = -1; // the smallest surviving lifetime (unsigned)
    // Which entries expire does not depend on the visiting order: walk the id range (sequential)
    // instead of the LRU list (a pointer chase).
    int n = map.size();
    int[] ids = idBuffer = map.idsUnordered(idBuffer);
    for (int k = 0; k < n; k++) {
      int id = ids[k];
      int l = map.lifetime(id);
      if (Integer.compareUnsigned(l, now) < 0) {
        long k0 = map.key0(id);
        long k1 = map.key1(id);
        map.deleteId(id);
        deleted++;
        if ((int) (k1 & 0xff) == Tuple4.TUPLE_F_OUT) {
          natDeleted[0] += snat.deleteMapping4(k0, k1);
        }
      } else if (Integer.compareUnsigned(l, floor) < 0) {
        floor = l;
      }
    }
    map.setLifetimeFloor(floor);
    return deleted;
  }

  /**
   * {@code nat.PurgeOrphanNATEntries}: deletes RevSNAT entries with no egress CT entry for their
   * connection and SNAT entries with no egress CT entry. Returns how many entries went.
   */
  public int purgeOrphanNat(Conntrack ct, NatMap4 nat) {
    // After a purge every NAT entry has its CT entry. Only a CT removal or a NAT write can make an
    // orphan; with neither since the last purge (same maps), this one would delete nothing. With
    // NAT writes but no CT removal, only the entries written since can be orphans: the NAT map
    // logs their ids, and checking those finds exactly what a full walk would.
    boolean sameMaps = nat == purgedNat && ct == purgedCt && nat.writeLogMark() == purgedMark;
    boolean noCtRemoval =
        sameMaps
            && ct.tcpMap().removals() == purgedTcpRemovals
            && ct.anyMap().removals() == purgedAnyRemovals;
    if (noCtRemoval && nat.writes() == purgedNatWrites) {
      return 0;
    }
    int[] written = noCtRemoval ? nat.writtenIds() : null;
    int purged;
    if (written != null) {
      purged = purgeIds(ct, nat, written, nat.writtenCount(), false);
      loggedPurges++;
    } else {
      purged = purge(ct, nat);
    }
    purgedNat = nat;
    purgedCt = ct;
    purgedNatWrites = nat.writes();
    purgedTcpRemovals = ct.tcpMap().removals();
    purgedAnyRemovals = ct.anyMap().removals();
    purgedMark = nat.markWriteLog();
    return purged;
  }

  private NatMap4 purgedNat;
  private Conntrack purgedCt;
  private long purgedNatWrites;
  private long purgedTcpRemovals;
  private long purgedAnyRemovals;
  private long purgedMark;
  private long loggedPurges;

  /** Orphan purges that checked only the NAT entries written since the previous one. */
  public long loggedPurges() {
    return loggedPurges;
  }

  private int purge(Conntrack ct, NatMap4 nat) {
    int[] ids = idBuffer = nat.idsUnordered(idBuffer);
    return purgeIds(ct, nat, ids, nat.size(), true);
  }

  private final Tuple4 purgeKey = new Tuple4();
  private final Tuple4 purgeCtKey = new Tuple4();

  /**
   * Deletes the orphans among {@code ids[0..n)}; {@code allLive} says the ids are all live and
   * distinct (a full walk), otherwise freed ids are skipped and repeats are harmless.
   */
  private int purgeIds(Conntrack ct, NatMap4 nat, int[] ids, int n, boolean allLive) {
    Tuple4 key = purgeKey;
    Tuple4 ctKey = purgeCtKey;
    int purged = 0;
    for (int k = 0; k < n; k++) {
      int id = ids[k];
      if (!allLive && !nat.isLive(id)) {
        continue;
      }
      key.fromKey(nat.key0(id), nat.key1(id));
      if (key.flags == Tuple4.TUPLE_F_IN) {
        ctKey.set(
            nat.addr(id), key.saddr, key.sport, nat.port(id), key.nexthdr, Tuple4.TUPLE_F_OUT);
      } else {
        ctKey.set(key.saddr, key.daddr, key.dport, key.sport, key.nexthdr, Tuple4.TUPLE_F_OUT);
      }
      if (ct.mapFor(key.nexthdr).find(ctKey) < 0) {
        nat.deleteId(id);
        purged++;
      }
    }
    return purged;
  }

  /**
   * {@code ctmap.GetInterval}: the wait before the next pass, given how long the previous wait
   * actually was (shorter when a signal cut it) and that pass's worst delete ratio.
   */
  public long nextInterval(long actualPrevIntervalNanos, double maxDeleteRatio) {
    if (fixedInterval != 0) {
      return fixedInterval;
    }
    long expected = cachedInterval;
    double adjusted = maxDeleteRatio;
    if (expected == 0) {
      expected = CONNTRACK_GC_STARTING_INTERVAL;
    } else if (actualPrevIntervalNanos < expected && actualPrevIntervalNanos > 0) {
      adjusted *= (double) expected / (double) actualPrevIntervalNanos;
    }
    long next = calculateInterval(expected, adjusted);
    if (maxInterval != 0 && next > maxInterval) {
      next = maxInterval;
    }
    return next;
  }

  /** {@code calculateInterval}: updates the cached interval unless the ratio is exactly 0. */
  long calculateInterval(long prevInterval, double ratio) {
    long interval = prevInterval;
    if (ratio == 0.0) {
      return interval;
    }
    if (ratio > 0.25) {
      if (ratio > 0.9) {
        ratio = 0.9;
      }
      interval = roundToSecond((double) interval * (1.0 - ratio));
      if (interval < CONNTRACK_GC_MIN_INTERVAL) {
        interval = CONNTRACK_GC_MIN_INTERVAL;
      }
    } else if (ratio < 0.05) {
      interval = roundToSecond((double) interval * 1.5);
      if (interval > CONNTRACK_GC_MAX_LRU_INTERVAL) {
        interval = CONNTRACK_GC_MAX_LRU_INTERVAL;
      }
    }
    cachedInterval = interval;
    return interval;
  }

  /** Go's {@code time.Duration(f).Round(time.Second)} for non-negative values. */
  static long roundToSecond(double nanos) {
    long d = (long) nanos; // time.Duration(float64) truncates toward zero
    long r = d % SECOND;
    return r + r < SECOND ? d - r : d + SECOND - r;
  }
}
