package dev.egret.scenarios.output;

/**
 * gopacket's {@code ICMPv4TypeCode.String()} (github.com/google/gopacket layers/icmp4.go, the
 * version Cilium vendors), which Hubble puts after {@code "ICMPv4 "} in a flow's Summary: {@code
 * EchoRequest}, {@code DestinationUnreachable(Port)}, {@code EchoRequest(Code: 3)} for a code on a
 * type without codes, {@code TimeExceeded(Code: 7)} for an unknown code, {@code 42(0)} for an
 * unknown type.
 */
final class IcmpV4Names {
  private static final String[] TYPES = new String[19];
  private static final String[][] CODES = new String[19][];

  static {
    TYPES[0] = "EchoReply";
    TYPES[3] = "DestinationUnreachable";
    CODES[3] =
        new String[] {
          "Net",
          "Host",
          "Protocol",
          "Port",
          "FragmentationNeeded",
          "SourceRoutingFailed",
          "NetUnknown",
          "HostUnknown",
          "SourceIsolated",
          "NetAdminProhibited",
          "HostAdminProhibited",
          "NetTOS",
          "HostTOS",
          "CommAdminProhibited",
          "HostPrecedence",
          "PrecedenceCutoff"
        };
    TYPES[4] = "SourceQuench";
    TYPES[5] = "Redirect";
    CODES[5] = new String[] {"Net", "Host", "TOS+Net", "TOS+Host"};
    TYPES[8] = "EchoRequest";
    TYPES[9] = "RouterAdvertisement";
    TYPES[10] = "RouterSolicitation";
    TYPES[11] = "TimeExceeded";
    CODES[11] = new String[] {"TTLExceeded", "FragmentReassemblyTimeExceeded"};
    TYPES[12] = "ParameterProblem";
    CODES[12] = new String[] {"PointerIndicatesError", "MissingOption", "BadLength"};
    TYPES[13] = "TimestampRequest";
    TYPES[14] = "TimestampReply";
    TYPES[15] = "InfoRequest";
    TYPES[16] = "InfoReply";
    TYPES[17] = "AddressMaskRequest";
    TYPES[18] = "AddressMaskReply";
  }

  private IcmpV4Names() {}

  static String typeCode(int type, int code) {
    String t = type < TYPES.length ? TYPES[type] : null;
    if (t == null) {
      return type + "(" + code + ")";
    }
    String[] codes = CODES[type];
    if (codes == null) {
      return code == 0 ? t : t + "(Code: " + code + ")";
    }
    if (code < codes.length) {
      return t + "(" + codes[code] + ")";
    }
    return t + "(Code: " + code + ")";
  }
}
