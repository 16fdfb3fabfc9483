package dev.egret.scenarios.output;

import dev.egret.datapath.monitor.DropReason;
import dev.egret.datapath.net.Ip4;
import dev.egret.scenarios.record.EndpointInfo;
import dev.egret.scenarios.record.FlowRecord;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * One flow as {@code hubble observe} prints it by default (the compact output of
 * hubble/pkg/printer/printer.go, with {@code --ip-translation} on and no node name):
 *
 * <pre>
 * Jan  1 00:00:01.000: default/my-app:40112 (ID:51234) -> 198.51.100.10:80 (world) to-overlay FORWARDED (TCP Flags: SYN)
 * </pre>
 *
 * i.e. {@code "%s: %s %s %s %s %s %s %s (%s)"} of: the time in Go's {@code time.StampMilli} layout
 * ({@code Jan _2 15:04:05.000}, UTC, milliseconds truncated); the source as {@code namespace/pod}
 * when it is a pod, else its IP ({@code IP.source}, so the pod after SNAT), with {@code :port} for
 * TCP and UDP; its identity as {@code (ID:n)} or, for a reserved identity, its name ({@code
 * (world)}); the arrow {@code ->}, or {@code <-} with source and destination swapped for a reply,
 * or {@code <>} when Hubble does not know (drops, unknown trace reasons); the destination likewise;
 * the type (the trace point's monitor name such as {@code to-overlay}, or the drop reason's text
 * such as {@code No egress gateway found}); the verdict; and the Summary.
 */
public final class HubbleCompactPrinter {
  private static final String[] MONTHS = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
  };

  /** pkg/identity/numericidentity.go {@code reservedIdentityNames}, by identity. */
  private static final String[] RESERVED_IDENTITY_NAMES = {
    "unknown",
    "host",
    "world",
    "unmanaged",
    "health",
    "init",
    "remote-node",
    "kube-apiserver",
    "ingress",
    "world-ipv4",
    "world-ipv6"
  };

  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final int NANOS_PER_MILLI = 1_000_000;

  private final DecodedFrame frame = new DecodedFrame();

  /** The line for {@code r}, without a newline. Not thread-safe (it reuses a decoded frame). */
  public String format(FlowRecord r) {
    byte[] bytes = r.frame();
    frame.decode(bytes, 0, bytes == null ? 0 : bytes.length);
    String src = host(r.source(), true, r);
    String dst = host(r.destination(), false, r);
    String srcId = identity(r.source());
    String dstId = identity(r.destination());
    Boolean isReply = HubbleFields.isReply(r);
    String arrow = "->";
    if (isReply == null) {
      arrow = "<>";
    } else if (isReply) {
      String t = src;
      src = dst;
      dst = t;
      t = srcId;
      srcId = dstId;
      dstId = t;
      arrow = "<-";
    }
    return stampMilli(r.timeNanos())
        + ": "
        + src
        + " "
        + srcId
        + " "
        + arrow
        + " "
        + dst
        + " "
        + dstId
        + " "
        + flowType(r)
        + " "
        + HubbleFields.verdict(r)
        + " ("
        + HubbleFields.summary(frame)
        + ")";
  }

  /** {@code GetHostNames}/{@code Hostname}: pod name or IP, plus the TCP/UDP port. */
  private String host(EndpointInfo e, boolean source, FlowRecord r) {
    if (!frame.hasIpv4()) {
      if (!frame.hasEthernet()) {
        return "";
      }
      return DecodedFrame.mac(source ? frame.srcMac : frame.dstMac);
    }
    String host;
    if (e != null && e.podName() != null && !e.podName().isEmpty()) {
      String ns = e.namespace() == null ? "" : e.namespace();
      host = ns.isEmpty() ? e.podName() : ns + "/" + e.podName();
    } else {
      host = Ip4.format(source ? HubbleFields.sourceIp(r, frame) : frame.daddr);
    }
    boolean hasPorts =
        frame.layer == DecodedFrame.Layer.TCP || frame.layer == DecodedFrame.Layer.UDP;
    int port = source ? frame.sport : frame.dport;
    return hasPorts && port != 0 ? host + ":" + port : host;
  }

  /** {@code fmtIdentity}: {@code (name)} for a reserved identity, else {@code (ID:n)}. */
  static String identity(EndpointInfo e) {
    int id = e == null ? 0 : e.identity();
    if (id >= 0 && id < RESERVED_IDENTITY_NAMES.length) {
      return "(" + RESERVED_IDENTITY_NAMES[id] + ")";
    }
    return "(ID:" + Integer.toUnsignedString(id) + ")";
  }

  /** {@code GetFlowType}: the trace point's monitor name or the drop reason's text. */
  static String flowType(FlowRecord r) {
    if (r.isDrop()) {
      DropReason d = r.dropReason();
      return d == null || d == DropReason.UNKNOWN ? "0" : d.text();
    }
    return r.point() == null ? "0" : r.point().monitorName();
  }

  /** Go's {@code time.StampMilli} ({@code Jan _2 15:04:05.000}) in UTC. */
  static String stampMilli(long nanos) {
    long seconds = Math.floorDiv(nanos, NANOS_PER_SECOND);
    int millis = (int) (Math.floorMod(nanos, NANOS_PER_SECOND) / NANOS_PER_MILLI);
    LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
    return String.format(
        Locale.ROOT,
        "%s %2d %02d:%02d:%02d.%03d",
        MONTHS[t.getMonthValue() - 1],
        t.getDayOfMonth(),
        t.getHour(),
        t.getMinute(),
        t.getSecond(),
        millis);
  }
}
