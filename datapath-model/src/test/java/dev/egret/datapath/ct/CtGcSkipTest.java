package dev.egret.datapath.ct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.datapath.config.DatapathConfig;
import dev.egret.datapath.monitor.Signals;
import dev.egret.datapath.nat.NatMap4;
import dev.egret.datapath.nat.SnatV4;
import dev.egret.datapath.net.Ip4;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The GC's shortcuts (a sweep skipped when no lifetime can have passed, an orphan purge skipped
 * when no CT entry went and no NAT entry was written since the last purge) delete exactly what a
 * full pass deletes: a random mix of connections, refreshes, closes, explicit deletes, NAT writes
 * and passes, run once with the shortcuts and compared with a reference sweep over every entry.
 */
class CtGcSkipTest {
  static final long SEC = 1_000_000_000L;
  static final int P = Ip4.parse("10.0.1.23");
  static final int X = Ip4.parse("93.184.216.34");
  static final int E = Ip4.parse("172.18.0.3");

  final DatapathConfig cfg = DatapathConfig.builder().mapSizes(4000, 4000, 4000).build();
  final Signals signals = new Signals();
  final Conntrack ct = new Conntrack(cfg, signals);
  final NatMap4 nat = new NatMap4(4000);
  final SnatV4 snat = new SnatV4(cfg, ct, nat, signals);

  static Tuple4 ctKey(int port) {
    return new Tuple4().set(P, X, 443, port, 6, Tuple4.TUPLE_F_OUT);
  }

  /** Every live CT entry (key and lifetime) and NAT key, as text, sorted. */
  TreeSet<String> state() {
    TreeSet<String> s = new TreeSet<>();
    CtMap4 m = ct.tcpMap();
    for (int id : m.ids()) {
      s.add("ct " + m.key0(id) + "/" + m.key1(id) + " " + m.lifetime(id));
    }
    for (int id : nat.ids()) {
      s.add("nat " + nat.key0(id) + "/" + nat.key1(id));
    }
    return s;
  }

  /** A full pass by definition: every entry past its lifetime goes, with its NAT pair. */
  static void referencePass(Conntrack c, NatMap4 n, SnatV4 sn, long nowNanos, boolean signal) {
    int now = Conntrack.monoNow(nowNanos);
    CtMap4 m = c.tcpMap();
    List<long[]> doomed = new ArrayList<>();
    for (int id : m.ids()) {
      if (Integer.compareUnsigned(m.lifetime(id), now) < 0) {
        doomed.add(new long[] {m.key0(id), m.key1(id)});
      }
    }
    for (long[] k : doomed) {
      m.delete(k[0], k[1]);
      if ((int) (k[1] & 0xff) == Tuple4.TUPLE_F_OUT) {
        sn.deleteMapping4(k[0], k[1]);
      }
    }
    if (signal) {
      Tuple4 key = new Tuple4();
      Tuple4 ctKey = new Tuple4();
      List<long[]> orphans = new ArrayList<>();
      for (int id : n.ids()) {
        key.fromKey(n.key0(id), n.key1(id));
        if (key.flags == Tuple4.TUPLE_F_IN) {
          ctKey.set(n.addr(id), key.saddr, key.sport, n.port(id), key.nexthdr, Tuple4.TUPLE_F_OUT);
        } else {
          ctKey.set(key.saddr, key.daddr, key.dport, key.sport, key.nexthdr, Tuple4.TUPLE_F_OUT);
        }
        if (c.mapFor(key.nexthdr).find(ctKey) < 0) {
          orphans.add(new long[] {n.key0(id), n.key1(id)});
        }
      }
      for (long[] k : orphans) {
        n.delete(k[0], k[1]);
      }
    }
  }

  @Test
  void shortcutsDeleteWhatAFullPassDeletes() {
    List<CtGc> gcs = new ArrayList<>();
    for (long seed = 1; seed <= 20; seed++) {
      CtGcSkipTest sut = new CtGcSkipTest();
      CtGcSkipTest ref = new CtGcSkipTest();
      CtGc gc = new CtGc(cfg);
      gcs.add(gc);
      Random r = new Random(seed);
      long now = 1000 * SEC;
      for (int step = 0; step < 3000; step++) {
        now += (long) r.nextInt(400) * 1_000_000L; // 0–0.4 s
        int port = 1 + r.nextInt(300);
        int op = r.nextInt(10);
        boolean withNat = r.nextBoolean();
        // NAT entries written without their CT entry (orphans from the start) and reverse
        // entries rewritten with another value: the purge's incremental path must find them
        boolean withCt = r.nextInt(5) != 0;
        int revPort = r.nextInt(8) == 0 ? port + 1 : port;
        for (CtGcSkipTest w : List.of(sut, ref)) {
          if (op < 4) {
            if (withCt) {
              w.ct.create4(w.ct.tcpMap(), null, ctKey(port), Conntrack.CT_EGRESS, 0, 60, now);
            }
            if (withNat) {
              w.nat.put(
                  new Tuple4().set(X, P, 443, port, 6, Tuple4.TUPLE_F_OUT),
                  0,
                  true,
                  E,
                  50000 + port);
              w.nat.put(
                  new Tuple4().set(E, X, 50000 + port, 443, 6, Tuple4.TUPLE_F_IN),
                  0,
                  true,
                  P,
                  revPort);
            }
          } else if (op < 6) {
            int id = w.ct.tcpMap().find(ctKey(port));
            if (id >= 0) {
              w.ct.tcpMap().setLifetime(id, Conntrack.monoNow(now) + 1 + port % 7);
            }
          } else if (op < 7) {
            w.ct.tcpMap().delete(ctKey(port).k0(), ctKey(port).k1());
          }
        }
        if (op >= 7) {
          boolean signal = op == 9;
          gc.run(sut.ct, sut.snat, now, signal);
          referencePass(ref.ct, ref.nat, ref.snat, now, signal);
        }
        // every few steps the worlds must hold the same entries
        if (step % 50 == 0 || op >= 7) {
          assertEquals(ref.state(), sut.state(), "seed " + seed + " step " + step);
        }
      }
    }
    long logged = gcs.stream().mapToLong(CtGc::loggedPurges).sum();
    assertTrue(logged > 100, "purges from the NAT write log: " + logged);
  }
}
