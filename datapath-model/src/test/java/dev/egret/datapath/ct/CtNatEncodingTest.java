package dev.egret.datapath.ct;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.egret.datapath.maps.Bpftool;
import dev.egret.datapath.nat.NatEntry;
import dev.egret.datapath.nat.NatMap4;
import dev.egret.datapath.net.Ip4;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Byte layouts of the CT and NAT keys and values (reference §3.4, §4.1; bpf/lib/common.h). */
class CtNatEncodingTest {
  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replaceAll("\\s", ""));
  }

  @Test
  void ipv4CtTupleIsFourteenPackedBytes() {
    Tuple4 t =
        new Tuple4()
            .set(
                Ip4.parse("192.168.0.1"),
                Ip4.parse("110.0.11.1"),
                1234,
                111,
                6,
                Tuple4.TUPLE_F_OUT);
    // daddr, saddr, dport, sport (network order), nexthdr, flags
    assertArrayEquals(hex("c0a80001 6e000b01 04d2 006f 06 00"), t.keyBytes());
    assertEquals(t, Tuple4.fromBytes(t.keyBytes()));
    Tuple4 copy = new Tuple4().fromKey(t.k0(), t.k1());
    assertEquals(t, copy);
    copy.reverse();
    assertEquals(Tuple4.TUPLE_F_IN, copy.flags);
    assertEquals(Ip4.parse("110.0.11.1"), copy.daddr);
    assertEquals(111, copy.dport);
  }

  @Test
  void ctEntryIsFiftySixLittleEndianBytes() {
    CtEntry e =
        new CtEntry(
            2,
            148,
            0x01020304,
            CtMap4.F_SEEN_NON_SYN | CtMap4.F_TX_CLOSING,
            0x12,
            0x02,
            51234,
            7,
            9);
    byte[] b = e.valueBytes();
    assertEquals(56, b.length);
    assertArrayEquals(
        hex(
            "0000000000000000" // reserved0
                + "0000000000000000" // backend_id
                + "0200000000000000" // packets
                + "9400000000000000" // bytes
                + "04030201" // lifetime
                + "1200" // flags: tx_closing (bit 1) | seen_non_syn (bit 4)
                + "0000" // rev_nat_index
                + "0000" // ifindex
                + "12" // tx_flags_seen
                + "02" // rx_flags_seen
                + "22c80000" // src_sec_id 51234
                + "07000000" // last_tx_report
                + "09000000"), // last_rx_report
        b);
    assertEquals(e, CtEntry.fromBytes(b));
  }

  @Test
  void natEntryIsFortyBytes() {
    NatEntry e = new NatEntry(1000, true, Ip4.parse("1.2.3.4"), 32769);
    byte[] b = e.valueBytes();
    assertArrayEquals(
        hex(
            "e803000000000000" // created
                + "0100000000000000" // needs_ct
                + "0000000000000000" // pad1
                + "0000000000000000" // pad2
                + "01020304" // to_saddr / to_daddr
                + "8001" // to_sport / to_dport 32769
                + "0000"), // padding
        b);
    assertEquals(e, NatEntry.fromBytes(b));
  }

  @Test
  void natMapDumpsLikeBpftool() {
    NatMap4 m = new NatMap4(16);
    m.put(
        new Tuple4().set(Ip4.parse("110.0.11.1"), Ip4.parse("192.168.0.1"), 1234, 117, 6, 0),
        0,
        false,
        Ip4.parse("1.2.3.4"),
        32769);
    String dump = m.bpftoolDump();
    assertEquals(
        "key:\n6e 00 0b 01 c0 a8 00 01  04 d2 00 75 06 00\nvalue:\n"
            + Bpftool.hex(new NatEntry(0, false, Ip4.parse("1.2.3.4"), 32769).valueBytes())
            + "\nFound 1 element\n",
        dump);
  }
}
