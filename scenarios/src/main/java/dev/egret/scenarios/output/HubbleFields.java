package dev.egret.scenarios.output;

import dev.egret.datapath.monitor.TraceReason;
import dev.egret.datapath.packet.Tcp;
import dev.egret.scenarios.record.EndpointInfo;
import dev.egret.scenarios.record.FlowRecord;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * How Hubble derives a flow's fields from a monitor notification, reproduced from
 * pkg/hubble/parser/threefour/parser.go (Cilium v1.16; reference cilium-datapath.md §8). Shared by
 * the JSON encoder and the compact printer so both say the same thing.
 */
final class HubbleFields {
  /** Cilium's default cluster name, the prefix of every {@code node_name}. */
  static final String CLUSTER_NAME = "default";

  static final String FORWARDED = "FORWARDED";
  static final String DROPPED = "DROPPED";
  static final String EGRESS = "EGRESS";
  static final String INGRESS = "INGRESS";

  static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final int NANOS_PER_MILLI = 1_000_000;
  private static final int NANOS_PER_MICRO = 1_000;

  /** splitmix64's increment (the golden gamma). */
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private static final long UUID_VERSION_MASK = 0xF000L;
  private static final long UUID_VERSION_4 = 0x4000L;
  private static final long UUID_VARIANT_MASK = 0x3FFF_FFFF_FFFF_FFFFL;
  private static final long UUID_VARIANT_RFC4122 = 0x8000_0000_0000_0000L;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** The 9 TCP flag bits (8 header bits and NS). */
  private static final int TCP_FLAG_BITS_MASK = 0x1ff;

  /** {@code "TCP Flags: …"} for every flag combination, as parser.go's tcpSummaryStrings. */
  private static final String[] TCP_SUMMARIES = new String[TCP_FLAG_BITS_MASK + 1];

  static {
    for (int flags = 0; flags <= TCP_FLAG_BITS_MASK; flags++) {
      TCP_SUMMARIES[flags] = "TCP Flags: " + tcpFlags(flags);
    }
  }

  private HubbleFields() {}

  /** {@code node_name}: {@code <cluster-name>/<node-name>}. */
  static String nodeName(String node) {
    return CLUSTER_NAME + "/" + node;
  }

  /** {@code decodeVerdict}: a drop gives DROPPED, a trace FORWARDED. */
  static String verdict(FlowRecord r) {
    return r.isDrop() ? DROPPED : FORWARDED;
  }

  /** The trace reason without the encrypted bit ({@code TraceNotify.TraceReason()}). */
  static int traceReason(FlowRecord r) {
    return r.traceReason() & ~TraceReason.ENCRYPTED;
  }

  /** {@code TraceReasonIsKnown}: a trace whose reason is not UNKNOWN. */
  static boolean traceReasonKnown(FlowRecord r) {
    return !r.isDrop() && traceReason(r) != TraceReason.UNKNOWN;
  }

  /**
   * {@code decodeIsReply}: for a trace with a known reason, whether it is REPLY; absent (null) for
   * encapsulation reasons (SRV6_ENCAP, ENCRYPT_OVERLAY), decapsulation (SRV6_DECAP) and drops.
   */
  static Boolean isReply(FlowRecord r) {
    if (!traceReasonKnown(r)) {
      return null;
    }
    int reason = traceReason(r);
    if (reason == TraceReason.SRV6_ENCAP
        || reason == TraceReason.ENCRYPT_OVERLAY
        || reason == TraceReason.SRV6_DECAP) {
      return null;
    }
    return reason == TraceReason.REPLY;
  }

  /**
   * {@code decodeTrafficDirection}, null when unknown (then omitted):
   *
   * <ul>
   *   <li>a drop with an emitting endpoint ({@code sourceEndpointId != 0}): EGRESS when that
   *       endpoint is the packet's resolved source endpoint, else INGRESS;
   *   <li>a trace with an emitting endpoint and a known reason: EGRESS when (the emitting endpoint
   *       is the resolved source endpoint) XOR (the reason is REPLY), or when the trace carries an
   *       {@code orig_ip4} (SNATed); else INGRESS;
   *   <li>anything else: unknown.
   * </ul>
   */
  static String trafficDirection(FlowRecord r) {
    int eventSource = r.sourceEndpointId();
    if (eventSource == 0) {
      return null;
    }
    int srcEp = r.source() == null ? 0 : r.source().id();
    boolean isSourceEp = (eventSource & 0xffff) == (srcEp & 0xffff);
    if (r.isDrop()) {
      return isSourceEp ? EGRESS : INGRESS;
    }
    if (!traceReasonKnown(r)) {
      return null;
    }
    boolean isReply = traceReason(r) == TraceReason.REPLY;
    if (isSourceEp != isReply || r.origIp4() != 0) {
      return EGRESS;
    }
    return INGRESS;
  }

  /** {@code trace_reason}: Hubble's enum name for a trace, null when TRACE_REASON_UNKNOWN (0). */
  static String traceReasonName(FlowRecord r) {
    if (r.isDrop() || TraceReason.hubbleNumber(r.traceReason()) == 0) {
      return null;
    }
    return TraceReason.hubbleName(r.traceReason());
  }

  /** The address Hubble shows as {@code IP.source}: {@code orig_ip4} when the trace has one. */
  static int sourceIp(FlowRecord r, DecodedFrame f) {
    return !r.isDrop() && r.origIp4() != 0 ? r.origIp4() : f.saddr;
  }

  /**
   * Whether {@code IP.source_xlated} is set: a trace with an {@code orig_ip4} that differs from the
   * header's source (parser.go only moves the header's source there when they differ).
   */
  static boolean hasSourceXlated(FlowRecord r, DecodedFrame f) {
    return !r.isDrop() && r.origIp4() != 0 && r.origIp4() != f.saddr;
  }

  /**
   * {@code Summary}: the last decoded layer's gopacket name, or {@code "TCP Flags: SYN, ACK"}
   * ({@code getTCPFlags} order: SYN, ACK, RST, FIN, PSH, URG, ECE, CWR, NS), or {@code "ICMPv4 "}
   * plus gopacket's {@code ICMPv4TypeCode.String()}.
   */
  static String summary(DecodedFrame f) {
    switch (f.layer) {
      case TCP:
        return TCP_SUMMARIES[f.tcpFlags & TCP_FLAG_BITS_MASK];
      case ICMPV4:
        return "ICMPv4 " + IcmpV4Names.typeCode(f.icmpType, f.icmpCode);
      default:
        return f.layer.gopacketName;
    }
  }

  /** The TCP flags in Hubble's summary order, comma-separated. */
  static String tcpFlags(int flags) {
    StringBuilder sb = new StringBuilder();
    appendFlag(sb, flags, Tcp.SYN, "SYN");
    appendFlag(sb, flags, Tcp.ACK, "ACK");
    appendFlag(sb, flags, Tcp.RST, "RST");
    appendFlag(sb, flags, Tcp.FIN, "FIN");
    appendFlag(sb, flags, Tcp.PSH, "PSH");
    appendFlag(sb, flags, Tcp.URG, "URG");
    appendFlag(sb, flags, Tcp.ECE, "ECE");
    appendFlag(sb, flags, Tcp.CWR, "CWR");
    appendFlag(sb, flags, DecodedFrame.TCP_NS, "NS");
    return sb.toString();
  }

  private static void appendFlag(StringBuilder sb, int flags, int bit, String name) {
    if ((flags & bit) != 0) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(name);
    }
  }

  /**
   * A protojson {@code google.protobuf.Timestamp}: RFC 3339 in UTC with 0, 3, 6 or 9 fractional
   * digits, the fewest that are exact ({@code 1970-01-01T00:00:00Z}, {@code ...00.000000001Z}).
   * Simulated time 0 is the Unix epoch.
   */
  static void appendTimestamp(StringBuilder sb, long nanos) {
    appendDateTime(sb, Math.floorDiv(nanos, NANOS_PER_SECOND));
    appendFraction(sb, (int) Math.floorMod(nanos, NANOS_PER_SECOND));
    sb.append('Z');
  }

  /** {@code 1970-01-01T00:00:00}: the whole-second part of a timestamp, UTC. */
  static void appendDateTime(StringBuilder sb, long epochSeconds) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(epochSeconds, 0, ZoneOffset.UTC);
    appendDigits(sb, t.getYear(), 4);
    sb.append('-');
    appendDigits(sb, t.getMonthValue(), 2);
    sb.append('-');
    appendDigits(sb, t.getDayOfMonth(), 2);
    sb.append('T');
    appendDigits(sb, t.getHour(), 2);
    sb.append(':');
    appendDigits(sb, t.getMinute(), 2);
    sb.append(':');
    appendDigits(sb, t.getSecond(), 2);
  }

  /** protojson's fraction: nothing, or 3, 6 or 9 digits, the fewest that are exact. */
  static void appendFraction(StringBuilder sb, int frac) {
    if (frac == 0) {
      return;
    }
    sb.append('.');
    if (frac % NANOS_PER_MILLI == 0) {
      appendDigits(sb, frac / NANOS_PER_MILLI, 3);
    } else if (frac % NANOS_PER_MICRO == 0) {
      appendDigits(sb, frac / NANOS_PER_MICRO, 6);
    } else {
      appendDigits(sb, frac, 9);
    }
  }

  static String timestamp(long nanos) {
    StringBuilder sb = new StringBuilder(30);
    appendTimestamp(sb, nanos);
    return sb.toString();
  }

  /** Appends {@code value} (0 ≤ value < 10^width) with leading zeros to {@code width} digits. */
  static void appendDigits(StringBuilder sb, int value, int width) {
    int start = sb.length();
    for (int i = 0; i < width; i++) {
      sb.append('0');
    }
    for (int i = sb.length() - 1; i >= start && value > 0; i--) {
      sb.setCharAt(i, (char) ('0' + value % 10));
      value /= 10;
    }
  }

  /** Appends an IPv4 address in dotted quad, without allocating. */
  static void appendIp(StringBuilder sb, int ip) {
    sb.append((ip >>> 24) & 0xff)
        .append('.')
        .append((ip >>> 16) & 0xff)
        .append('.')
        .append((ip >>> 8) & 0xff)
        .append('.')
        .append(ip & 0xff);
  }

  /** Appends a MAC as {@code net.HardwareAddr.String()} does: lower-case hex, colons. */
  static void appendMac(StringBuilder sb, long mac) {
    for (int i = 5; i >= 0; i--) {
      int o = (int) (mac >>> (i * 8)) & 0xff;
      sb.append(HEX[o >> 4]).append(HEX[o & 0xf]);
      if (i > 0) {
        sb.append(':');
      }
    }
  }

  /**
   * A deterministic flow {@code uuid} shaped like Hubble's random (version 4) UUIDs: the 128 bits
   * are splitmix64 of {@code seed + (2i+1)·γ} and {@code seed + (2i+2)·γ} for flow index {@code i},
   * with the version nibble set to 4 and the RFC 4122 variant bits set.
   */
  static void appendUuid(StringBuilder sb, long seed, long index) {
    long hi = mix64(seed + (2 * index + 1) * GOLDEN_GAMMA);
    long lo = mix64(seed + (2 * index + 2) * GOLDEN_GAMMA);
    hi = (hi & ~UUID_VERSION_MASK) | UUID_VERSION_4;
    lo = (lo & UUID_VARIANT_MASK) | UUID_VARIANT_RFC4122;
    appendHex(sb, hi >>> 32, 8);
    sb.append('-');
    appendHex(sb, hi >>> 16, 4);
    sb.append('-');
    appendHex(sb, hi, 4);
    sb.append('-');
    appendHex(sb, lo >>> 48, 4);
    sb.append('-');
    appendHex(sb, lo, 12);
  }

  private static void appendHex(StringBuilder sb, long v, int digits) {
    for (int i = digits - 1; i >= 0; i--) {
      sb.append(HEX[(int) (v >>> (i * 4)) & 0xf]);
    }
  }

  /** splitmix64's finaliser (Steele, Lea, Flood 2014). */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Whether an endpoint would be written as a non-empty object. */
  static boolean isEmpty(EndpointInfo e) {
    return e == null
        || (e.id() == 0
            && e.identity() == 0
            && e.namespace() == null
            && e.podName() == null
            && (e.labels() == null || e.labels().isEmpty())
            && e.workloadName() == null
            && e.workloadKind() == null);
  }
}
