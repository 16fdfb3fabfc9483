package dev.egret.datapath.nat;

import dev.egret.datapath.config.CiliumVersion;
import dev.egret.datapath.config.DatapathConfig;
import dev.egret.datapath.ct.Conntrack;
import dev.egret.datapath.ct.CtMap4;
import dev.egret.datapath.ct.Tuple4;
import dev.egret.datapath.monitor.DropReason;
import dev.egret.datapath.monitor.Signals;
import dev.egret.datapath.monitor.TraceCtx;
import dev.egret.datapath.node.NodeContext;
import dev.egret.datapath.packet.Csum;
import dev.egret.datapath.packet.Icmp4;
import dev.egret.datapath.packet.Ipv4;
import dev.egret.datapath.packet.Skb;
import dev.egret.datapath.packet.Tcp;
import dev.egret.datapath.packet.Udp;

/**
 * IPv4 SNAT as bpf/lib/nat.h does it in Cilium 1.16 (reference §3): port choice with collision
 * retries, the SNAT/RevSNAT entry pair in {@code cilium_snat_v4_external}, the gateway's own CT
 * entry for {@code needs_ct} mappings, header rewrites with incremental checksums, ICMP echo ids as
 * ports, and the frag-needed error translation.
 *
 * <p>Return conventions follow the BPF code: 0 for success, {@link #NAT_PUNT_TO_STACK} (-173,
 * DROP_NAT_NOT_NEEDED, not a drop) when the packet should pass untranslated, or another negative
 * {@code DROP_*} code. One instance per node; not thread-safe; allocation-free.
 */
public final class SnatV4 {
  /** {@code SNAT_COLLISION_RETRIES}. */
  public static final int SNAT_COLLISION_RETRIES = 128;

  /** {@code SNAT_SIGNAL_THRES}: more retries than this send SIGNAL_NAT_FILL_UP. */
  public static final int SNAT_SIGNAL_THRES = 64;

  /** {@code NAT_PUNT_TO_STACK} = DROP_NAT_NOT_NEEDED: pass the packet on untranslated. */
  public static final int NAT_PUNT_TO_STACK = DropReason.DROP_NAT_NOT_NEEDED.bpfValue();

  /** {@code NAT_DIR_EGRESS} = TUPLE_F_OUT. */
  public static final int NAT_DIR_EGRESS = Tuple4.TUPLE_F_OUT;

  /** {@code NAT_DIR_INGRESS} = TUPLE_F_IN. */
  public static final int NAT_DIR_INGRESS = Tuple4.TUPLE_F_IN;

  private static final int DROP_NAT_NO_MAPPING = DropReason.DROP_NAT_NO_MAPPING.bpfValue();
  private static final int DROP_INVALID = DropReason.DROP_INVALID.bpfValue();
  private static final int DROP_WRITE_ERROR = DropReason.DROP_WRITE_ERROR.bpfValue();
  private static final int DROP_CSUM_L3 = DropReason.DROP_CSUM_L3.bpfValue();
  private static final int DROP_CSUM_L4 = DropReason.DROP_CSUM_L4.bpfValue();
  private static final int DROP_UNKNOWN_L4 = DropReason.DROP_UNKNOWN_L4.bpfValue();

  private final DatapathConfig cfg;
  private final CiliumVersion version;
  private final PortClamp clamp;
  private final Conntrack ct;
  private final NatMap4 map;
  private final Signals signals;
  private final SnatStats stats = new SnatStats();

  // scratch
  private final Tuple4 rtuple = new Tuple4();
  private final Tuple4 ctTuple = new Tuple4();
  private final Tuple4 inner = new Tuple4();

  /** The translation found or created by the last handle-mapping call. */
  private int stateAddr;

  private int statePort;
  private int lastRetries;

  public SnatV4(DatapathConfig cfg, Conntrack ct, NatMap4 map, Signals signals) {
    this.cfg = cfg;
    this.version = cfg.version();
    this.clamp = version.portClamp();
    this.ct = ct;
    this.map = map;
    this.signals = signals;
  }

  public NatMap4 map() {
    return map;
  }

  public SnatStats stats() {
    return stats;
  }

  /** The retries the last {@link #newMapping} needed (128 = exhausted). */
  public int lastRetries() {
    return lastRetries;
  }

  /** The to-address of the last mapping found or created. */
  public int stateAddr() {
    return stateAddr;
  }

  /** The to-port of the last mapping found or created. */
  public int statePort() {
    return statePort;
  }

  /** {@code __snat_clamp_port_range} with this version's clamp. */
  public int clampPort(int start, int end, int val) {
    return clamp.clamp(start, end, val);
  }

  /** {@code __snat_try_keep_port}: the original port if in [start, end], else a random clamp. */
  int tryKeepPort(NodeContext ctx, int start, int end, int val) {
    return val >= start && val <= end ? val : clamp.clamp(start, end, ctx.prandomU32() & 0xffff);
  }

  /**
   * Models: bpf/lib/nat.h snat_v4_new_mapping (v1.16). Keeps the original port if it is in range,
   * otherwise draws one; then probes up to {@link #SNAT_COLLISION_RETRIES} candidates (after the
   * first, one random draw and then {@code clamp(port + 1)} steps), each by inserting the RevSNAT
   * entry with BPF_NOEXIST, which is both the collision check and the reservation; then inserts the
   * SNAT entry (rolling back the RevSNAT entry if that fails). More than {@link #SNAT_SIGNAL_THRES}
   * retries send SIGNAL_NAT_FILL_UP.
   *
   * @param otuple the original tuple in packet order with flags TUPLE_F_OUT
   * @return 0 (the mapping is in {@link #stateAddr()}/{@link #statePort()}) or DROP_NAT_NO_MAPPING
   */
  public int newMapping(NodeContext ctx, Tuple4 otuple, NatTarget target, boolean needsCt) {
    long now = ctx.nowNanos();
    long created = Conntrack.monoNow(now) & 0xffffffffL;
    // set_v4_rtuple: the tuple reply traffic will carry
    Tuple4 r = rtuple;
    r.set(target.addr, otuple.daddr, 0, otuple.dport, otuple.nexthdr, Tuple4.TUPLE_F_IN);
    int port = tryKeepPort(ctx, target.minPort, target.maxPort, otuple.sport);
    int ret = DROP_NAT_NO_MAPPING;
    boolean reserved = false;
    // A set bit is a RevSNAT key that exists, whose insert would fail with -EEXIST: skipping the
    // insert changes nothing but the time it takes (ReversePortIndex).
    long[] taken = map.reversePorts().bitmap(r.k0(), r.k1());
    int retries = 0;
    int first = -1; // the drawn candidate, where the sequential steps start
    while (true) {
      r.dport = port;
      if (taken == null || !ReversePortIndex.taken(taken, port)) {
        int id = map.create(r, created, needsCt, otuple.saddr, otuple.sport);
        if (id >= 0) {
          reserved = true;
          break;
        }
      }
      if (++retries == SNAT_COLLISION_RETRIES) {
        break;
      }
      if (retries == 1) {
        port = clamp.clamp(target.minPort, target.maxPort, ctx.prandomU32() & 0xffff);
        first = port;
      } else {
        // clamp(port + 1), looked up (ProbeSteps)
        char[] steps = probeSteps(target.minPort, target.maxPort);
        port = steps != null ? steps[port] : clamp.clamp(target.minPort, target.maxPort, port + 1);
        if (port == first) {
          // The steps came round to the drawn candidate: from here on the candidates repeat, and
          // a failed insert changes nothing in the map (-EEXIST), so every one fails again. The
          // kernel would spend the remaining retries on them; the result is the same. (1.16's
          // clamp makes short cycles: with 32768-33791 the steps visit 31 ports.)
          retries = SNAT_COLLISION_RETRIES;
          break;
        }
      }
    }
    if (reserved) {
      int oid = map.create(otuple, created, needsCt, target.addr, r.dport);
      if (oid < 0) {
        map.delete(r.k0(), r.k1()); // rollback
        ret = DROP_NAT_NO_MAPPING;
      } else {
        ret = 0;
        stateAddr = target.addr;
        statePort = r.dport;
      }
    }
    stats.record(retries, ret == 0);
    lastRetries = retries;
    if (retries > SNAT_SIGNAL_THRES) {
      signals.send(Signals.SIGNAL_NAT_FILL_UP, Signals.SIGNAL_PROTO_V4, now);
    }
    return ret;
  }

  private int stepsStart = -1;
  private int stepsEnd = -1;
  private char[] steps;

  private char[] probeSteps(int start, int end) {
    if (start != stepsStart || end != stepsEnd) {
      steps = ProbeSteps.of(clamp, start, end);
      stepsStart = start;
      stepsEnd = end;
    }
    return steps;
  }

  /**
   * Models: bpf/lib/nat.h snat_v4_nat_handle_mapping (v1.16). With {@code needs_ct} it first looks
   * up (and on CT_NEW creates) the node's own CT entry for the connection (CT_EGRESS,
   * SCOPE_FORWARD, addresses swapped into CT layout) and sets the trace reason from it. Then it
   * reuses an existing SNAT entry as is (1.16 does not compare its address with the current target;
   * 1.17+ recreates stale entries and restores a missing RevSNAT partner) or allocates a new one.
   */
  int natHandleMapping(
      NodeContext ctx,
      byte[] b,
      int l4,
      int end,
      int pktLen,
      boolean hasL4,
      Tuple4 tuple,
      NatTarget target,
      TraceCtx trace) {
    boolean needsCt = target.needsCt;
    int sid = map.lookup(tuple.k0(), tuple.k1());
    if (needsCt) {
      Tuple4 c = ctTuple.copyFrom(tuple);
      c.swapAddrs();
      int ret =
          ct.lazyLookup4(
              b,
              l4,
              end,
              pktLen,
              hasL4,
              c,
              Conntrack.CT_EGRESS,
              Conntrack.SCOPE_FORWARD,
              trace,
              ctx.nowNanos());
      if (ret < 0) {
        return ret;
      }
      trace.reason = ret;
      if (ret == Conntrack.CT_NEW) {
        CtMap4 m = ct.mapFor(c.nexthdr);
        ret = ct.create4(m, null, c, Conntrack.CT_EGRESS, 0, pktLen, ctx.nowNanos());
        if (ret < 0) {
          return ret;
        }
      }
    }
    if (sid >= 0) {
      if (!version.recreateStaleSnat()) {
        stateAddr = map.addr(sid);
        statePort = map.port(sid);
        return 0;
      }
      // 1.17+: keep the entry only if it still matches the target; restore its RevSNAT partner
      Tuple4 r = rtuple;
      r.set(map.addr(sid), tuple.daddr, map.port(sid), tuple.dport, tuple.nexthdr, NAT_DIR_INGRESS);
      if (target.addr == map.addr(sid) && needsCt == map.needsCt(sid)) {
        if (map.find(r) < 0) {
          long created = Conntrack.monoNow(ctx.nowNanos()) & 0xffffffffL;
          if (map.create(r, created, needsCt, tuple.saddr, tuple.sport) < 0) {
            return DROP_NAT_NO_MAPPING;
          }
        }
        stateAddr = map.addr(sid);
        statePort = map.port(sid);
        return 0;
      }
      map.deleteId(sid);
      int rid = map.find(r);
      if (rid >= 0) {
        map.deleteId(rid);
      }
    }
    return newMapping(ctx, tuple, target, needsCt);
  }

  /**
   * Models: bpf/lib/nat.h snat_v4_rev_nat_handle_mapping (v1.16): looks up the RevSNAT entry for
   * the reply tuple (packet order, TUPLE_F_IN); with {@code needs_ct} also looks up the node's CT
   * entry (CT_INGRESS, SCOPE_REVERSE), which refreshes it and yields CT_REPLY as trace reason.
   *
   * @return 0 (translation in {@link #stateAddr()}/{@link #statePort()}), DROP_NAT_NO_MAPPING, or
   *     another negative code
   */
  int revNatHandleMapping(
      NodeContext ctx,
      byte[] b,
      int l4,
      int end,
      int pktLen,
      boolean hasL4,
      Tuple4 tuple,
      TraceCtx trace) {
    int sid = map.lookup(tuple.k0(), tuple.k1());
    if (sid >= 0 && version.recreateStaleSnat()) {
      // 1.17+: restore a missing SNAT partner
      Tuple4 o = rtuple;
      o.set(tuple.saddr, map.addr(sid), tuple.sport, map.port(sid), tuple.nexthdr, NAT_DIR_EGRESS);
      if (map.find(o) < 0) {
        long created = Conntrack.monoNow(ctx.nowNanos()) & 0xffffffffL;
        if (map.create(o, created, map.needsCt(sid), tuple.daddr, tuple.dport) < 0) {
          return DROP_NAT_NO_MAPPING;
        }
      }
    }
    if (sid >= 0 && map.needsCt(sid)) {
      Tuple4 c = ctTuple.copyFrom(tuple);
      c.daddr = map.addr(sid);
      c.dport = map.port(sid);
      c.swapPorts();
      int ret =
          ct.lazyLookup4(
              b,
              l4,
              end,
              pktLen,
              hasL4,
              c,
              Conntrack.CT_INGRESS,
              Conntrack.SCOPE_REVERSE,
              trace,
              ctx.nowNanos());
      if (ret < 0) {
        return ret;
      }
      trace.reason = ret;
    }
    if (sid < 0) {
      return DROP_NAT_NO_MAPPING;
    }
    stateAddr = map.addr(sid);
    statePort = map.port(sid);
    return 0;
  }

  /**
   * Models: bpf/lib/nat.h snat_v4_rewrite_headers (v1.16): replaces one address (at {@code l3 +
   * addrOff}) and one port (at {@code l4 + portOff}) and fixes the checksums incrementally: the
   * port change with {@code l4_csum_replace} (for ICMP on the ICMP checksum), the address change
   * folded into the TCP/UDP checksum as a pseudo-header change (UDP: a zero checksum stays zero),
   * never into ICMP's, and into the IP header checksum.
   *
   * @param end the absolute end of the frame (writes beyond it fail like {@code ctx_store_bytes})
   * @return 0, DROP_WRITE_ERROR, DROP_CSUM_L3, DROP_CSUM_L4 or DROP_UNKNOWN_L4
   */
  public static int rewriteHeaders(
      byte[] b,
      int end,
      int nexthdr,
      int l3,
      boolean hasL4,
      int l4,
      int oldAddr,
      int newAddr,
      int addrOff,
      int oldPort,
      int newPort,
      int portOff) {
    if (oldAddr == newAddr && oldPort == newPort) {
      return 0;
    }
    long sum = Csum.diff32(oldAddr, newAddr);
    if (l3 + addrOff + 4 > end) {
      return DROP_WRITE_ERROR;
    }
    dev.egret.datapath.net.Ip4.write(b, l3 + addrOff, newAddr);
    if (hasL4) {
      int csumOff;
      int csumFlags;
      switch (nexthdr) {
        case Ipv4.IPPROTO_TCP:
          csumOff = Tcp.CHECK;
          csumFlags = 0;
          break;
        case Ipv4.IPPROTO_UDP:
          csumOff = Udp.CHECK;
          csumFlags = Csum.BPF_F_MARK_MANGLED_0;
          break;
        default:
          csumOff = 0;
          csumFlags = 0;
          break;
      }
      if (oldPort != newPort) {
        int portCsumOff;
        switch (nexthdr) {
          case Ipv4.IPPROTO_TCP:
          case Ipv4.IPPROTO_UDP:
            portCsumOff = csumOff;
            break;
          case Ipv4.IPPROTO_ICMP:
            portCsumOff = Icmp4.CHECK;
            break;
          default:
            return DROP_UNKNOWN_L4;
        }
        // l4_modify_port: checksum first, then the port
        if (l4 + portCsumOff + 2 > end) {
          return DROP_CSUM_L4;
        }
        Csum.l4Replace16(b, l4 + portCsumOff, oldPort, newPort, csumFlags);
        if (l4 + portOff + 2 > end) {
          return DROP_WRITE_ERROR;
        }
        Csum.put16(b, l4 + portOff, newPort);
      }
      if (csumOff != 0) {
        if (l4 + csumOff + 2 > end) {
          return DROP_CSUM_L4;
        }
        Csum.l4ReplaceByDiff(b, l4 + csumOff, sum, csumFlags | Csum.BPF_F_PSEUDO_HDR);
      }
    }
    if (l3 + Ipv4.CHECK + 2 > end) {
      return DROP_CSUM_L3;
    }
    Csum.l3ReplaceByDiff(b, l3 + Ipv4.CHECK, sum);
    return 0;
  }

  /**
   * Models: bpf/lib/nat.h snat_v4_nat (v1.16): SNATs the packet whose IPv4 header is at {@code l3}
   * to {@code target}. TCP and UDP use their ports; an ICMP echo request uses its id (clamped to
   * the port range in 1.16); echo replies and non-TCP/UDP/ICMP protocols are punted; a frag-needed
   * error is translated through its embedded packet; other ICMP types drop with
   * DROP_NAT_UNSUPP_PROTO. {@code tuple} receives the NAT tuple (packet order).
   */
  public int nat(NodeContext ctx, Skb skb, int l3, Tuple4 tuple, NatTarget target, TraceCtx trace) {
    byte[] b = skb.data();
    int end = skb.off() + skb.len();
    int l4 = l3 + Ipv4.hdrLen(b, l3);
    boolean fragment = Ipv4.isFragment(b, l3);
    boolean hasL4 = !Ipv4.isNotFirstFragment(b, l3);
    tuple.set(Ipv4.daddr(b, l3), Ipv4.saddr(b, l3), 0, 0, Ipv4.protocol(b, l3), NAT_DIR_EGRESS);
    int portOff;
    switch (tuple.nexthdr) {
      case Ipv4.IPPROTO_TCP:
      case Ipv4.IPPROTO_UDP:
        if (fragment) {
          return DropReason.DROP_FRAG_NOSUPPORT.bpfValue();
        }
        if (l4 + 4 > end) {
          return DROP_INVALID;
        }
        tuple.sport = Csum.get16(b, l4);
        tuple.dport = Csum.get16(b, l4 + 2);
        portOff = Tcp.SPORT;
        if (canSkip(target, tuple)) {
          return NAT_PUNT_TO_STACK;
        }
        break;
      case Ipv4.IPPROTO_ICMP:
        if (fragment) {
          return DROP_INVALID;
        }
        if (l4 + Icmp4.HLEN > end) {
          return DROP_INVALID;
        }
        switch (Icmp4.type(b, l4)) {
          case Icmp4.ICMP_ECHO:
            tuple.dport = 0;
            tuple.sport = Icmp4.id(b, l4);
            portOff = Icmp4.ID;
            if (version.icmpEchoIdUnclamped()) {
              target.minPort = 0;
              target.maxPort = 0xffff;
            }
            break;
          case Icmp4.ICMP_ECHOREPLY:
            return NAT_PUNT_TO_STACK;
          case Icmp4.ICMP_DEST_UNREACH:
            if (Icmp4.code(b, l4) != Icmp4.ICMP_FRAG_NEEDED) {
              return DropReason.DROP_UNKNOWN_ICMP_CODE.bpfValue();
            }
            return natHandleIcmpFragNeeded(b, end, l3, l4);
          default:
            return DropReason.DROP_NAT_UNSUPP_PROTO.bpfValue();
        }
        break;
      default:
        return NAT_PUNT_TO_STACK;
    }
    int ret = natHandleMapping(ctx, b, l4, end, skb.len(), hasL4, tuple, target, trace);
    if (ret < 0) {
      return ret;
    }
    return rewriteHeaders(
        b,
        end,
        tuple.nexthdr,
        l3,
        hasL4,
        l4,
        tuple.saddr,
        stateAddr,
        Ipv4.SADDR,
        tuple.sport,
        statePort,
        portOff);
  }

  /**
   * {@code snat_v4_nat_can_skip}: never for egress gateway traffic; otherwise skip sources that are
   * not local endpoints and use a port below NAT_MIN_EGRESS (= the SNAT range minimum).
   */
  boolean canSkip(NatTarget target, Tuple4 tuple) {
    if (target.egressGateway) {
      return false;
    }
    return !target.fromLocalEndpoint && tuple.sport < cfg.snatMinPort();
  }

  /**
   * Models: bpf/lib/nat.h snat_v4_nat_handle_icmp_frag_needed (v1.16): a frag-needed error leaving
   * the node about a packet it received; the embedded packet's destination (the local endpoint) is
   * translated with the connection's SNAT entry, then the outer source. As upstream until 2026
   * (cilium/cilium#48086), the outer ICMP checksum is not adjusted for the embedded changes.
   */
  int natHandleIcmpFragNeeded(byte[] b, int end, int l3, int l4) {
    int innerL3 = l4 + Icmp4.HLEN;
    if (innerL3 + Ipv4.MIN_HLEN > end) {
      return DROP_INVALID;
    }
    Tuple4 t = inner;
    t.set(Ipv4.saddr(b, innerL3), Ipv4.daddr(b, innerL3), 0, 0, 0, NAT_DIR_EGRESS);
    t.nexthdr = Ipv4.protocol(b, innerL3);
    int icmpoff = innerL3 + Ipv4.hdrLen(b, innerL3);
    int portOff;
    switch (t.nexthdr) {
      case Ipv4.IPPROTO_TCP:
      case Ipv4.IPPROTO_UDP:
        if (icmpoff + 4 > end) {
          return DROP_INVALID;
        }
        // l4_load_ports into &tuple.dport: dport = inner sport, sport = inner dport
        t.dport = Csum.get16(b, icmpoff);
        t.sport = Csum.get16(b, icmpoff + 2);
        portOff = Tcp.DPORT;
        break;
      case Ipv4.IPPROTO_ICMP:
        if (icmpoff + Icmp4.HLEN > end) {
          return DROP_INVALID;
        }
        switch (Icmp4.type(b, icmpoff)) {
          case Icmp4.ICMP_ECHO:
            return NAT_PUNT_TO_STACK;
          case Icmp4.ICMP_ECHOREPLY:
            portOff = Icmp4.ID;
            break;
          default:
            return DropReason.DROP_UNKNOWN_ICMP_CODE.bpfValue();
        }
        t.sport = Icmp4.id(b, icmpoff);
        break;
      default:
        return DROP_UNKNOWN_L4;
    }
    int sid = map.lookup(t.k0(), t.k1());
    if (sid < 0) {
      return NAT_PUNT_TO_STACK;
    }
    int toAddr = map.addr(sid);
    int toPort = map.port(sid);
    int ret =
        rewriteHeaders(
            b,
            end,
            t.nexthdr,
            innerL3,
            true,
            icmpoff,
            t.saddr,
            toAddr,
            Ipv4.DADDR,
            t.sport,
            toPort,
            portOff);
    if (ret < 0) {
      return ret;
    }
    return rewriteHeaders(
        b, end, Ipv4.IPPROTO_ICMP, l3, true, l4, t.saddr, toAddr, Ipv4.SADDR, 0, 0, 0);
  }

  /**
   * Models: bpf/lib/nat.h snat_v4_rev_nat (v1.16): reverse-translates a packet arriving for a SNAT
   * address. TCP/UDP destination ports outside [min, max] are punted; ICMP echo replies use their
   * id; a frag-needed error is translated through its embedded packet (other ICMP is punted).
   *
   * @return 0, NAT_PUNT_TO_STACK, DROP_NAT_NO_MAPPING (callers recircle both) or another drop
   */
  public int revNat(NodeContext ctx, Skb skb, int l3, NatTarget target, TraceCtx trace) {
    byte[] b = skb.data();
    int end = skb.off() + skb.len();
    int l4 = l3 + Ipv4.hdrLen(b, l3);
    boolean fragment = Ipv4.isFragment(b, l3);
    boolean hasL4 = !Ipv4.isNotFirstFragment(b, l3);
    Tuple4 tuple = inner;
    tuple.set(Ipv4.daddr(b, l3), Ipv4.saddr(b, l3), 0, 0, Ipv4.protocol(b, l3), NAT_DIR_INGRESS);
    int portOff;
    switch (tuple.nexthdr) {
      case Ipv4.IPPROTO_TCP:
      case Ipv4.IPPROTO_UDP:
        if (fragment) {
          return DropReason.DROP_FRAG_NOSUPPORT.bpfValue();
        }
        if (l4 + 4 > end) {
          return DROP_INVALID;
        }
        tuple.sport = Csum.get16(b, l4);
        tuple.dport = Csum.get16(b, l4 + 2);
        portOff = Tcp.DPORT;
        if (tuple.dport < target.minPort || tuple.dport > target.maxPort) {
          return NAT_PUNT_TO_STACK; // snat_v4_rev_nat_can_skip
        }
        break;
      case Ipv4.IPPROTO_ICMP:
        if (fragment || l4 + Icmp4.HLEN > end) {
          return DROP_INVALID;
        }
        switch (Icmp4.type(b, l4)) {
          case Icmp4.ICMP_ECHOREPLY:
            tuple.dport = Icmp4.id(b, l4);
            tuple.sport = 0;
            portOff = Icmp4.ID;
            break;
          case Icmp4.ICMP_DEST_UNREACH:
            if (Icmp4.code(b, l4) != Icmp4.ICMP_FRAG_NEEDED) {
              return NAT_PUNT_TO_STACK;
            }
            return revNatIcmpFragNeeded(b, end, l3, l4, tuple);
          default:
            return NAT_PUNT_TO_STACK;
        }
        break;
      default:
        return NAT_PUNT_TO_STACK;
    }
    int ret = revNatHandleMapping(ctx, b, l4, end, skb.len(), hasL4, tuple, trace);
    if (ret < 0) {
      return ret;
    }
    return rewriteHeaders(
        b,
        end,
        tuple.nexthdr,
        l3,
        hasL4,
        l4,
        tuple.daddr,
        stateAddr,
        Ipv4.DADDR,
        tuple.dport,
        statePort,
        portOff);
  }

  /**
   * Models: bpf/lib/nat.h snat_v4_rev_nat_handle_icmp_frag_needed (v1.16): a frag-needed error
   * addressed to the SNAT address about a packet the node SNATed; the embedded packet's source is
   * restored to the endpoint (address and port), then the outer destination. As upstream until 1.19
   * (cilium/cilium#40827, fixed by #43196), the outer ICMP checksum is left as it was, so it no
   * longer verifies after the embedded rewrite; and a TCP error embedding only 8 bytes of the TCP
   * header fails the inner checksum update with DROP_CSUM_L4 (cilium/cilium#33844).
   */
  int revNatIcmpFragNeeded(byte[] b, int end, int l3, int l4, Tuple4 outer) {
    int innerL3 = l4 + Icmp4.HLEN;
    if (innerL3 + Ipv4.MIN_HLEN > end) {
      return DROP_INVALID;
    }
    Tuple4 t = rtuple;
    t.set(Ipv4.saddr(b, innerL3), Ipv4.daddr(b, innerL3), 0, 0, 0, NAT_DIR_INGRESS);
    t.nexthdr = Ipv4.protocol(b, innerL3);
    int icmpoff = innerL3 + Ipv4.hdrLen(b, innerL3);
    int portOff;
    switch (t.nexthdr) {
      case Ipv4.IPPROTO_TCP:
      case Ipv4.IPPROTO_UDP:
        if (icmpoff + 4 > end) {
          return DROP_INVALID;
        }
        t.dport = Csum.get16(b, icmpoff);
        t.sport = Csum.get16(b, icmpoff + 2);
        portOff = Tcp.SPORT;
        break;
      case Ipv4.IPPROTO_ICMP:
        if (icmpoff + Icmp4.HLEN > end) {
          return DROP_INVALID;
        }
        switch (Icmp4.type(b, icmpoff)) {
          case Icmp4.ICMP_ECHO:
            portOff = Icmp4.ID;
            break;
          case Icmp4.ICMP_ECHOREPLY:
            return NAT_PUNT_TO_STACK;
          default:
            return DropReason.DROP_UNKNOWN_ICMP_CODE.bpfValue();
        }
        t.dport = Icmp4.id(b, icmpoff);
        break;
      default:
        return NAT_PUNT_TO_STACK;
    }
    int sid = map.lookup(t.k0(), t.k1());
    if (sid < 0) {
      return NAT_PUNT_TO_STACK;
    }
    stateAddr = map.addr(sid);
    statePort = map.port(sid);
    int ret =
        rewriteHeaders(
            b,
            end,
            t.nexthdr,
            innerL3,
            true,
            icmpoff,
            t.daddr,
            stateAddr,
            Ipv4.SADDR,
            t.dport,
            statePort,
            portOff);
    if (ret < 0) {
      return ret;
    }
    // outer: only the destination address, no port (old_port == new_port == 0)
    return rewriteHeaders(
        b, end, Ipv4.IPPROTO_ICMP, l3, true, l4, outer.daddr, stateAddr, Ipv4.DADDR, 0, 0, 0);
  }

  /**
   * {@code nat.DeleteMapping4} (pkg/maps/nat): deletes the SNAT entry matching a CT key of an OUT
   * connection (addresses swapped into packet order) and its RevSNAT partner. Returns how many
   * entries were deleted.
   */
  public int deleteMapping4(long ctK0, long ctK1) {
    Tuple4 t = inner.fromKey(ctK0, ctK1);
    t.swapAddrs();
    t.flags = NAT_DIR_EGRESS;
    int sid = map.find(t);
    if (sid < 0) {
      return 0;
    }
    Tuple4 r = rtuple;
    r.set(map.addr(sid), t.daddr, map.port(sid), t.dport, t.nexthdr, NAT_DIR_INGRESS);
    map.deleteId(sid);
    int n = 1;
    if (map.delete(r.k0(), r.k1())) {
      n++;
    }
    return n;
  }
}
