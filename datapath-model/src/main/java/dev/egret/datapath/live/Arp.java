package dev.egret.datapath.live;

import dev.egret.datapath.net.Ip4;
import dev.egret.datapath.packet.Eth;
import dev.egret.datapath.packet.Mac;

/**
 * ARP for Ethernet/IPv4 (RFC 826) over raw frames, as the live runner needs it: recognising
 * requests and replies, and building both. Offsets are absolute from the frame's start.
 *
 * <pre>
 * 14  htype (1)      16  ptype (0x0800)   18 hlen (6)   19 plen (4)   20 oper (1 request, 2 reply)
 * 22  sender MAC     28  sender IPv4      32 target MAC 38 target IPv4           (42 bytes in all)
 * </pre>
 */
public final class Arp {
  public static final int HTYPE = Eth.HLEN;
  public static final int PTYPE = Eth.HLEN + 2;
  public static final int HLEN_FIELD = Eth.HLEN + 4;
  public static final int PLEN_FIELD = Eth.HLEN + 5;
  public static final int OPER = Eth.HLEN + 6;
  public static final int SHA = Eth.HLEN + 8;
  public static final int SPA = Eth.HLEN + 14;
  public static final int THA = Eth.HLEN + 18;
  public static final int TPA = Eth.HLEN + 24;

  /** An Ethernet ARP frame's length without padding. */
  public static final int FRAME_LEN = Eth.HLEN + 28;

  /** Frames shorter than 60 bytes are padded on the wire (the minimum Ethernet frame less FCS). */
  public static final int MIN_FRAME = 60;

  public static final int OP_REQUEST = 1;
  public static final int OP_REPLY = 2;
  public static final long BROADCAST = 0xffff_ffff_ffffL;

  private Arp() {}

  /** Whether {@code b[0..len)} is an Ethernet/IPv4 ARP packet. */
  public static boolean isArp(byte[] b, int len) {
    return len >= FRAME_LEN
        && Eth.proto(b, 0) == Eth.ETH_P_ARP
        && u16(b, HTYPE) == 1
        && u16(b, PTYPE) == Eth.ETH_P_IP
        && (b[HLEN_FIELD] & 0xff) == 6
        && (b[PLEN_FIELD] & 0xff) == 4;
  }

  public static int oper(byte[] b) {
    return u16(b, OPER);
  }

  public static long senderMac(byte[] b) {
    return Mac.read(b, SHA);
  }

  public static int senderIp(byte[] b) {
    return Ip4.read(b, SPA);
  }

  public static int targetIp(byte[] b) {
    return Ip4.read(b, TPA);
  }

  /** Builds into {@code out} a reply telling the requester of {@code request} that IP is at mac. */
  public static int reply(byte[] request, long mac, byte[] out) {
    long requesterMac = senderMac(request);
    int requesterIp = senderIp(request);
    int ip = targetIp(request);
    return build(out, requesterMac, mac, OP_REPLY, mac, ip, requesterMac, requesterIp);
  }

  /** Builds into {@code out} a broadcast request for {@code targetIp} from (mac, senderIp). */
  public static int request(long mac, int senderIp, int targetIp, byte[] out) {
    return build(out, BROADCAST, mac, OP_REQUEST, mac, senderIp, 0, targetIp);
  }

  private static int build(
      byte[] out, long dst, long src, int op, long sha, int spa, long tha, int tpa) {
    java.util.Arrays.fill(out, 0, MIN_FRAME, (byte) 0);
    Eth.write(out, 0, dst, src, Eth.ETH_P_ARP);
    put16(out, HTYPE, 1);
    put16(out, PTYPE, Eth.ETH_P_IP);
    out[HLEN_FIELD] = 6;
    out[PLEN_FIELD] = 4;
    put16(out, OPER, op);
    Mac.write(out, SHA, sha);
    Ip4.write(out, SPA, spa);
    Mac.write(out, THA, tha);
    Ip4.write(out, TPA, tpa);
    return MIN_FRAME;
  }

  private static int u16(byte[] b, int off) {
    return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
  }

  private static void put16(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 8);
    b[off + 1] = (byte) v;
  }
}
