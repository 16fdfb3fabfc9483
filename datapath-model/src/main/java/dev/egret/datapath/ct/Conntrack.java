package dev.egret.datapath.ct;

import dev.egret.datapath.config.DatapathConfig;
import dev.egret.datapath.maps.KeyTable;
import dev.egret.datapath.monitor.DropReason;
import dev.egret.datapath.monitor.MonitorEvent;
import dev.egret.datapath.monitor.Signals;
import dev.egret.datapath.monitor.TraceCtx;
import dev.egret.datapath.packet.Csum;
import dev.egret.datapath.packet.Icmp4;
import dev.egret.datapath.packet.Ipv4;
import dev.egret.datapath.packet.Tcp;

/**
 * Cilium's BPF conntrack (bpf/lib/conntrack.h, v1.16) over one node's two CT maps. Lookups and
 * creation are allocation-free; they take a scratch {@link Tuple4} the caller fills.
 *
 * <p>Rules modelled (reference §4.2):
 *
 * <ul>
 *   <li>every hit on an alive entry (not both rx_closing and tx_closing) sets {@code lifetime = now
 *       + L}: non-TCP 60 s; TCP 60 s (CT_SYN_TIMEOUT) until the entry has seen a packet without
 *       SYN, then 8000 s; new entries are created as if they saw SYN;
 *   <li>FIN or RST (ACTION_CLOSE) sets rx_closing (ingress) or tx_closing (egress); an RST before
 *       both SYNs were seen sets both; once both are set the lifetime becomes now + 10 s. Note:
 *       upstream's {@code ct_entry_seen_both_syns} tests the u8 accumulated flags against {@code
 *       TCP_FLAG_SYN}, which is {@code __constant_cpu_to_be32(0x00020000)} = 0x200 on little-endian
 *       hosts (bpf/include/linux/tcp.h), so it is never true and every RST closes both directions;
 *       the model reproduces that;
 *   <li>a SYN on a closing entry (ACTION_CREATE) resets the closing and seen flags and returns
 *       CT_NEW so the caller recreates the entry;
 *   <li>expiry is never checked on lookup: an expired entry still matches and is refreshed until GC
 *       ({@link CtGc}) deletes it;
 *   <li>{@code __ct_update_timeout} asks for a trace report ({@code monitor = TRACE_PAYLOAD_LEN})
 *       when CT_REPORT_INTERVAL passed since the last report in that direction or a new flag of
 *       CT_REPORT_FLAGS was seen;
 *   <li>packet and byte accounting ({@code CONNTRACK_ACCOUNTING}) on every hit.
 * </ul>
 *
 * Times are u32 {@code bpf_mono_now()} seconds.
 */
public final class Conntrack {
  public static final int CT_EGRESS = 0;
  public static final int CT_INGRESS = 1;
  public static final int CT_SERVICE = 2;

  public static final int CT_NEW = 0;
  public static final int CT_ESTABLISHED = 1;
  public static final int CT_REPLY = 2;
  public static final int CT_RELATED = 3;

  public static final int SCOPE_FORWARD = 0;
  public static final int SCOPE_REVERSE = 1;
  public static final int SCOPE_BIDIR = 2;

  static final int ACTION_UNSPEC = 0;
  static final int ACTION_CREATE = 1;
  static final int ACTION_CLOSE = 2;

  /** {@code TCP_FLAG_SYN} as the BPF code sees it on a little-endian host (see class comment). */
  static final int TCP_FLAG_SYN_LE32 = 0x0200;

  private final DatapathConfig cfg;
  private final Signals signals;
  private final CtMap4 tcp;
  private final CtMap4 any;

  public Conntrack(DatapathConfig cfg, Signals signals) {
    this.cfg = cfg;
    this.signals = signals;
    this.tcp = new CtMap4(CtMap4.NAME_TCP, cfg.ctMapSizeTcp());
    this.any = new CtMap4(CtMap4.NAME_ANY, cfg.ctMapSizeAny());
  }

  /** {@code cilium_ct4_global}. */
  public CtMap4 tcpMap() {
    return tcp;
  }

  /** {@code cilium_ct_any4_global}. */
  public CtMap4 anyMap() {
    return any;
  }

  /** {@code get_ct_map4}: the TCP map for TCP tuples, the any map for the rest. */
  public CtMap4 mapFor(int nexthdr) {
    return nexthdr == Ipv4.IPPROTO_TCP ? tcp : any;
  }

  /** {@code bpf_mono_now()}: u32 seconds of the node's monotonic clock. */
  public static int monoNow(long nowNanos) {
    return (int) (nowNanos / 1_000_000_000L);
  }

  /** {@code ct_lookup_select_tuple_type}. */
  public static int selectTupleType(int dir, int scope) {
    if (dir == CT_SERVICE) {
      return Tuple4.TUPLE_F_SERVICE;
    }
    if (scope == SCOPE_FORWARD) {
      return dir == CT_EGRESS ? Tuple4.TUPLE_F_OUT : Tuple4.TUPLE_F_IN;
    }
    return dir == CT_EGRESS ? Tuple4.TUPLE_F_IN : Tuple4.TUPLE_F_OUT;
  }

  /**
   * Models: bpf/lib/conntrack.h ct_extract_ports4 (v1.16). Fills {@code t.dport}/{@code t.sport} in
   * CT layout (dport = the packet's source port) and, for ICMP errors, the RELATED flag.
   *
   * @param end the absolute end of the frame
   * @return 0, DROP_CT_INVALID_HDR or DROP_CT_UNKNOWN_PROTO (negative)
   */
  public static int extractPorts4(byte[] b, int l4, int end, boolean hasL4, Tuple4 t) {
    switch (t.nexthdr) {
      case Ipv4.IPPROTO_ICMP:
        {
          if (l4 + 1 > end) {
            return DropReason.DROP_CT_INVALID_HDR.bpfValue();
          }
          int type = b[l4] & 0xff;
          int id = 0;
          if (type == Icmp4.ICMP_ECHO || type == Icmp4.ICMP_ECHOREPLY) {
            if (l4 + Icmp4.ID + 2 > end) {
              return DropReason.DROP_CT_INVALID_HDR.bpfValue();
            }
            id = Csum.get16(b, l4 + Icmp4.ID);
          }
          t.sport = 0;
          t.dport = 0;
          switch (type) {
            case Icmp4.ICMP_DEST_UNREACH:
            case Icmp4.ICMP_TIME_EXCEEDED:
            case Icmp4.ICMP_PARAMETERPROB:
              t.flags |= Tuple4.TUPLE_F_RELATED;
              break;
            case Icmp4.ICMP_ECHOREPLY:
              t.sport = id;
              break;
            case Icmp4.ICMP_ECHO:
              t.dport = id;
              break;
            default:
              break;
          }
          return 0;
        }
      case Ipv4.IPPROTO_TCP:
      case Ipv4.IPPROTO_UDP:
        if (!hasL4) {
          // a non-first fragment: no ports (ENABLE_IPV4_FRAGMENTS off drops earlier)
          t.sport = 0;
          t.dport = 0;
          return 0;
        }
        if (l4 + 4 > end) {
          return DropReason.DROP_CT_INVALID_HDR.bpfValue();
        }
        // load sport + dport into &tuple->dport: CT layout swaps them
        t.dport = Csum.get16(b, l4);
        t.sport = Csum.get16(b, l4 + 2);
        return 0;
      default:
        return DropReason.DROP_CT_UNKNOWN_PROTO.bpfValue();
    }
  }

  /**
   * Models: bpf/lib/conntrack.h ct_lookup4 (v1.16): SCOPE_BIDIR lookup of the packet at {@code l4}
   * whose addresses and protocol are already in {@code t} (daddr = packet daddr, saddr = packet
   * saddr). On return {@code t} holds the tuple in the layout a new entry would use.
   *
   * @return CT_NEW, CT_ESTABLISHED, CT_REPLY or CT_RELATED, or a negative DROP_* code
   */
  public int lookup4(
      byte[] b,
      int l4,
      int end,
      int pktLen,
      boolean hasL4,
      Tuple4 t,
      int dir,
      TraceCtx trace,
      long nowNanos) {
    t.flags = selectTupleType(dir, SCOPE_BIDIR);
    int ret = extractPorts4(b, l4, end, hasL4, t);
    if (ret < 0) {
      return ret;
    }
    return ctLookup4(b, l4, end, pktLen, hasL4, t, dir, SCOPE_BIDIR, trace, nowNanos);
  }

  /**
   * Models: bpf/lib/conntrack.h ct_lazy_lookup4 (v1.16): a lookup with the ports already in {@code
   * t} (CT layout); the tuple's flags are chosen from (dir, scope).
   */
  public int lazyLookup4(
      byte[] b,
      int l4,
      int end,
      int pktLen,
      boolean hasL4,
      Tuple4 t,
      int dir,
      int scope,
      TraceCtx trace,
      long nowNanos) {
    t.flags = selectTupleType(dir, scope);
    return ctLookup4(b, l4, end, pktLen, hasL4, t, dir, scope, trace, nowNanos);
  }

  private int ctLookup4(
      byte[] b,
      int l4,
      int end,
      int pktLen,
      boolean hasL4,
      Tuple4 t,
      int dir,
      int scope,
      TraceCtx trace,
      long nowNanos) {
    boolean isTcp = t.nexthdr == Ipv4.IPPROTO_TCP;
    int tcpFlags = 0;
    int action = ACTION_UNSPEC;
    if (isTcp && hasL4) {
      if (l4 + Tcp.FLAGS + 1 > end) {
        return DropReason.DROP_CT_INVALID_HDR.bpfValue();
      }
      tcpFlags = b[l4 + Tcp.FLAGS] & 0xff;
      action = selectAction(tcpFlags);
    }
    CtMap4 map = mapFor(t.nexthdr);
    int now = monoNow(nowNanos);
    int ret;
    if (scope == SCOPE_REVERSE || scope == SCOPE_BIDIR) {
      ret = ctLookup(map, t, action, dir, isTcp, tcpFlags, pktLen, trace, now);
      if (ret != CT_NEW) {
        return (t.flags & Tuple4.TUPLE_F_RELATED) != 0 ? CT_RELATED : CT_REPLY;
      }
      if (scope != SCOPE_BIDIR) {
        return ret;
      }
      t.reverse();
    }
    return ctLookup(map, t, action, dir, isTcp, tcpFlags, pktLen, trace, now);
  }

  /** {@code ct_tcp_select_action}. */
  static int selectAction(int tcpFlags) {
    if ((tcpFlags & (Tcp.RST | Tcp.FIN)) != 0) {
      return ACTION_CLOSE;
    }
    if ((tcpFlags & Tcp.SYN) != 0) {
      return ACTION_CREATE;
    }
    return ACTION_UNSPEC;
  }

  /** Models: bpf/lib/conntrack.h __ct_lookup (v1.16). */
  private int ctLookup(
      CtMap4 map,
      Tuple4 t,
      int action,
      int dir,
      boolean isTcp,
      int tcpFlags,
      int pktLen,
      TraceCtx trace,
      int now) {
    int id = map.lookup(t.k0(), t.k1());
    if (id < 0) {
      trace.monitor = MonitorEvent.TRACE_PAYLOAD_LEN;
      return CT_NEW;
    }
    if (alive(map, id)) {
      trace.monitor = updateTimeout(map, id, isTcp, dir, tcpFlags, now);
    }
    map.packets[id]++;
    map.bytes[id] += pktLen;
    switch (action) {
      case ACTION_CREATE:
        if (closing(map, id)) {
          map.flags[id] &= ~(CtMap4.F_RX_CLOSING | CtMap4.F_TX_CLOSING | CtMap4.F_SEEN_NON_SYN);
          map.seen[id] = 0;
          trace.monitor = updateTimeout(map, id, isTcp, dir, tcpFlags, now);
          return CT_NEW;
        }
        break;
      case ACTION_CLOSE:
        if (dir == CT_SERVICE) {
          map.flags[id] |= CtMap4.F_RX_CLOSING | CtMap4.F_TX_CLOSING;
        } else if (!seenBothSyns(map, id) && (tcpFlags & Tcp.RST) != 0) {
          map.flags[id] |= CtMap4.F_RX_CLOSING | CtMap4.F_TX_CLOSING;
        } else if (dir == CT_INGRESS) {
          map.flags[id] |= CtMap4.F_RX_CLOSING;
        } else {
          map.flags[id] |= CtMap4.F_TX_CLOSING;
        }
        trace.monitor = MonitorEvent.TRACE_PAYLOAD_LEN;
        if (!alive(map, id)) {
          updateTimeoutRaw(map, id, cfg.ctCloseTimeout(), dir, tcpFlags, now);
        }
        break;
      default:
        break;
    }
    return CT_ESTABLISHED;
  }

  /**
   * {@code ct_entry_seen_both_syns}: {@code rx_flags_seen & TCP_FLAG_SYN && tx_flags_seen &
   * TCP_FLAG_SYN} with the be32 constant, which a u8 never matches on little-endian hosts.
   */
  static boolean seenBothSyns(CtMap4 map, int id) {
    boolean rxSyn = (map.rxFlagsSeen(id) & TCP_FLAG_SYN_LE32) != 0;
    boolean txSyn = (map.txFlagsSeen(id) & TCP_FLAG_SYN_LE32) != 0;
    return rxSyn && txSyn;
  }

  static boolean alive(CtMap4 map, int id) {
    int f = map.flags[id];
    return (f & CtMap4.F_RX_CLOSING) == 0 || (f & CtMap4.F_TX_CLOSING) == 0;
  }

  static boolean closing(CtMap4 map, int id) {
    return (map.flags[id] & (CtMap4.F_RX_CLOSING | CtMap4.F_TX_CLOSING)) != 0;
  }

  /** Models: bpf/lib/conntrack.h ct_update_timeout (v1.16). Returns the monitor feedback. */
  private int updateTimeout(CtMap4 map, int id, boolean isTcp, int dir, int tcpFlags, int now) {
    int lifetime = cfg.ctLifetimeNonTcp();
    if (isTcp) {
      if ((tcpFlags & Tcp.SYN) == 0) {
        map.flags[id] |= CtMap4.F_SEEN_NON_SYN;
      }
      lifetime =
          (map.flags[id] & CtMap4.F_SEEN_NON_SYN) != 0 ? cfg.ctLifetimeTcp() : cfg.ctSynTimeout();
    }
    return updateTimeoutRaw(map, id, lifetime, dir, tcpFlags, now);
  }

  /** Models: bpf/lib/conntrack.h __ct_update_timeout (v1.16). */
  private int updateTimeoutRaw(CtMap4 map, int id, int lifetime, int dir, int tcpFlags, int now) {
    map.lifetime[id] = now + lifetime;
    map.noteLifetime(now + lifetime);
    int seenFlags = tcpFlags & cfg.ctReportFlags();
    int accumulated;
    int lastReport;
    if (dir == CT_INGRESS) {
      accumulated = map.rxFlagsSeen(id);
      lastReport = map.lastRxReport[id];
    } else {
      accumulated = map.txFlagsSeen(id);
      lastReport = map.lastTxReport[id];
    }
    seenFlags |= accumulated;
    if (Integer.compareUnsigned(lastReport + cfg.ctReportInterval(), now) < 0
        || accumulated != seenFlags) {
      if (dir == CT_INGRESS) {
        map.seen[id] = (map.seen[id] & 0x00ff) | (seenFlags << 8);
        map.lastRxReport[id] = now;
      } else {
        map.seen[id] = (map.seen[id] & 0xff00) | seenFlags;
        map.lastTxReport[id] = now;
      }
      return MonitorEvent.TRACE_PAYLOAD_LEN;
    }
    return 0;
  }

  /**
   * Models: bpf/lib/conntrack.h ct_create4 (v1.16): writes a new entry for {@code t} (which is in
   * the layout the lookup left it) and, when {@code related} is given, the ICMP RELATED entry
   * (nexthdr ICMP, ports 0, flags | RELATED) with the same value but no packet count.
   *
   * @return 0 or DROP_CT_CREATE_FAILED (negative)
   */
  public int create4(
      CtMap4 map, CtMap4 related, Tuple4 t, int dir, int srcSecId, int pktLen, long nowNanos) {
    boolean isTcp = t.nexthdr == Ipv4.IPPROTO_TCP;
    int now = monoNow(nowNanos);
    int tcpFlags = isTcp ? Tcp.SYN : 0;
    if (related != null) {
      long k0 = Tuple4.k0(t.daddr, t.saddr);
      long k1 = Tuple4.k1(0, 0, Ipv4.IPPROTO_ICMP, t.flags | Tuple4.TUPLE_F_RELATED);
      int rid = related.update(k0, k1, KeyTable.BPF_ANY);
      if (rid < 0) {
        signals.send(Signals.SIGNAL_CT_FILL_UP, Signals.SIGNAL_PROTO_V4, nowNanos);
        return DropReason.DROP_CT_CREATE_FAILED.bpfValue();
      }
      related.clearValues(rid);
      related.srcSecId[rid] = srcSecId;
      updateTimeout(related, rid, isTcp, dir, tcpFlags, now);
    }
    int id = map.update(t.k0(), t.k1(), KeyTable.BPF_ANY);
    if (id < 0) {
      signals.send(Signals.SIGNAL_CT_FILL_UP, Signals.SIGNAL_PROTO_V4, nowNanos);
      return DropReason.DROP_CT_CREATE_FAILED.bpfValue();
    }
    map.clearValues(id);
    map.srcSecId[id] = srcSecId;
    updateTimeout(map, id, isTcp, dir, tcpFlags, now);
    map.packets[id] = 1;
    map.bytes[id] = pktLen;
    return 0;
  }

  /**
   * Models: bpf/lib/conntrack.h ct_is_reply4: whether {@code t} (packet addresses, CT-layout ports)
   * with TUPLE_F_IN is in the CT map, i.e. the packet answers a connection opened towards the
   * source. Restores the tuple's flags.
   */
  public boolean isReply4(Tuple4 t) {
    int saved = t.flags;
    t.flags = Tuple4.TUPLE_F_IN;
    boolean r = mapFor(t.nexthdr).lookup(t.k0(), t.k1()) >= 0;
    t.flags = saved;
    return r;
  }
}
