package dev.egret.datapath.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Random, truncated and corrupted pcap files into {@link PcapReader}: it returns the packets or
 * throws an {@link IOException} naming what is wrong, never anything else; what it returns from a
 * truncated file is a prefix of what was written; and what {@link PcapWriter} writes reads back
 * exactly.
 */
class PcapReaderFuzzProperties {

  /** The outcome of reading: the file, or null when it was refused with an IOException. */
  static PcapReader.File read(byte[] b) {
    try {
      return PcapReader.read(new ByteArrayInputStream(b));
    } catch (IOException refused) {
      assertTrue(refused.getMessage() != null && !refused.getMessage().isBlank());
      return null;
    }
  }

  record Written(byte[] bytes, List<PcapReader.Packet> packets) {}

  static Written write(long seed, int count, int snaplen) throws IOException {
    Random r = new Random(seed);
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    List<PcapReader.Packet> packets = new ArrayList<>();
    try (PcapWriter w = new PcapWriter(bos, snaplen)) {
      long t = 0;
      for (int i = 0; i < count; i++) {
        t += r.nextInt(1_000_000_000);
        byte[] frame = new byte[r.nextInt(200)];
        r.nextBytes(frame);
        w.write(t, frame, 0, frame.length);
        byte[] kept = java.util.Arrays.copyOf(frame, Math.min(frame.length, snaplen));
        packets.add(new PcapReader.Packet(t, frame.length, kept));
      }
    }
    return new Written(bos.toByteArray(), packets);
  }

  @Property(tries = 500, seed = "11")
  void randomBytesAreReadOrRefused(@ForAll @Size(max = 300) byte[] b) {
    read(b);
  }

  @Property(tries = 500, seed = "12")
  void randomBytesAfterAValidHeaderAreReadOrRefused(
      @ForAll @Size(max = 300) byte[] tail, @ForAll boolean nanos, @ForAll boolean bigEndian) {
    java.nio.ByteBuffer bb =
        java.nio.ByteBuffer.allocate(24 + tail.length)
            .order(bigEndian ? java.nio.ByteOrder.BIG_ENDIAN : java.nio.ByteOrder.LITTLE_ENDIAN);
    bb.putInt(nanos ? PcapWriter.MAGIC_NANOS : PcapWriter.MAGIC_MICROS);
    bb.putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
    bb.put(tail);
    PcapReader.File f = read(bb.array());
    if (f != null) {
      assertEquals(nanos, f.nanosecond());
      assertEquals(1, f.linkType());
      for (PcapReader.Packet p : f.packets()) {
        assertTrue(p.data().length <= tail.length && p.timestampNanos() >= 0);
      }
    }
  }

  @Property(tries = 300, seed = "13")
  void whatTheWriterWritesReadsBackExactly(
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 30) int count,
      @ForAll @IntRange(min = 1, max = 300) int snaplen)
      throws IOException {
    Written w = write(seed, count, snaplen);
    PcapReader.File f = read(w.bytes());
    assertEquals(w.packets().size(), f.packets().size());
    for (int i = 0; i < count; i++) {
      assertEquals(w.packets().get(i).timestampNanos(), f.packets().get(i).timestampNanos());
      assertEquals(w.packets().get(i).originalLength(), f.packets().get(i).originalLength());
      assertArrayEquals(w.packets().get(i).data(), f.packets().get(i).data());
    }
  }

  @Property(tries = 500, seed = "14")
  void aTruncatedFileGivesAPrefixOrIsRefused(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 20) int count, @ForAll int cutSeed)
      throws IOException {
    Written w = write(seed, count, 65535);
    int cut = Math.floorMod(cutSeed, w.bytes().length + 1);
    PcapReader.File f = read(java.util.Arrays.copyOf(w.bytes(), cut));
    if (f != null) {
      assertTrue(f.packets().size() <= count);
      for (int i = 0; i < f.packets().size(); i++) {
        assertArrayEquals(w.packets().get(i).data(), f.packets().get(i).data());
      }
    }
  }

  @Property(tries = 500, seed = "15")
  void corruptedBytesAreReadOrRefused(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 10) int count,
      @ForAll @IntRange(min = 1, max = 8) int flips)
      throws IOException {
    Written w = write(seed, count, 65535);
    byte[] b = w.bytes().clone();
    Random r = new Random(seed ^ 0x5eed);
    for (int i = 0; i < flips; i++) {
      // mostly in the headers, where a flip changes lengths, magic and times
      int at = r.nextBoolean() ? r.nextInt(Math.min(b.length, 40)) : r.nextInt(b.length);
      b[at] = (byte) r.nextInt(256);
    }
    read(b);
  }
}
