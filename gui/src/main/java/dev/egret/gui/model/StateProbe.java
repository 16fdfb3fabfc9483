package dev.egret.gui.model;

import dev.egret.datapath.Datapath;
import dev.egret.datapath.ct.Conntrack;
import dev.egret.datapath.ct.CtEntry;
import dev.egret.datapath.ct.CtMap4;
import dev.egret.datapath.ct.Tuple4;
import dev.egret.datapath.nat.NatMap4;
import dev.egret.datapath.net.Ip4;
import dev.egret.datapath.packet.Ipv4;
import dev.egret.scenarios.model.Scenario;
import dev.egret.scenarios.run.RunOptions;
import dev.egret.scenarios.run.RunOutcome;
import dev.egret.scenarios.run.ScenarioRun;
import dev.egret.topology.egresslist.EgressList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads state at a simulated time by running the scenario until then ({@code RunOptions.until}), as
 * {@code egret egress-list --at T} does; runs are deterministic, so this is the state the recorded
 * run had at that time. Costs one run up to {@code t}; call it off the FX thread.
 */
public final class StateProbe {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private StateProbe() {}

  /** Runs {@code s} until {@code t}. */
  public static RunOutcome runUntil(Scenario s, long t) {
    return new ScenarioRun(s, new RunOptions(null, Math.max(0, t)), null).run();
  }

  /** Every node's egress list, SNAT and CT entries at {@code t}. */
  public static TimeState at(Scenario s, long t) {
    RunOutcome o = runUntil(s, t);
    Map<String, EgressList> lists = new LinkedHashMap<>();
    Map<String, List<NatRow>> nat = new LinkedHashMap<>();
    Map<String, List<CtRow>> ct = new LinkedHashMap<>();
    long now = o.endNanos();
    for (String n : o.nodes()) {
      lists.put(n, o.egressList(n));
      Datapath dp = o.datapath(n);
      nat.put(n, dp == null ? List.of() : natRows(dp.natMap(), now));
      ct.put(n, dp == null ? List.of() : ctRows(dp.conntrack(), now));
    }
    return new TimeState(now, o.nodes(), lists, nat, ct);
  }

  static List<NatRow> natRows(NatMap4 map, long nowNanos) {
    long nowSec = nowNanos / NANOS_PER_SECOND;
    List<NatRow> out = new ArrayList<>();
    for (NatMap4.Dumped d : map.dump()) {
      Tuple4 k = d.key();
      boolean in = (k.flags & Tuple4.TUPLE_F_IN) != 0;
      String xlate =
          (in ? "XLATE_DST " : "XLATE_SRC ")
              + Ip4.format(d.value().addr())
              + ":"
              + d.value().port();
      out.add(
          new NatRow(
              proto(k.nexthdr),
              in ? "IN" : "OUT",
              Ip4.format(k.saddr) + ":" + k.sport,
              Ip4.format(k.daddr) + ":" + k.dport,
              xlate,
              Math.max(0, nowSec - d.value().created()),
              d.value().needsCt()));
    }
    return out;
  }

  static List<CtRow> ctRows(Conntrack ct, long nowNanos) {
    int mono = Conntrack.monoNow(nowNanos);
    List<CtRow> out = new ArrayList<>();
    for (CtMap4 m : List.of(ct.tcpMap(), ct.anyMap())) {
      for (CtMap4.Dumped d : m.dump()) {
        Tuple4 k = d.key();
        CtEntry e = d.value();
        String dir =
            (k.flags & Tuple4.TUPLE_F_IN) != 0
                ? "IN"
                : (k.flags & Tuple4.TUPLE_F_SERVICE) != 0 ? "SVC" : "OUT";
        if ((k.flags & Tuple4.TUPLE_F_RELATED) != 0) {
          dir += " RELATED";
        }
        // CT keys hold the addresses reversed: daddr is the original packet's source.
        out.add(
            new CtRow(
                proto(k.nexthdr),
                dir,
                Ip4.format(k.daddr) + ":" + k.sport,
                Ip4.format(k.saddr) + ":" + k.dport,
                (long) e.lifetime() - mono,
                e.packets(),
                e.bytes(),
                flags(e),
                e.srcSecId()));
      }
    }
    return out;
  }

  private static String flags(CtEntry e) {
    List<String> f = new ArrayList<>();
    if (e.rxClosing()) {
      f.add("RxClosing");
    }
    if (e.txClosing()) {
      f.add("TxClosing");
    }
    if (e.seenNonSyn()) {
      f.add("SeenNonSyn");
    }
    if ((e.flags() & CtMap4.F_FROM_TUNNEL) != 0) {
      f.add("FromTunnel");
    }
    return String.join(" ", f);
  }

  static String proto(int nexthdr) {
    return switch (nexthdr) {
      case Ipv4.IPPROTO_TCP -> "TCP";
      case Ipv4.IPPROTO_UDP -> "UDP";
      case Ipv4.IPPROTO_ICMP -> "ICMP";
      default -> Integer.toString(nexthdr);
    };
  }
}
