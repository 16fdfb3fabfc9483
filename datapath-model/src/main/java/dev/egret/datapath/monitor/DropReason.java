package dev.egret.datapath.monitor;

/**
 * Cilium's drop reasons: the BPF {@code DROP_*} code (bpf/lib/common.h; the datapath returns it
 * negated), the Hubble {@code DropReason} enum name (api/v1/flow/flow.proto) and the monitor text
 * (pkg/monitor/api/drop.go). Only the reasons this model can produce, plus the ones reference §6.1
 * lists, are here; {@link #of(int)} maps any other code to {@link #UNKNOWN}.
 */
public enum DropReason {
  /** Not a Cilium reason: a code this model does not know. */
  UNKNOWN(0, "DROP_REASON_UNKNOWN", "Unknown reason"),
  DROP_INVALID_SIP(132, "INVALID_SOURCE_IP", "Invalid source ip"),
  DROP_POLICY(133, "POLICY_DENIED", "Policy denied"),
  DROP_INVALID(134, "INVALID_PACKET_DROPPED", "Invalid packet"),
  DROP_CT_INVALID_HDR(135, "CT_TRUNCATED_OR_INVALID_HEADER", "CT: Truncated or invalid header"),
  DROP_CT_UNKNOWN_PROTO(137, "CT_UNKNOWN_L4_PROTOCOL", "CT: Unknown L4 protocol"),
  DROP_UNKNOWN_L3(139, "UNKNOWN_L3_TARGET_ADDRESS", "Unknown L3 target address"),
  DROP_WRITE_ERROR(141, "ERROR_WRITING_TO_PACKET", "Error writing to packet"),
  DROP_UNKNOWN_L4(142, "UNKNOWN_L4_PROTOCOL", "Unknown L4 protocol"),
  DROP_UNKNOWN_ICMP_CODE(143, "UNKNOWN_ICMPV4_CODE", "Unknown ICMPv4 code"),
  DROP_NO_TUNNEL_KEY(147, "ERROR_RETRIEVING_TUNNEL_KEY", "Error retrieving tunnel key"),
  DROP_UNROUTABLE(151, "STALE_OR_UNROUTABLE_IP", "Stale or unroutable IP"),
  DROP_CSUM_L3(153, "ERROR_WHILE_CORRECTING_L3_CHECKSUM", "Error while correcting L3 checksum"),
  DROP_CSUM_L4(154, "ERROR_WHILE_CORRECTING_L4_CHECKSUM", "Error while correcting L4 checksum"),
  DROP_CT_CREATE_FAILED(155, "CT_MAP_INSERTION_FAILED", "CT: Map insertion failed"),
  DROP_FRAG_NOSUPPORT(157, "FRAGMENTATION_NOT_SUPPORTED", "Fragmentation not supported"),
  DROP_NO_SERVICE(158, "SERVICE_BACKEND_NOT_FOUND", "Service backend not found"),
  DROP_NO_TUNNEL_ENDPOINT(
      160,
      "NO_TUNNEL_OR_ENCAPSULATION_ENDPOINT",
      "No tunnel/encapsulation endpoint (datapath BUG!)"),
  DROP_UNKNOWN_CT(163, "UNKNOWN_CONNECTION_TRACKING_STATE", "Unknown connection tracking state"),
  DROP_UNSUPPORTED_L2(166, "UNSUPPORTED_L2_PROTOCOL", "Unsupported L2 protocol"),
  DROP_NAT_NO_MAPPING(167, "NO_MAPPING_FOR_NAT_MASQUERADE", "No mapping for NAT masquerade"),
  DROP_NAT_UNSUPP_PROTO(
      168, "UNSUPPORTED_PROTOCOL_FOR_NAT_MASQUERADE", "Unsupported protocol for NAT masquerade"),
  DROP_NO_FIB(169, "FIB_LOOKUP_FAILED", "FIB lookup failed"),
  DROP_INVALID_IDENTITY(171, "INVALID_IDENTITY", "Invalid identity"),
  /** Not a drop: {@code NAT_PUNT_TO_STACK}, "let the stack handle it". */
  DROP_NAT_NOT_NEEDED(173, "NAT_NOT_NEEDED", "NAT not needed"),
  DROP_POLICY_DENY(181, "POLICY_DENY", "Policy denied by denylist"),
  DROP_SNAT_NO_MAP_FOUND(191, "SNAT_NO_MAP_FOUND", "No nat map found"),
  DROP_NO_EGRESS_GATEWAY(194, "NO_EGRESS_GATEWAY", "No egress gateway found"),
  DROP_TTL_EXCEEDED(196, "TTL_EXCEEDED", "TTL exceeded"),
  DROP_HOST_NOT_READY(202, "DROP_HOST_NOT_READY", "Host datapath not ready"),
  DROP_EP_NOT_READY(203, "DROP_EP_NOT_READY", "Endpoint policy program not available"),
  /** 1.17+ (upstream 47e25e233c): the gateway has no egress IP for a matching entry. */
  DROP_NO_EGRESS_IP(204, "DROP_NO_EGRESS_IP", "No Egress IP configured");

  private static final DropReason[] BY_CODE = new DropReason[256];

  static {
    for (DropReason r : values()) {
      BY_CODE[r.code] = r;
    }
  }

  private final int code;
  private final String hubbleName;
  private final String text;

  DropReason(int code, String hubbleName, String text) {
    this.code = code;
    this.hubbleName = hubbleName;
    this.text = text;
  }

  /** The positive code: the metric reason and Hubble's {@code drop_reason}. */
  public int code() {
    return code;
  }

  /** The value the BPF code returns: {@code -code}. */
  public int bpfValue() {
    return -code;
  }

  /** Hubble's {@code drop_reason_desc} enum name, e.g. {@code NO_EGRESS_GATEWAY}. */
  public String hubbleName() {
    return hubbleName;
  }

  /** The monitor text, e.g. "No egress gateway found". */
  public String text() {
    return text;
  }

  /** The reason for a positive or negative code; {@link #UNKNOWN} if not modelled. */
  public static DropReason of(int code) {
    int c = Math.abs(code);
    DropReason r = c < BY_CODE.length ? BY_CODE[c] : null;
    return r == null ? UNKNOWN : r;
  }
}
