package dev.egret.datapath.monitor;

import dev.egret.datapath.maps.IntIntHashMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code cilium_metrics}: packet and byte counters by (reason, direction), as {@code
 * update_metrics} keeps them (reason 0 = forwarded, otherwise the drop code). Storage grows on
 * first use; a counter update is one hash probe and allocates nothing once the key exists.
 */
public final class Metrics {
  public static final int METRIC_INGRESS = 1;
  public static final int METRIC_EGRESS = 2;
  public static final int METRIC_SERVICE = 3;

  /** {@code REASON_FORWARDED}. */
  public static final int REASON_FORWARDED = 0;

  private IntIntHashMap slotOf;
  private long[] packets;
  private long[] bytes;
  private int used;

  /** Adds one packet of {@code len} bytes to (reason, direction). */
  public void update(int reason, int direction, int len) {
    if (slotOf == null) {
      slotOf = new IntIntHashMap(8);
      packets = new long[8];
      bytes = new long[8];
    }
    int key = (reason << 2) | (direction & 3);
    int s = slotOf.get(key);
    if (s == IntIntHashMap.MISSING) {
      s = used++;
      if (s == packets.length) {
        packets = Arrays.copyOf(packets, s * 2);
        bytes = Arrays.copyOf(bytes, s * 2);
      }
      slotOf.put(key, s);
    }
    packets[s]++;
    bytes[s] += len;
  }

  public long packets(int reason, int direction) {
    int s = slot(reason, direction);
    return s < 0 ? 0 : packets[s];
  }

  public long bytes(int reason, int direction) {
    int s = slot(reason, direction);
    return s < 0 ? 0 : bytes[s];
  }

  /** Total drops with {@code reason} in any direction. */
  public long drops(int reason) {
    return packets(reason, METRIC_INGRESS)
        + packets(reason, METRIC_EGRESS)
        + packets(reason, METRIC_SERVICE)
        + packets(reason, 0);
  }

  /** Every non-zero counter, sorted by reason then direction. */
  public List<Counter> snapshot() {
    List<Counter> out = new ArrayList<>();
    for (int reason = 0; reason < 256; reason++) {
      for (int dir = 0; dir < 4; dir++) {
        int s = slot(reason, dir);
        if (s >= 0) {
          out.add(new Counter(reason, dir, packets[s], bytes[s]));
        }
      }
    }
    return out;
  }

  private int slot(int reason, int direction) {
    if (slotOf == null) {
      return -1;
    }
    int s = slotOf.get((reason << 2) | (direction & 3));
    return s == IntIntHashMap.MISSING ? -1 : s;
  }

  /** One counter of a snapshot. */
  public record Counter(int reason, int direction, long packets, long bytes) {}
}
