package dev.egret.datapath.ct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.egret.datapath.config.DatapathConfig;
import dev.egret.datapath.monitor.Signals;
import dev.egret.datapath.nat.NatMap4;
import dev.egret.datapath.nat.SnatV4;
import dev.egret.datapath.net.Ip4;
import org.junit.jupiter.api.Test;

/** The agent's CT GC (reference §4.3, §4.4). */
class CtGcTest {
  static final long SEC = 1_000_000_000L;
  static final long MIN = 60 * SEC;
  static final int P = Ip4.parse("10.0.1.23");
  static final int X = Ip4.parse("93.184.216.34");
  static final int E = Ip4.parse("172.18.0.3");

  final DatapathConfig cfg = DatapathConfig.builder().mapSizes(1000, 1000, 1000).build();
  final Signals signals = new Signals();
  final Conntrack ct = new Conntrack(cfg, signals);
  final NatMap4 nat = new NatMap4(1000);
  final SnatV4 snat = new SnatV4(cfg, ct, nat, signals);

  Tuple4 ctKey(int port) {
    return new Tuple4().set(P, X, 443, port, 6, Tuple4.TUPLE_F_OUT);
  }

  void connection(int port, long now) {
    ct.create4(ct.tcpMap(), null, ctKey(port), Conntrack.CT_EGRESS, 0, 60, now);
    nat.put(new Tuple4().set(X, P, 443, port, 6, Tuple4.TUPLE_F_OUT), 0, true, E, 50000 + port);
    nat.put(new Tuple4().set(E, X, 50000 + port, 443, 6, Tuple4.TUPLE_F_IN), 0, true, P, port);
  }

  @Test
  void gcDeletesExpiredEntriesAndTheirNatPairs() {
    CtGc gc = new CtGc(cfg);
    long t0 = 1000 * SEC;
    connection(1, t0); // SYN-only: expires at t0 + 60 s
    connection(2, t0 + 30 * SEC);
    assertEquals(4, nat.size());
    CtGc.Result r = gc.run(ct, snat, t0 + 61 * SEC, false);
    assertEquals(1, r.tcpDeleted());
    assertEquals(2, r.natDeleted(), "the SNAT entry and its RevSNAT partner");
    assertNull(ct.tcpMap().get(ctKey(1)));
    assertNotNull(ct.tcpMap().get(ctKey(2)));
    assertEquals(2, nat.size());
    assertEquals(1.0 / 1000, r.maxDeleteRatio(), 1e-12);
    // an entry exactly at its lifetime is not deleted (lifetime < now)
    r = gc.run(ct, snat, t0 + 90 * SEC, false);
    assertEquals(0, r.tcpDeleted());
    r = gc.run(ct, snat, t0 + 91 * SEC, false);
    assertEquals(1, r.tcpDeleted());
    assertEquals(0, nat.size());
  }

  @Test
  void orphanNatEntriesArePurgedOnlyAfterASignal() {
    CtGc gc = new CtGc(cfg);
    long t0 = 1000 * SEC;
    connection(1, t0);
    // the CT entry vanishes without GC (LRU eviction, say): its NAT pair becomes an orphan
    ct.tcpMap().delete(ctKey(1).k0(), ctKey(1).k1());
    CtGc.Result r = gc.run(ct, snat, t0, false);
    assertEquals(0, r.orphanNatDeleted());
    assertEquals(2, nat.size());
    r = gc.run(ct, snat, t0, true);
    assertEquals(2, r.orphanNatDeleted());
    assertEquals(0, nat.size());
  }

  @Test
  void dynamicIntervalFormula() {
    CtGc gc = new CtGc(cfg);
    // first pass: expected = 5 min; ratio < 5%: ×1.5 → 7m30s
    assertEquals(450 * SEC, gc.nextInterval(5 * MIN, 0.01));
    // next: ratio 0.5 > 25%: ×(1 − 0.5) → 3m45s
    assertEquals(225 * SEC, gc.nextInterval(450 * SEC, 0.5));
    // ratio 0.95 is capped at 0.9: ×(1 − 0.9) — in float64, as Go computes it, 1 − 0.9 is
    // 0.09999999999999998, so 225 s gives 22.4999999999 s, truncated to whole nanoseconds and
    // rounded to 22 s (a clean 22.5 s would round half away from zero to 23 s)
    assertEquals(22 * SEC, gc.nextInterval(225 * SEC, 0.95));
    assertEquals(23 * SEC, CtGc.roundToSecond(22.5 * SEC));
    // ×0.1 again is 2.2 s: floored at 10 s
    assertEquals(10 * SEC, gc.nextInterval(22 * SEC, 0.95));
    // a ratio between 5% and 25% keeps the interval
    assertEquals(10 * SEC, gc.nextInterval(10 * SEC, 0.1));
    // a pass that came early (a signal after 2 s of an expected 10 s): 0.06 × 5 = 0.3 → ×0.7
    assertEquals(10 * SEC, gc.nextInterval(2 * SEC, 0.06), "7 s is floored at 10 s");
    // growth is capped at 12 h
    CtGc slow = new CtGc(cfg);
    long iv = 5 * MIN;
    for (int i = 0; i < 20; i++) {
      iv = slow.nextInterval(iv, 0.0001);
    }
    assertEquals(12 * 60 * MIN, iv);
    // a ratio of exactly 0 leaves everything as it was
    assertEquals(5 * MIN, new CtGc(cfg).nextInterval(0, 0.0));
  }

  @Test
  void fixedAndCappedIntervals() {
    CtGc fixed = new CtGc(DatapathConfig.builder().ctGcInterval(30 * SEC).build());
    assertEquals(30 * SEC, fixed.nextInterval(30 * SEC, 0.9));
    assertEquals(30 * SEC, fixed.initialInterval());
    CtGc capped = new CtGc(DatapathConfig.builder().ctGcMaxInterval(6 * MIN).build());
    assertEquals(5 * MIN, capped.nextInterval(5 * MIN, 0.0));
    assertEquals(6 * MIN, capped.nextInterval(5 * MIN, 0.01), "7m30s capped at 6 min");
    assertEquals(12 * 60 * MIN, new CtGc(cfg).initialInterval());
  }
}
