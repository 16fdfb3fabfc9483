package dev.egret.datapath.program;

import dev.egret.datapath.net.Ip4;
import dev.egret.datapath.packet.FrameBuilder;
import dev.egret.datapath.packet.Mac;
import dev.egret.datapath.packet.Skb;
import dev.egret.datapath.packet.Tcp;
import java.nio.charset.StandardCharsets;

/**
 * The common fixture of Cilium's egress gateway BPF tests (bpf/tests/lib/egressgw.h and pktgen.h at
 * the v1.16 branch point; reference §7.0).
 */
final class EgressGwFixture {
  static final int CLIENT_IP = Ip4.parse("192.168.0.1");
  static final int CLIENT_NODE_IP = Ip4.parse("10.0.10.1");
  static final int GATEWAY_NODE_IP = Ip4.parse("10.0.10.2");
  static final int EXTERNAL_SVC_IP = Ip4.parse("110.0.11.1");
  static final int EXTERNAL_SVC_PORT = 1234;
  static final int EGRESS_IP = Ip4.parse("1.2.3.4");
  static final int EGRESS_IP2 = Ip4.parse("2.3.4.5");

  static final long CLIENT_MAC = Mac.parse("de:ad:be:ef:de:ef");
  static final long GATEWAY_MAC = Mac.parse("13:37:13:37:13:37");
  static final long EXT_SVC_MAC = Mac.parse("31:41:59:26:35:89");
  static final long ZERO_MAC = Mac.ZERO;

  /** Client port = 111 + test id (egressgw.h {@code client_port(t)}). */
  static final int SNAT1 = 0;

  static final int SNAT2 = 1;
  static final int SNAT_EXCL_CIDR = 2;
  static final int REDIRECT = 3;
  static final int REDIRECT_EXCL_CIDR = 4;
  static final int REDIRECT_SKIP_NO_GATEWAY = 5;
  static final int XDP_REPLY = 6;
  static final int FIB = 7;

  /** The NUL-terminated payload: "Should not change!!" plus the NUL, 20 bytes. */
  static final byte[] PAYLOAD = "Should not change!!\0".getBytes(StandardCharsets.US_ASCII);

  /** A security identity for the client pod (the BPF tests leave it to their config). */
  static final int CLIENT_IDENTITY = 0x1234;

  private EgressGwFixture() {}

  static int clientPort(int testId) {
    return 111 + testId;
  }

  /**
   * The egress packet of {@code mk_packet(EGRESS)}: Ethernet client → external, IPv4 (IHL 5, TTL
   * 64, id 0, no flags) 192.168.0.1 → 110.0.11.1, TCP SYN seq 123456 window 65535 from the client
   * port to 1234, payload "Should not change!!".
   */
  static Skb egressPacket(int testId) {
    return new FrameBuilder()
        .macs(CLIENT_MAC, EXT_SVC_MAC)
        .ipv4(CLIENT_IP, EXTERNAL_SVC_IP)
        .payload(PAYLOAD)
        .writeTcp(new Skb(128), clientPort(testId), EXTERNAL_SVC_PORT, 123456, 0, Tcp.SYN, 65535);
  }

  /**
   * The reply of {@code mk_packet(INGRESS)}: Ethernet external → client, 110.0.11.1:1234 → {@code
   * dst}:{@code dport}, TCP SYN as above.
   */
  static Skb replyPacket(int dst, int dport) {
    return new FrameBuilder()
        .macs(EXT_SVC_MAC, CLIENT_MAC)
        .ipv4(EXTERNAL_SVC_IP, dst)
        .payload(PAYLOAD)
        .writeTcp(new Skb(128), EXTERNAL_SVC_PORT, dport, 123456, 0, Tcp.SYN, 65535);
  }
}
