package dev.egret.scenarios.output;

import dev.egret.datapath.monitor.DropReason;
import dev.egret.datapath.monitor.TraceObservationPoint;
import dev.egret.datapath.monitor.TraceReason;
import dev.egret.scenarios.record.EndpointInfo;
import dev.egret.scenarios.record.FlowRecord;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Encodes a {@link FlowRecord} as one line of {@code hubble observe -o json}: an {@code
 * observer.GetFlowsResponse} ({@code api/v1/observer/observer.proto}) marshalled by protojson with
 * {@code UseProtoNames} and compacted by Go's {@code json.Encoder} (hubble/pkg/printer/printer.go),
 * i.e. {@code {"flow":{…},"node_name":"default/<node>", "time":"…"}} and a newline.
 *
 * <p>The flow ({@code api/v1/flow/flow.proto}, Cilium v1.16) has its fields in declaration order,
 * which is protojson's order: time, uuid, verdict, drop_reason, ethernet, IP (source,
 * source_xlated, destination, ipVersion, encrypted), l4 (TCP {source_port, destination_port,
 * flags}, UDP, ICMPv4 {type, code}), source, destination (ID, identity, cluster_name, namespace,
 * labels, pod_name, workloads), Type, node_name, reply, event_type (type, sub_type),
 * traffic_direction, trace_observation_point, trace_reason, drop_reason_desc, is_reply, interface
 * (index, name), Summary. Zero and empty scalars are left out; set messages are written even when
 * empty ({@code "source":{}}); enums by name; {@code is_reply} is a BoolValue, so {@code false} is
 * written when set. The values are derived as pkg/hubble/parser/threefour/parser.go does (see
 * {@link HubbleFields}); {@code uuid} is deterministic ({@link HubbleFields#appendUuid}).
 *
 * <p>Not written, because a run has no such data: node_labels, source_names/destination_names,
 * services, policy correlation ({@code egress_allowed_by}…), and the 1.17+ fields (emitter, file,
 * ip_trace_id). Endpoints of pods carry {@code cluster_name: "default"}.
 *
 * <p>Not thread-safe: it reuses one buffer and one decoded frame, so a line allocates little more
 * than its strings.
 */
public final class HubbleFlowEncoder {
  /** {@code IPVersion.IPv4}. */
  static final String IPV4 = "IPv4";

  /** {@code FlowType.L3_L4}. */
  static final String L3_L4 = "L3_L4";

  private static final int INITIAL_CAPACITY = 1024;

  /** Flag names by bit: the TCP header's 8 bits, then NS ({@link DecodedFrame#TCP_NS}). */
  private static final String[] TCP_FLAG_NAMES = {
    "FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR", "NS"
  };

  private final long uuidSeed;
  private final StringBuilder sb = new StringBuilder(INITIAL_CAPACITY);
  private final CompactJson json = new CompactJson(sb);
  private final DecodedFrame frame = new DecodedFrame();

  /** The timestamp of the flow being encoded, quoted; built once, written twice. */
  private final StringBuilder time = new StringBuilder(40);

  /** The whole-second part of the last timestamp: flows cluster within seconds. */
  private final StringBuilder lastDateTime = new StringBuilder(20);

  private long lastSecond = Long.MIN_VALUE;

  /**
   * @param uuidSeed the seed the flow UUIDs derive from (the scenario's seed): equal seeds and flow
   *     indexes give equal UUIDs
   */
  public HubbleFlowEncoder(long uuidSeed) {
    this.uuidSeed = uuidSeed;
  }

  /** The line for flow number {@code index} (0-based, in emission order), newline included. */
  public String encode(FlowRecord r, long index) {
    build(r, index);
    return sb.toString();
  }

  /** Writes the line for flow number {@code index} to {@code out}, newline included. */
  public void write(FlowRecord r, long index, Writer out) throws IOException {
    build(r, index);
    out.append(sb);
  }

  private void build(FlowRecord r, long index) {
    sb.setLength(0);
    byte[] bytes = r.frame();
    frame.decode(bytes, 0, bytes == null ? 0 : bytes.length);
    String nodeName = HubbleFields.nodeName(r.node());
    buildTime(r.timeNanos());
    CompactJson j = json.reset();
    j.beginObject().name("flow");
    writeFlow(j, r, index, nodeName);
    j.field("node_name", nodeName);
    j.name("time").rawValue().append(time);
    j.endObject();
    sb.append('\n');
  }

  private void writeFlow(CompactJson j, FlowRecord r, long index, String nodeName) {
    j.beginObject();
    j.name("time").rawValue().append(time);
    j.name("uuid");
    StringBuilder raw = j.rawValue();
    raw.append('"');
    HubbleFields.appendUuid(raw, uuidSeed, index);
    raw.append('"');
    j.field("verdict", HubbleFields.verdict(r));
    DropReason drop = r.isDrop() ? r.dropReason() : null;
    if (drop != null && drop.code() != 0) {
      j.field("drop_reason", drop.code());
    }
    writeEthernet(j);
    writeIp(j, r);
    writeL4(j);
    j.name("source");
    writeEndpoint(j, r.source());
    j.name("destination");
    writeEndpoint(j, r.destination());
    j.field("Type", L3_L4);
    j.field("node_name", nodeName);
    Boolean isReply = HubbleFields.isReply(r);
    if (Boolean.TRUE.equals(isReply)) {
      j.field("reply", true); // the deprecated bool mirrors is_reply (false is omitted)
    }
    writeEventType(j, r);
    String direction = HubbleFields.trafficDirection(r);
    if (direction != null) {
      j.field("traffic_direction", direction);
    }
    if (!r.isDrop() && r.point() != null) {
      // parser.go: datapath 0 (TRACE_TO_LXC) is shown as TO_ENDPOINT
      j.field("trace_observation_point", r.point().hubbleName());
    }
    String reason = HubbleFields.traceReasonName(r);
    if (reason != null) {
      j.field("trace_reason", reason);
    }
    if (drop != null && drop.code() != 0) {
      j.field("drop_reason_desc", drop.hubbleName());
    }
    if (isReply != null) {
      j.field("is_reply", isReply.booleanValue());
    }
    if (!r.isDrop() && r.ifindex() != 0) {
      j.name("interface").beginObject().field("index", r.ifindex() & 0xffffffffL);
      if (r.ifname() != null && !r.ifname().isEmpty()) {
        j.field("name", r.ifname());
      }
      j.endObject();
    }
    String summary = HubbleFields.summary(frame);
    if (!summary.isEmpty()) {
      j.field("Summary", summary);
    }
    j.endObject();
  }

  private void writeEthernet(CompactJson j) {
    if (!frame.hasEthernet()) {
      return;
    }
    j.name("ethernet").beginObject();
    mac(j, "source", frame.srcMac);
    mac(j, "destination", frame.dstMac);
    j.endObject();
  }

  private void writeIp(CompactJson j, FlowRecord r) {
    if (!frame.hasIpv4()) {
      return;
    }
    j.name("IP").beginObject();
    ip(j, "source", HubbleFields.sourceIp(r, frame));
    if (HubbleFields.hasSourceXlated(r, frame)) {
      ip(j, "source_xlated", frame.saddr);
    }
    ip(j, "destination", frame.daddr);
    j.field("ipVersion", IPV4);
    if (!r.isDrop() && (r.traceReason() & TraceReason.ENCRYPTED) != 0) {
      j.field("encrypted", true);
    }
    j.endObject();
  }

  private void writeL4(CompactJson j) {
    switch (frame.layer) {
      case TCP:
        j.name("l4").beginObject().name("TCP").beginObject();
        ports(j);
        j.name("flags").beginObject();
        tcpFlags(j, frame.tcpFlags);
        j.endObject().endObject().endObject();
        break;
      case UDP:
        j.name("l4").beginObject().name("UDP").beginObject();
        ports(j);
        j.endObject().endObject();
        break;
      case ICMPV4:
        j.name("l4").beginObject().name("ICMPv4").beginObject();
        if (frame.icmpType != 0) {
          j.field("type", frame.icmpType);
        }
        if (frame.icmpCode != 0) {
          j.field("code", frame.icmpCode);
        }
        j.endObject().endObject();
        break;
      default:
        break;
    }
  }

  private void ports(CompactJson j) {
    if (frame.sport != 0) {
      j.field("source_port", frame.sport);
    }
    if (frame.dport != 0) {
      j.field("destination_port", frame.dport);
    }
  }

  /** {@code TCPFlags} in declaration order: FIN, SYN, RST, PSH, ACK, URG, ECE, CWR, NS. */
  private static void tcpFlags(CompactJson j, int flags) {
    for (int bit = 0; bit < TCP_FLAG_NAMES.length; bit++) {
      if ((flags & (1 << bit)) != 0) {
        j.field(TCP_FLAG_NAMES[bit], true);
      }
    }
  }

  private static void writeEndpoint(CompactJson j, EndpointInfo e) {
    j.beginObject();
    if (e != null) {
      if (e.id() != 0) {
        j.field("ID", e.id() & 0xffffffffL);
      }
      if (e.identity() != 0) {
        j.field("identity", e.identity() & 0xffffffffL);
      }
      if (e.podName() != null && !e.podName().isEmpty()) {
        j.field("cluster_name", HubbleFields.CLUSTER_NAME);
      }
      if (e.namespace() != null && !e.namespace().isEmpty()) {
        j.field("namespace", e.namespace());
      }
      List<String> labels = e.labels();
      if (labels != null && !labels.isEmpty()) {
        j.name("labels").beginArray();
        for (String l : labels) {
          j.value(l);
        }
        j.endArray();
      }
      if (e.podName() != null && !e.podName().isEmpty()) {
        j.field("pod_name", e.podName());
      }
      if (e.workloadName() != null || e.workloadKind() != null) {
        j.name("workloads").beginArray().beginObject();
        if (e.workloadName() != null && !e.workloadName().isEmpty()) {
          j.field("name", e.workloadName());
        }
        if (e.workloadKind() != null && !e.workloadKind().isEmpty()) {
          j.field("kind", e.workloadKind());
        }
        j.endObject().endArray();
      }
    }
    j.endObject();
  }

  /** {@code event_type}: type 1 (drop, sub_type = code) or 4 (trace, sub_type = point value). */
  private static void writeEventType(CompactJson j, FlowRecord r) {
    int subType;
    if (r.isDrop()) {
      subType = r.dropReason() == null ? 0 : r.dropReason().code();
    } else {
      TraceObservationPoint p = r.point();
      subType = p == null ? 0 : p.value();
    }
    j.name("event_type").beginObject();
    if (r.type() != 0) {
      j.field("type", r.type());
    }
    if (subType != 0) {
      j.field("sub_type", subType);
    }
    j.endObject();
  }

  /** {@link HubbleFields#appendTimestamp}, quoted, with the date part cached per second. */
  private void buildTime(long nanos) {
    long second = Math.floorDiv(nanos, HubbleFields.NANOS_PER_SECOND);
    if (second != lastSecond) {
      lastDateTime.setLength(0);
      HubbleFields.appendDateTime(lastDateTime, second);
      lastSecond = second;
    }
    time.setLength(0);
    time.append('"').append(lastDateTime);
    HubbleFields.appendFraction(time, (int) Math.floorMod(nanos, HubbleFields.NANOS_PER_SECOND));
    time.append("Z\"");
  }

  private static void ip(CompactJson j, String name, int ip) {
    StringBuilder raw = j.name(name).rawValue();
    raw.append('"');
    HubbleFields.appendIp(raw, ip);
    raw.append('"');
  }

  private static void mac(CompactJson j, String name, long mac) {
    StringBuilder raw = j.name(name).rawValue();
    raw.append('"');
    HubbleFields.appendMac(raw, mac);
    raw.append('"');
  }
}
