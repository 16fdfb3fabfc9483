package dev.egret.scenarios.output;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.egret.datapath.monitor.TraceObservationPoint;
import dev.egret.datapath.monitor.TraceReason;
import dev.egret.datapath.packet.Eth;
import dev.egret.datapath.packet.Icmp4;
import dev.egret.datapath.packet.Ipv4;
import dev.egret.datapath.packet.Tcp;
import dev.egret.scenarios.record.EndpointInfo;
import dev.egret.scenarios.record.FlowRecord;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Parses every line as JSON, as {@code jq} or a log shipper would, and checks the fields Hubble
 * users filter on (reference cilium-datapath.md §8).
 */
class HubbleFlowEncoderTest {
  private static final Pattern UUID_V4 =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

  private final ObjectMapper json = new ObjectMapper();
  private final HubbleFlowEncoder encoder = new HubbleFlowEncoder(7);

  private JsonNode line(FlowRecord r, long index) throws IOException {
    String text = encoder.encode(r, index);
    assertTrue(text.endsWith("\n"), "one line per flow");
    assertEquals(text.length() - 1, text.indexOf('\n'), "exactly one line");
    return json.readTree(text);
  }

  @Test
  void sourceNodeToOverlayTrace() throws IOException {
    JsonNode res = line(Flows.toOverlay(), 0);
    assertEquals(List.of("flow", "node_name", "time"), names(res));
    assertEquals("default/worker-1", res.get("node_name").asText());
    assertEquals("1970-01-01T00:00:00.000000001Z", res.get("time").asText());

    JsonNode f = res.get("flow");
    assertEquals(
        List.of(
            "time",
            "uuid",
            "verdict",
            "ethernet",
            "IP",
            "l4",
            "source",
            "destination",
            "Type",
            "node_name",
            "event_type",
            "traffic_direction",
            "trace_observation_point",
            "trace_reason",
            "is_reply",
            "interface",
            "Summary"),
        names(f));
    assertEquals("1970-01-01T00:00:00.000000001Z", f.get("time").asText());
    assertTrue(UUID_V4.matcher(f.get("uuid").asText()).matches(), f.get("uuid").asText());
    assertEquals("FORWARDED", f.get("verdict").asText());
    assertEquals("0a:58:0a:00:01:17", f.at("/ethernet/source").asText());
    assertEquals("0a:58:0a:00:01:01", f.at("/ethernet/destination").asText());
    assertEquals("10.0.1.23", f.at("/IP/source").asText());
    assertTrue(f.at("/IP/source_xlated").isMissingNode());
    assertEquals("93.184.216.34", f.at("/IP/destination").asText());
    assertEquals("IPv4", f.at("/IP/ipVersion").asText());
    assertEquals(40112, f.at("/l4/TCP/source_port").asInt());
    assertEquals(443, f.at("/l4/TCP/destination_port").asInt());
    assertEquals(List.of("SYN"), names(f.at("/l4/TCP/flags")));
    assertTrue(f.at("/l4/TCP/flags/SYN").asBoolean());
    assertEquals(1234, f.at("/source/ID").asInt());
    assertEquals(51234, f.at("/source/identity").asInt());
    assertEquals("default", f.at("/source/namespace").asText());
    assertEquals("client-abc", f.at("/source/pod_name").asText());
    assertEquals(
        List.of("k8s:app=client", "k8s:io.kubernetes.pod.namespace=default"),
        strings(f.at("/source/labels")));
    assertEquals("client", f.at("/source/workloads/0/name").asText());
    assertEquals("Deployment", f.at("/source/workloads/0/kind").asText());
    assertEquals(List.of("identity", "labels"), names(f.get("destination")));
    assertEquals(2, f.at("/destination/identity").asInt());
    assertEquals(List.of("reserved:world"), strings(f.at("/destination/labels")));
    assertEquals("L3_L4", f.get("Type").asText());
    assertEquals("default/worker-1", f.get("node_name").asText());
    assertEquals(4, f.at("/event_type/type").asInt());
    assertEquals(4, f.at("/event_type/sub_type").asInt());
    assertEquals("EGRESS", f.get("traffic_direction").asText());
    assertEquals("TO_OVERLAY", f.get("trace_observation_point").asText());
    assertEquals("NEW", f.get("trace_reason").asText());
    assertTrue(f.get("is_reply").isBoolean());
    assertFalse(f.get("is_reply").asBoolean());
    assertTrue(f.get("reply") == null, "the deprecated reply is omitted when false");
    assertEquals(7, f.at("/interface/index").asInt());
    assertEquals("cilium_vxlan", f.at("/interface/name").asText());
    assertEquals("TCP Flags: SYN", f.get("Summary").asText());
  }

  @Test
  void exampleOneIsByteForByteWhatHubblePrints() {
    String uuid = encoder.encode(Flows.toOverlay(), 0).split("\"uuid\":\"")[1].substring(0, 36);
    String expected =
        "{\"flow\":{\"time\":\"1970-01-01T00:00:00.000000001Z\",\"uuid\":\""
            + uuid
            + "\",\"verdict\":\"FORWARDED\","
            + "\"ethernet\":{\"source\":\"0a:58:0a:00:01:17\",\"destination\":\"0a:58:0a:00:01:01\"},"
            + "\"IP\":{\"source\":\"10.0.1.23\",\"destination\":\"93.184.216.34\","
            + "\"ipVersion\":\"IPv4\"},"
            + "\"l4\":{\"TCP\":{\"source_port\":40112,\"destination_port\":443,"
            + "\"flags\":{\"SYN\":true}}},"
            + "\"source\":{\"ID\":1234,\"identity\":51234,\"cluster_name\":\"default\","
            + "\"namespace\":\"default\","
            + "\"labels\":[\"k8s:app=client\",\"k8s:io.kubernetes.pod.namespace=default\"],"
            + "\"pod_name\":\"client-abc\","
            + "\"workloads\":[{\"name\":\"client\",\"kind\":\"Deployment\"}]},"
            + "\"destination\":{\"identity\":2,\"labels\":[\"reserved:world\"]},"
            + "\"Type\":\"L3_L4\",\"node_name\":\"default/worker-1\","
            + "\"event_type\":{\"type\":4,\"sub_type\":4},\"traffic_direction\":\"EGRESS\","
            + "\"trace_observation_point\":\"TO_OVERLAY\",\"trace_reason\":\"NEW\","
            + "\"is_reply\":false,\"interface\":{\"index\":7,\"name\":\"cilium_vxlan\"},"
            + "\"Summary\":\"TCP Flags: SYN\"},"
            + "\"node_name\":\"default/worker-1\",\"time\":\"1970-01-01T00:00:00.000000001Z\"}\n";
    assertEquals(expected, encoder.encode(Flows.toOverlay(), 0));
  }

  @Test
  void noEgressGatewayDrop() throws IOException {
    JsonNode f = line(Flows.noEgressGateway(), 1).get("flow");
    assertEquals(
        List.of(
            "time",
            "uuid",
            "verdict",
            "drop_reason",
            "ethernet",
            "IP",
            "l4",
            "source",
            "destination",
            "Type",
            "node_name",
            "event_type",
            "traffic_direction",
            "drop_reason_desc",
            "Summary"),
        names(f));
    assertEquals("1970-01-01T00:00:02Z", f.get("time").asText());
    assertEquals("DROPPED", f.get("verdict").asText());
    assertEquals(194, f.get("drop_reason").asInt());
    assertEquals("NO_EGRESS_GATEWAY", f.get("drop_reason_desc").asText());
    assertEquals(1, f.at("/event_type/type").asInt());
    assertEquals(194, f.at("/event_type/sub_type").asInt());
    assertEquals("EGRESS", f.get("traffic_direction").asText());
    assertEquals("default", f.at("/source/namespace").asText());
    assertEquals("client-abc", f.at("/source/pod_name").asText());
    assertEquals(List.of("reserved:world"), strings(f.at("/destination/labels")));
    assertNull(f.get("is_reply"), "drops do not know whether they are replies");
    assertNull(f.get("trace_observation_point"));
    assertNull(f.get("trace_reason"));
    assertNull(f.get("interface"));
    assertEquals("TCP Flags: SYN", f.get("Summary").asText());
  }

  @Test
  void gatewayToNetworkAfterSnatShowsThePodAsSourceAndTheEgressIpAsXlated() throws IOException {
    JsonNode res = line(Flows.gatewayAfterSnat(), 2);
    JsonNode f = res.get("flow");
    assertEquals("default/worker-2", res.get("node_name").asText());
    assertEquals("1970-01-01T00:00:01.000050Z", f.get("time").asText());
    assertEquals("FORWARDED", f.get("verdict").asText());
    assertEquals(
        List.of("source", "source_xlated", "destination", "ipVersion"), names(f.get("IP")));
    assertEquals("10.0.1.23", f.at("/IP/source").asText());
    assertEquals("192.0.2.10", f.at("/IP/source_xlated").asText());
    assertEquals("93.184.216.34", f.at("/IP/destination").asText());
    assertEquals(40112, f.at("/l4/TCP/source_port").asInt(), "the port is not un-translated");
    assertEquals(443, f.at("/l4/TCP/destination_port").asInt());
    assertEquals(4, f.at("/event_type/type").asInt());
    assertEquals(11, f.at("/event_type/sub_type").asInt());
    assertEquals("TO_NETWORK", f.get("trace_observation_point").asText());
    assertEquals("NEW", f.get("trace_reason").asText());
    assertFalse(f.get("is_reply").asBoolean());
    assertEquals("EGRESS", f.get("traffic_direction").asText(), "SNATed traces are egress");
    assertEquals("client-abc", f.at("/source/pod_name").asText());
    assertNull(f.at("/source").get("ID"), "a remote pod has no endpoint ID here");
    assertEquals(2, f.at("/interface/index").asInt());
    assertEquals("eth0", f.at("/interface/name").asText());
    assertEquals("default/worker-2", f.get("node_name").asText());
  }

  @Test
  void replyToEndpointIsAReplyOfAnEgressConnection() throws IOException {
    JsonNode f = line(Flows.replyToEndpoint(), 3).get("flow");
    assertEquals("TO_ENDPOINT", f.get("trace_observation_point").asText());
    assertEquals(4, f.at("/event_type/type").asInt());
    assertTrue(f.at("/event_type/sub_type").isMissingNode(), "sub_type 0 is omitted");
    assertEquals("REPLY", f.get("trace_reason").asText());
    assertTrue(f.get("is_reply").asBoolean());
    assertTrue(f.get("reply").asBoolean());
    assertEquals("EGRESS", f.get("traffic_direction").asText());
    assertEquals("TCP Flags: SYN, ACK", f.get("Summary").asText());
    List<String> names = names(f);
    assertTrue(names.indexOf("reply") < names.indexOf("event_type"));
  }

  @Test
  void inboundTraceIsIngress() throws IOException {
    FlowRecord r = Flows.replyToEndpoint();
    FlowRecord inbound =
        new FlowRecord(
            r.timeNanos(),
            r.node(),
            r.type(),
            r.program(),
            r.point(),
            TraceReason.NEW,
            null,
            0,
            2,
            Flows.POD_IDENTITY,
            9,
            "lxc1234",
            0,
            Flows.POD_EP_ID,
            0,
            r.frame(),
            Flows.WORLD,
            Flows.CLIENT_POD,
            0);
    assertEquals("INGRESS", line(inbound, 0).at("/flow/traffic_direction").asText());
  }

  @Test
  void unknownTraceReasonLeavesIsReplyAndDirectionOut() throws IOException {
    FlowRecord r = Flows.toOverlay();
    FlowRecord unknown =
        new FlowRecord(
            r.timeNanos(),
            r.node(),
            r.type(),
            r.program(),
            TraceObservationPoint.TRACE_FROM_OVERLAY,
            TraceReason.UNKNOWN,
            null,
            0,
            0,
            0,
            0,
            "",
            0,
            0,
            0,
            r.frame(),
            null,
            null,
            0);
    JsonNode f = line(unknown, 0).get("flow");
    assertNull(f.get("is_reply"));
    assertNull(f.get("trace_reason"));
    assertNull(f.get("traffic_direction"));
    assertNull(f.get("interface"));
    assertEquals("FROM_OVERLAY", f.get("trace_observation_point").asText());
    assertTrue(f.get("source").isObject() && f.get("source").isEmpty());
    assertTrue(f.get("destination").isObject() && f.get("destination").isEmpty());
  }

  @Test
  void udpAndIcmpSummariesAreHubbles() throws IOException {
    JsonNode udp = line(Flows.traceOf(Flows.udp(Flows.POD_IP, Flows.WORLD_IP, 5353, 53)), 0);
    assertEquals("UDP", udp.at("/flow/Summary").asText());
    assertEquals(5353, udp.at("/flow/l4/UDP/source_port").asInt());
    assertEquals(53, udp.at("/flow/l4/UDP/destination_port").asInt());

    JsonNode echo = line(Flows.traceOf(Flows.icmpEchoRequest()), 0);
    assertEquals("ICMPv4 EchoRequest", echo.at("/flow/Summary").asText());
    assertEquals(8, echo.at("/flow/l4/ICMPv4/type").asInt());
    assertTrue(echo.at("/flow/l4/ICMPv4/code").isMissingNode());

    JsonNode reply =
        line(Flows.traceOf(Flows.icmpEcho(Icmp4.ICMP_ECHOREPLY, Flows.WORLD_IP, Flows.POD_IP)), 0);
    assertEquals("ICMPv4 EchoReply", reply.at("/flow/Summary").asText());
    assertTrue(reply.at("/flow/l4/ICMPv4").isObject() && reply.at("/flow/l4/ICMPv4").isEmpty());

    JsonNode frag =
        line(Flows.traceOf(Flows.icmpError(Icmp4.ICMP_DEST_UNREACH, Icmp4.ICMP_FRAG_NEEDED)), 0);
    assertEquals(
        "ICMPv4 DestinationUnreachable(FragmentationNeeded)", frag.at("/flow/Summary").asText());
    assertEquals(3, frag.at("/flow/l4/ICMPv4/type").asInt());
    assertEquals(4, frag.at("/flow/l4/ICMPv4/code").asInt());
  }

  @Test
  void tcpSummaryFollowsHubblesFlagOrder() {
    assertEquals("SYN", HubbleFields.tcpFlags(Tcp.SYN));
    assertEquals("ACK, PSH", HubbleFields.tcpFlags(Tcp.PSH | Tcp.ACK));
    assertEquals("SYN, ACK", HubbleFields.tcpFlags(Tcp.SYN | Tcp.ACK));
    assertEquals("ACK, FIN", HubbleFields.tcpFlags(Tcp.FIN | Tcp.ACK));
    assertEquals("ACK, RST", HubbleFields.tcpFlags(Tcp.RST | Tcp.ACK));
    assertEquals("SYN, ACK, RST, FIN, PSH, URG, ECE, CWR, NS", HubbleFields.tcpFlags(0x1ff));
    assertEquals("", HubbleFields.tcpFlags(0));
  }

  @Test
  void icmpTypeCodeNamesAreGopackets() {
    assertEquals("EchoRequest", IcmpV4Names.typeCode(8, 0));
    assertEquals("EchoRequest(Code: 3)", IcmpV4Names.typeCode(8, 3));
    assertEquals("DestinationUnreachable(Port)", IcmpV4Names.typeCode(3, 3));
    assertEquals("DestinationUnreachable(Code: 16)", IcmpV4Names.typeCode(3, 16));
    assertEquals("TimeExceeded(TTLExceeded)", IcmpV4Names.typeCode(11, 0));
    assertEquals("Redirect(TOS+Host)", IcmpV4Names.typeCode(5, 3));
    assertEquals("42(1)", IcmpV4Names.typeCode(42, 1));
    assertEquals("255(255)", IcmpV4Names.typeCode(255, 255));
  }

  @Test
  void timestampsAreProtojsonRfc3339() {
    assertEquals("1970-01-01T00:00:00Z", HubbleFields.timestamp(0));
    assertEquals("1970-01-01T00:00:01.500Z", HubbleFields.timestamp(1_500_000_000L));
    assertEquals("1970-01-01T00:00:00.000001Z", HubbleFields.timestamp(1_000L));
    assertEquals("1970-01-01T00:00:00.123456789Z", HubbleFields.timestamp(123_456_789L));
    assertEquals("1970-01-02T01:01:01Z", HubbleFields.timestamp(90_061_000_000_000L));
  }

  @Test
  void uuidsAreDeterministicPerSeedAndIndex() {
    String a = uuid(new HubbleFlowEncoder(7), 0);
    assertEquals(a, uuid(new HubbleFlowEncoder(7), 0));
    assertNotEquals(a, uuid(new HubbleFlowEncoder(7), 1));
    assertNotEquals(a, uuid(new HubbleFlowEncoder(8), 0));
    for (int i = 0; i < 100; i++) {
      assertTrue(UUID_V4.matcher(uuid(encoder, i)).matches());
    }
  }

  @Test
  void stringsAreEscapedAsGoEncodesThem() throws IOException {
    EndpointInfo odd =
        new EndpointInfo(
            1, 300, "ns", "p\"q", List.of("k8s:a=<b>&c", "k8s:tab=\t\u0001"), null, null);
    FlowRecord r = Flows.traceOf(Flows.icmpEchoRequest());
    FlowRecord withOdd =
        new FlowRecord(
            r.timeNanos(),
            r.node(),
            r.type(),
            r.program(),
            r.point(),
            r.traceReason(),
            null,
            0,
            300,
            2,
            3,
            "",
            0,
            1,
            0,
            r.frame(),
            odd,
            Flows.WORLD,
            0);
    String text = encoder.encode(withOdd, 0);
    assertTrue(text.contains("\"k8s:a=\\u003cb\\u003e\\u0026c\""), text);
    assertTrue(text.contains("\"k8s:tab=\\t\\u0001\""), text);
    assertTrue(text.contains("\"pod_name\":\"p\\\"q\""), text);
    JsonNode f = json.readTree(text).get("flow");
    assertEquals("k8s:a=<b>&c", f.at("/source/labels/0").asText());
    assertEquals("p\"q", f.at("/source/pod_name").asText());
  }

  @Test
  void oddFramesNeverThrowAndStillGiveJsonLines() throws IOException {
    byte[] tcp = Flows.tcp(Flows.POD_IP, Flows.WORLD_IP, 1, 2, Tcp.SYN, Flows.POD_MAC);
    byte[] arp = tcp.clone();
    Eth.setProto(arp, 0, Eth.ETH_P_ARP);
    byte[] fragment = tcp.clone();
    fragment[Eth.HLEN + Ipv4.FRAG_OFF] = 0x20; // MF
    byte[] badIhl = tcp.clone();
    badIhl[Eth.HLEN] = 0x4f; // IHL 15: the header runs past the frame
    byte[] badDoff = tcp.clone();
    badDoff[Eth.HLEN + Ipv4.MIN_HLEN + Tcp.DOFF] = (byte) 0xf0;
    byte[] ipv6 = tcp.clone();
    Eth.setProto(ipv6, 0, Eth.ETH_P_IPV6);

    List<byte[]> frames =
        List.of(
            new byte[0],
            new byte[] {1, 2, 3},
            Arrays.copyOf(tcp, Eth.HLEN),
            Arrays.copyOf(tcp, Eth.HLEN + 10),
            Arrays.copyOf(tcp, Eth.HLEN + Ipv4.MIN_HLEN + 10),
            arp,
            fragment,
            badIhl,
            badDoff,
            ipv6);
    List<String> summaries = new ArrayList<>();
    for (byte[] frame : frames) {
      FlowRecord r = Flows.traceOf(frame);
      String text = assertDoesNotThrow(() -> encoder.encode(r, 0));
      JsonNode f = json.readTree(text).get("flow");
      assertNull(f.get("l4"), "no L4 from an odd frame");
      summaries.add(f.has("Summary") ? f.get("Summary").asText() : "");
    }
    assertEquals(
        List.of(
            "",
            "",
            "Ethernet",
            "Ethernet",
            "IPv4",
            "Ethernet",
            "IPv4",
            "Ethernet",
            "IPv4",
            "Ethernet"),
        summaries);
    JsonNode nullFrame = json.readTree(encoder.encode(Flows.traceOf(null), 0)).get("flow");
    assertNull(nullFrame.get("ethernet"));
    assertNull(nullFrame.get("IP"));
    assertEquals("FORWARDED", nullFrame.get("verdict").asText());
  }

  @Test
  void truncatedTcpStillShowsAddresses() throws IOException {
    byte[] tcp = Flows.tcp(Flows.POD_IP, Flows.WORLD_IP, 1, 2, Tcp.SYN, Flows.POD_MAC);
    JsonNode f =
        json.readTree(
                encoder.encode(Flows.traceOf(Arrays.copyOf(tcp, Eth.HLEN + Ipv4.MIN_HLEN + 10)), 0))
            .get("flow");
    assertEquals("10.0.1.23", f.at("/IP/source").asText());
    assertEquals("93.184.216.34", f.at("/IP/destination").asText());
    assertNull(f.get("l4"));
  }

  @Test
  void jsonlWriterNumbersFlowsInOrder() throws IOException {
    StringWriter out = new StringWriter();
    try (FlowsJsonlWriter w = new FlowsJsonlWriter(out, 7)) {
      w.write(Flows.toOverlay());
      w.accept(Flows.gatewayAfterSnat());
      w.write(Flows.noEgressGateway());
      assertEquals(3, w.count());
    }
    String[] lines = out.toString().split("\n");
    assertEquals(3, lines.length);
    for (int i = 0; i < lines.length; i++) {
      JsonNode f = json.readTree(lines[i]).get("flow");
      assertEquals(uuid(new HubbleFlowEncoder(7), i), f.get("uuid").asText());
    }
    assertEquals(
        "TO_NETWORK", json.readTree(lines[1]).at("/flow/trace_observation_point").asText());
  }

  private static String uuid(HubbleFlowEncoder e, long index) {
    String text = e.encode(Flows.toOverlay(), index);
    int at = text.indexOf("\"uuid\":\"") + 8;
    return text.substring(at, at + 36);
  }

  private static List<String> names(JsonNode n) {
    List<String> names = new ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(e -> out.add(e.asText()));
    return out;
  }
}
