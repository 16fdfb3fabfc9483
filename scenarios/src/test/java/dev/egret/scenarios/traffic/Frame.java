package dev.egret.scenarios.traffic;

import dev.egret.datapath.net.Ip4;
import dev.egret.datapath.packet.Tcp;
import java.util.Arrays;

/** A frame a host sent, as the test fabric captured it, with field accessors for assertions. */
record Frame(int index, long at, String from, byte[] bytes, long tag) {
  static final int IP = 14;

  int proto() {
    return bytes[IP + 9] & 0xff;
  }

  int saddr() {
    return u32(IP + 12);
  }

  int daddr() {
    return u32(IP + 16);
  }

  int ipId() {
    return IndependentChecksums.u16(bytes, IP + 4);
  }

  boolean df() {
    return (IndependentChecksums.u16(bytes, IP + 6) & 0x4000) != 0;
  }

  int ttl() {
    return bytes[IP + 8] & 0xff;
  }

  int l4() {
    return IP + (bytes[IP] & 0x0f) * 4;
  }

  int totalLength() {
    return IndependentChecksums.u16(bytes, IP + 2);
  }

  boolean isTcp() {
    return proto() == 6;
  }

  boolean isUdp() {
    return proto() == 17;
  }

  boolean isIcmp() {
    return proto() == 1;
  }

  int sport() {
    return IndependentChecksums.u16(bytes, l4());
  }

  int dport() {
    return IndependentChecksums.u16(bytes, l4() + 2);
  }

  long seq() {
    return u32(l4() + 4) & 0xffffffffL;
  }

  long ack() {
    return u32(l4() + 8) & 0xffffffffL;
  }

  int flags() {
    return bytes[l4() + 13] & 0xff;
  }

  boolean has(int flag) {
    return (flags() & flag) != 0;
  }

  int tcpHeaderLength() {
    return ((bytes[l4() + 12] & 0xff) >>> 4) * 4;
  }

  int window() {
    return IndependentChecksums.u16(bytes, l4() + 14);
  }

  /** The MSS option of a TCP segment, or -1. */
  int mssOption() {
    int o = l4() + 20;
    int end = l4() + tcpHeaderLength();
    while (o + 3 < end) {
      if (bytes[o] == 2 && bytes[o + 1] == 4) {
        return IndependentChecksums.u16(bytes, o + 2);
      }
      o += bytes[o] == 1 ? 1 : Math.max(2, bytes[o + 1] & 0xff);
    }
    return -1;
  }

  int payloadOffset() {
    if (isTcp()) {
      return l4() + tcpHeaderLength();
    }
    return l4() + 8; // UDP and ICMP headers are 8 bytes
  }

  int payloadLength() {
    return IP + totalLength() - payloadOffset();
  }

  byte[] payload() {
    return Arrays.copyOfRange(bytes, payloadOffset(), payloadOffset() + payloadLength());
  }

  int icmpType() {
    return bytes[l4()] & 0xff;
  }

  int icmpCode() {
    return bytes[l4() + 1] & 0xff;
  }

  int icmpId() {
    return IndependentChecksums.u16(bytes, l4() + 4);
  }

  int icmpSeq() {
    return IndependentChecksums.u16(bytes, l4() + 6);
  }

  private int u32(int off) {
    return (IndependentChecksums.u16(bytes, off) << 16) | IndependentChecksums.u16(bytes, off + 2);
  }

  @Override
  public String toString() {
    String l4 =
        isTcp()
            ? "tcp "
                + sport()
                + ">"
                + dport()
                + " ["
                + Tcp.flagNames(flags())
                + "] len "
                + payloadLength()
            : isUdp()
                ? "udp " + sport() + ">" + dport() + " len " + payloadLength()
                : "icmp " + icmpType() + "/" + icmpCode();
    return "#"
        + index
        + " t="
        + at
        + " "
        + from
        + " "
        + Ip4.format(saddr())
        + ">"
        + Ip4.format(daddr())
        + " "
        + l4
        + " tag "
        + tag;
  }
}
