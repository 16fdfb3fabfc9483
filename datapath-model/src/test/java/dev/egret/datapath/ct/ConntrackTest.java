package dev.egret.datapath.ct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.datapath.config.DatapathConfig;
import dev.egret.datapath.monitor.MonitorEvent;
import dev.egret.datapath.monitor.Signals;
import dev.egret.datapath.monitor.TraceCtx;
import dev.egret.datapath.net.Ip4;
import dev.egret.datapath.packet.FrameBuilder;
import dev.egret.datapath.packet.Skb;
import dev.egret.datapath.packet.Tcp;
import org.junit.jupiter.api.Test;

/** Conntrack lifetimes, flags and lookups (reference §4.2; bpf/lib/conntrack.h). */
class ConntrackTest {
  static final long SEC = 1_000_000_000L;
  static final int POD = Ip4.parse("10.0.1.23");
  static final int EXT = Ip4.parse("93.184.216.34");

  final Conntrack ct = new Conntrack(DatapathConfig.defaults(), new Signals());
  final TraceCtx trace = new TraceCtx();
  long now = 1000 * SEC;

  /** A lookup as bpf_lxc does it for a packet from the pod (CT_EGRESS) or to it (CT_INGRESS). */
  int lookup(boolean fromPod, int flags, int proto) {
    Skb skb = packet(fromPod, flags, proto);
    byte[] b = skb.data();
    int l3 = skb.off() + 14;
    Tuple4 t = new Tuple4().set(fromPod ? EXT : POD, fromPod ? POD : EXT, 0, 0, proto, 0);
    trace.reset();
    int ret =
        ct.lookup4(
            b,
            l3 + 20,
            skb.off() + skb.len(),
            skb.len(),
            true,
            t,
            fromPod ? Conntrack.CT_EGRESS : Conntrack.CT_INGRESS,
            trace,
            now);
    if (ret == Conntrack.CT_NEW && fromPod) {
      assertEquals(0, ct.create4(ct.mapFor(proto), ct.anyMap(), t, 0, 42, skb.len(), now));
    }
    return ret;
  }

  static Skb packet(boolean fromPod, int flags, int proto) {
    FrameBuilder fb = new FrameBuilder().ipv4(fromPod ? POD : EXT, fromPod ? EXT : POD);
    int sport = fromPod ? 40000 : 443;
    int dport = fromPod ? 443 : 40000;
    if (proto == 6) {
      return fb.writeTcp(new Skb(64), sport, dport, 1, 1, flags, 100);
    }
    return fb.writeUdp(new Skb(64), sport, dport);
  }

  static Tuple4 key(int proto) {
    return new Tuple4().set(POD, EXT, 443, 40000, proto, Tuple4.TUPLE_F_OUT);
  }

  CtEntry entry(int proto) {
    return ct.mapFor(proto).get(key(proto));
  }

  int nowSec() {
    return (int) (now / SEC);
  }

  @Test
  void synOnlyTcpLivesSixtySecondsThenEstablishedEightThousand() {
    assertEquals(Conntrack.CT_NEW, lookup(true, Tcp.SYN, 6));
    CtEntry e = entry(6);
    assertNotNull(e, "created in CT layout: daddr = pod, saddr = external, flags OUT");
    assertEquals(nowSec() + 60, e.lifetime());
    assertFalse(e.seenNonSyn());
    assertEquals(Tcp.SYN, e.txFlagsSeen());
    assertEquals(1, e.packets());
    assertEquals(42, e.srcSecId());
    // a retransmitted SYN keeps the SYN timeout
    now += 3 * SEC;
    assertEquals(Conntrack.CT_ESTABLISHED, lookup(true, Tcp.SYN, 6));
    assertEquals(nowSec() + 60, entry(6).lifetime());
    // the reply direction finds the same entry as REPLY; SYN-ACK still carries SYN
    assertEquals(Conntrack.CT_REPLY, lookup(false, Tcp.SYN | Tcp.ACK, 6));
    assertEquals(nowSec() + 60, entry(6).lifetime());
    // the first packet without SYN: 8000 s from now on
    now += SEC;
    assertEquals(Conntrack.CT_ESTABLISHED, lookup(true, Tcp.ACK, 6));
    e = entry(6);
    assertTrue(e.seenNonSyn());
    assertEquals(nowSec() + 8000, e.lifetime());
    assertEquals(4, e.packets());
    // and SYN flags later do not bring the short timeout back
    assertEquals(Conntrack.CT_REPLY, lookup(false, Tcp.SYN | Tcp.ACK, 6));
    assertEquals(nowSec() + 8000, entry(6).lifetime());
  }

  @Test
  void nonTcpLivesSixtySecondsSinceTheLastPacket() {
    assertEquals(Conntrack.CT_NEW, lookup(true, 0, 17));
    assertEquals(nowSec() + 60, entry(17).lifetime());
    now += 50 * SEC;
    assertEquals(Conntrack.CT_REPLY, lookup(false, 0, 17));
    assertEquals(nowSec() + 60, entry(17).lifetime());
    assertNull(ct.tcpMap().get(key(17)), "non-TCP goes to cilium_ct_any4_global");
    // the RELATED entry for ICMP errors sits in the any map with flags OUT|RELATED
    Tuple4 related =
        new Tuple4().set(POD, EXT, 0, 0, 1, Tuple4.TUPLE_F_OUT | Tuple4.TUPLE_F_RELATED);
    assertNotNull(ct.anyMap().get(related));
  }

  @Test
  void finInBothDirectionsClosesWithTenSeconds() {
    lookup(true, Tcp.SYN, 6);
    lookup(false, Tcp.SYN | Tcp.ACK, 6);
    lookup(true, Tcp.ACK, 6);
    now += SEC;
    assertEquals(Conntrack.CT_ESTABLISHED, lookup(true, Tcp.FIN | Tcp.ACK, 6));
    CtEntry e = entry(6);
    assertTrue(e.txClosing());
    assertFalse(e.rxClosing());
    assertEquals(nowSec() + 8000, e.lifetime(), "one side closing: still alive");
    now += SEC;
    assertEquals(Conntrack.CT_REPLY, lookup(false, Tcp.FIN | Tcp.ACK, 6));
    e = entry(6);
    assertTrue(e.txClosing() && e.rxClosing());
    assertEquals(nowSec() + 10, e.lifetime());
    // the last ACK of a closed entry refreshes nothing
    now += 2 * SEC;
    lookup(true, Tcp.ACK, 6);
    assertEquals(nowSec() - 2 + 10, entry(6).lifetime());
  }

  @Test
  void rstBeforeBothSynsClosesBothDirections() {
    lookup(true, Tcp.SYN, 6);
    assertEquals(Conntrack.CT_REPLY, lookup(false, Tcp.RST | Tcp.ACK, 6));
    CtEntry e = entry(6);
    assertTrue(e.rxClosing() && e.txClosing());
    assertEquals(nowSec() + 10, e.lifetime());
  }

  @Test
  void rstAfterTheHandshakeAlsoClosesBothBecauseOfTheBe32SynConstant() {
    // ct_entry_seen_both_syns tests u8 flags against cpu_to_be32(0x00020000) = 0x200: never true
    lookup(true, Tcp.SYN, 6);
    lookup(false, Tcp.SYN | Tcp.ACK, 6);
    lookup(true, Tcp.ACK, 6);
    assertEquals(Tcp.SYN, entry(6).rxFlagsSeen() & Tcp.SYN);
    assertEquals(Conntrack.CT_ESTABLISHED, lookup(true, Tcp.RST, 6));
    CtEntry e = entry(6);
    assertTrue(e.rxClosing() && e.txClosing());
    assertEquals(nowSec() + 10, e.lifetime());
  }

  @Test
  void synOnAClosingEntryReopensAsNew() {
    lookup(true, Tcp.SYN, 6);
    lookup(false, Tcp.SYN | Tcp.ACK, 6);
    lookup(true, Tcp.ACK, 6);
    lookup(true, Tcp.FIN, 6);
    assertTrue(entry(6).txClosing());
    now += SEC;
    // the same 4-tuple opens again: the closing flags reset and the caller recreates the entry
    assertEquals(Conntrack.CT_NEW, lookup(true, Tcp.SYN, 6));
    CtEntry e = entry(6);
    assertFalse(e.txClosing() || e.rxClosing());
    assertFalse(e.seenNonSyn());
    assertEquals(1, e.packets(), "recreated by ct_create4");
    assertEquals(nowSec() + 60, e.lifetime());
  }

  @Test
  void expiredEntriesStillMatchUntilGc() {
    lookup(true, 0, 17);
    int lifetime = entry(17).lifetime();
    now += 3600 * SEC; // long past the lifetime
    assertTrue(Integer.compareUnsigned(lifetime, nowSec()) < 0);
    assertEquals(Conntrack.CT_ESTABLISHED, lookup(true, 0, 17), "lazy expiry: no check on lookup");
    assertEquals(nowSec() + 60, entry(17).lifetime(), "refreshed instead");
  }

  @Test
  void reportsAreThrottledByFlagsAndInterval() {
    lookup(true, Tcp.SYN, 6);
    assertEquals(MonitorEvent.TRACE_PAYLOAD_LEN, trace.monitor, "new flows are reported");
    lookup(true, Tcp.SYN, 6);
    assertEquals(0, trace.monitor, "same flags, same second");
    lookup(true, Tcp.ACK, 6);
    assertEquals(0, trace.monitor, "ACK is not in CT_REPORT_FLAGS");
    lookup(false, Tcp.SYN | Tcp.ACK, 6);
    assertEquals(MonitorEvent.TRACE_PAYLOAD_LEN, trace.monitor, "first packet of the rx side");
    now += 5 * SEC;
    lookup(true, Tcp.ACK, 6);
    assertEquals(0, trace.monitor, "5 s is not more than CT_REPORT_INTERVAL");
    now += SEC;
    lookup(true, Tcp.ACK, 6);
    assertEquals(MonitorEvent.TRACE_PAYLOAD_LEN, trace.monitor, "6 s since the last report");
    lookup(true, Tcp.FIN, 6);
    assertEquals(MonitorEvent.TRACE_PAYLOAD_LEN, trace.monitor, "close always reports");
  }

  @Test
  void isReplyFindsInboundConnections() {
    // a connection opened towards the pod: ct_create4(CT_INGRESS) stores the IN tuple
    Skb in = packet(false, Tcp.SYN, 6);
    Tuple4 t = new Tuple4().set(POD, EXT, 0, 0, 6, 0);
    int l3 = in.off() + 14;
    assertEquals(
        Conntrack.CT_NEW,
        ct.lookup4(
            in.data(),
            l3 + 20,
            in.off() + in.len(),
            in.len(),
            true,
            t,
            Conntrack.CT_INGRESS,
            trace,
            now));
    ct.create4(ct.tcpMap(), null, t, Conntrack.CT_INGRESS, 0, in.len(), now);
    // the pod's answer (CT layout ports: dport = the packet's source port)
    Tuple4 reply = new Tuple4().set(EXT, POD, 40000, 443, 6, Tuple4.TUPLE_F_OUT);
    assertTrue(ct.isReply4(reply));
    assertEquals(Tuple4.TUPLE_F_OUT, reply.flags, "flags restored");
    assertFalse(ct.isReply4(new Tuple4().set(EXT, POD, 40001, 443, 6, 0)));
  }

  @Test
  void truncatedAndUnknownHeaders() {
    byte[] b = new byte[40];
    Tuple4 t = new Tuple4().set(1, 2, 0, 0, 6, 0);
    assertEquals(-135, Conntrack.extractPorts4(b, 20, 23, true, t));
    t.nexthdr = 47; // GRE
    assertEquals(-137, Conntrack.extractPorts4(b, 20, 40, true, t));
    t.nexthdr = 6;
    // ports present but the flags byte is not
    assertEquals(-135, ct.lookup4(b, 20, 30, 30, true, t, Conntrack.CT_EGRESS, trace, now));
  }
}
