package dev.egret.datapath.pcap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads classic pcap files (micro- or nanosecond magic, either byte order) into memory; for tests
 * and tools that check what {@link PcapWriter} and real captures hold.
 */
public final class PcapReader {
  /** One captured packet. */
  public record Packet(long timestampNanos, int originalLength, byte[] data) {}

  /** A whole file. */
  public record File(int linkType, int snaplen, boolean nanosecond, List<Packet> packets) {}

  private PcapReader() {}

  /**
   * Reads everything from {@code in}.
   *
   * @throws IOException on I/O errors or when the data is not a pcap file
   */
  public static File read(InputStream in) throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    in.transferTo(bos);
    ByteBuffer bb = ByteBuffer.wrap(bos.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
    if (bb.remaining() < 24) {
      throw new IOException("not a pcap file: " + bb.remaining() + " bytes, need a 24-byte header");
    }
    int magic = bb.getInt(0);
    boolean nanos;
    if (magic == PcapWriter.MAGIC_NANOS || magic == PcapWriter.MAGIC_MICROS) {
      nanos = magic == PcapWriter.MAGIC_NANOS;
    } else {
      bb.order(ByteOrder.BIG_ENDIAN);
      magic = bb.getInt(0);
      if (magic != PcapWriter.MAGIC_NANOS && magic != PcapWriter.MAGIC_MICROS) {
        throw new IOException(String.format("not a pcap file: magic 0x%08x", magic));
      }
      nanos = magic == PcapWriter.MAGIC_NANOS;
    }
    int snaplen = bb.getInt(16);
    int link = bb.getInt(20);
    bb.position(24);
    List<Packet> out = new ArrayList<>();
    while (bb.remaining() >= 16) {
      long sec = bb.getInt() & 0xffffffffL;
      long frac = bb.getInt() & 0xffffffffL;
      int incl = bb.getInt();
      int orig = bb.getInt();
      if (incl < 0 || incl > bb.remaining()) {
        throw new IOException("truncated pcap record: incl_len " + incl);
      }
      byte[] d = new byte[incl];
      bb.get(d);
      out.add(new Packet(sec * 1_000_000_000L + (nanos ? frac : frac * 1000), orig, d));
    }
    return new File(link, snaplen, nanos, out);
  }
}
