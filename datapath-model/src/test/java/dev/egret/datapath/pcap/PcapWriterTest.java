package dev.egret.datapath.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.datapath.packet.FrameBuilder;
import dev.egret.datapath.packet.Skb;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapWriterTest {
  @Test
  void nanosecondGlobalHeaderAndRecords() throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    Skb skb = new FrameBuilder().macs(1, 2).writeUdp(new Skb(64), 1000, 53);
    try (PcapWriter w = new PcapWriter(bos)) {
      w.write(1_700_000_000_123_456_789L, skb);
      w.write(1_700_000_001_000_000_001L, skb.data(), skb.off(), 20);
      assertEquals(2, w.packets());
    }
    byte[] b = bos.toByteArray();
    // magic 0xa1b23c4d (nanoseconds) little-endian, v2.4, zone 0, sigfigs 0, snaplen, linktype 1
    assertEquals(
        "4d3cb2a1" + "0200" + "0400" + "00000000" + "00000000" + "00000400" + "01000000",
        HexFormat.of().formatHex(Arrays.copyOf(b, 24)));
    // first record: ts_sec 1700000000 = 0x6553f100, ts_nsec 123456789 = 0x075bcd15
    assertEquals(
        "00f15365" + "15cd5b07" + "2a000000" + "2a000000",
        HexFormat.of().formatHex(Arrays.copyOfRange(b, 24, 40)));
    assertEquals(24 + 16 + 42 + 16 + 20, b.length);

    PcapReader.File f = PcapReader.read(new ByteArrayInputStream(b));
    assertTrue(f.nanosecond());
    assertEquals(PcapWriter.LINKTYPE_ETHERNET, f.linkType());
    assertEquals(2, f.packets().size());
    assertEquals(1_700_000_000_123_456_789L, f.packets().get(0).timestampNanos());
    assertArrayEquals(skb.toByteArray(), f.packets().get(0).data());
    assertEquals(1_700_000_001_000_000_001L, f.packets().get(1).timestampNanos());
  }

  @Test
  void snaplenTruncatesButKeepsTheOriginalLength() throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (PcapWriter w = new PcapWriter(bos, 16)) {
      w.write(5, new byte[100], 0, 100);
    }
    PcapReader.Packet p =
        PcapReader.read(new ByteArrayInputStream(bos.toByteArray())).packets().get(0);
    assertEquals(16, p.data().length);
    assertEquals(100, p.originalLength());
    assertEquals(5, p.timestampNanos());
  }

  @Test
  void badInput(@TempDir Path dir) throws IOException {
    assertThrows(
        IllegalArgumentException.class, () -> new PcapWriter(new ByteArrayOutputStream(), 0));
    try (PcapWriter w = PcapWriter.open(dir.resolve("x.pcap"))) {
      assertThrows(IllegalArgumentException.class, () -> w.write(-1, new byte[1], 0, 1));
      assertThrows(IllegalArgumentException.class, () -> w.write(0, new byte[1], 0, 2));
    }
    assertEquals(24, Files.size(dir.resolve("x.pcap")));
    assertThrows(IOException.class, () -> PcapReader.read(new ByteArrayInputStream(new byte[30])));
  }
}
