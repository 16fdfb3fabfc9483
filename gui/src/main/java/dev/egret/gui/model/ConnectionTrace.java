package dev.egret.gui.model;

import dev.egret.datapath.net.Ip4;
import dev.egret.datapath.packet.Ipv4;
import dev.egret.datapath.packet.Tcp;
import dev.egret.scenarios.record.FlowRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * The hop-by-hop trace of one connection, from what the run recorded for its tag: each monitor
 * event (node, observation point, interface, addresses before and after SNAT, identities, drop
 * reason), each frame on the underlay, each loss, in time order (at equal times the node's events
 * come before the frame it sends).
 */
public final class ConnectionTrace {
  private ConnectionTrace() {}

  /** The steps of connection {@code tag}. */
  public static List<TraceStep> of(Recording r, long tag) {
    List<FlowRecord> flows = r.flowsOf(tag);
    List<HopEvent> hops = r.hopsOf(tag);
    List<DropEvent> losses = new ArrayList<>();
    for (DropEvent d : r.drops()) {
      if (d.tag() == tag && d.lost()) {
        losses.add(d);
      }
    }
    List<TraceStep> out = new ArrayList<>();
    int f = 0;
    int h = 0;
    int l = 0;
    while (f < flows.size() || h < hops.size() || l < losses.size()) {
      long tf = f < flows.size() ? flows.get(f).timeNanos() : Long.MAX_VALUE;
      long th = h < hops.size() ? hops.get(h).time() : Long.MAX_VALUE;
      long tl = l < losses.size() ? losses.get(l).time() : Long.MAX_VALUE;
      if (tf <= th && tf <= tl) {
        out.add(step(flows.get(f++)));
      } else if (th <= tl) {
        out.add(step(hops.get(h++)));
      } else {
        DropEvent d = losses.get(l++);
        out.add(new TraceStep(d.time(), d.where(), "LOST", d.reason(), TraceStep.Kind.LOST));
      }
    }
    return out;
  }

  static TraceStep step(FlowRecord r) {
    WireFrame w =
        r.frame() == null ? WireFrame.NONE : WireFrame.decode(r.frame(), 0, r.frame().length);
    StringBuilder sb = new StringBuilder(packet(w));
    if (w.tunnel()) {
      sb.append(" in tunnel ")
          .append(Ip4.format(w.outerSrc()))
          .append(" → ")
          .append(Ip4.format(w.outerDst()));
    }
    if (r.origIp4() != 0) {
      sb.append(", SNAT: source was ").append(Ip4.format(r.origIp4()));
    }
    if (r.ifname() != null && !r.ifname().isEmpty()) {
      sb.append(", ").append(r.ifname());
    }
    sb.append(", identity ").append(r.srcIdentity()).append(" → ").append(r.dstIdentity());
    if (r.isDrop()) {
      String reason = r.dropReason() == null ? "?" : r.dropReason().hubbleName();
      return new TraceStep(r.timeNanos(), r.node(), "DROP " + reason, sb.toString(), kindOf(r));
    }
    String what = r.point() == null ? r.program() : r.point().monitorName();
    return new TraceStep(r.timeNanos(), r.node(), what, sb.toString(), TraceStep.Kind.TRACE);
  }

  private static TraceStep.Kind kindOf(FlowRecord r) {
    return r.isDrop() ? TraceStep.Kind.DROP : TraceStep.Kind.TRACE;
  }

  static TraceStep step(HopEvent h) {
    String detail =
        h.fromDevice()
            + " → "
            + h.to()
            + " ("
            + Times.duration(h.delay())
            + "): "
            + packet(h.frame())
            + (h.frame().tunnel()
                ? " in tunnel "
                    + Ip4.format(h.frame().outerSrc())
                    + " → "
                    + Ip4.format(h.frame().outerDst())
                : "");
    return new TraceStep(h.time(), h.from(), "wire", detail, TraceStep.Kind.WIRE);
  }

  /** e.g. {@code 10.0.0.2:55122 → 198.51.100.10:80 TCP SYN}. */
  public static String packet(WireFrame w) {
    if (w.src() == 0 && w.dst() == 0) {
      return "(not IPv4)";
    }
    String proto =
        switch (w.proto()) {
          case Ipv4.IPPROTO_TCP -> "TCP " + tcpFlags(w.tcpFlags());
          case Ipv4.IPPROTO_UDP -> "UDP";
          case Ipv4.IPPROTO_ICMP -> "ICMP";
          default -> "proto " + w.proto();
        };
    return endpoint(w.src(), w.sport()) + " → " + endpoint(w.dst(), w.dport()) + " " + proto;
  }

  private static String endpoint(int ip, int port) {
    return Ip4.format(ip) + (port == 0 ? "" : ":" + port);
  }

  /** TCP flags as tcpdump names them, e.g. {@code SYN,ACK}. */
  static String tcpFlags(int flags) {
    StringBuilder sb = new StringBuilder();
    String[] names = {"FIN", "SYN", "RST", "PSH", "ACK", "URG"};
    int[] bits = {Tcp.FIN, Tcp.SYN, Tcp.RST, Tcp.PSH, Tcp.ACK, Tcp.URG};
    for (int i = 0; i < bits.length; i++) {
      if ((flags & bits[i]) != 0) {
        sb.append(sb.length() == 0 ? "" : ",").append(names[i]);
      }
    }
    return sb.toString();
  }
}
