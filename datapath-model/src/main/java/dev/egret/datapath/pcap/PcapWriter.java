package dev.egret.datapath.pcap;

import dev.egret.datapath.packet.Skb;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes classic libpcap files with nanosecond timestamps and the Ethernet link type, the format
 * SPEC §5 asks for. pcap4j 1.8.2's dumper only writes microsecond files (it goes through libpcap's
 * {@code pcap_dump}, which needs a live libpcap and a nanosecond-precision handle), so this small
 * writer produces the format directly; Wireshark and tshark read it natively.
 *
 * <p>Format (all fields little-endian, as written on x86 by libpcap):
 *
 * <pre>
 * global header (24 bytes): magic 0xa1b23c4d (nanosecond variant), version 2.4, thiszone 0,
 *                           sigfigs 0, snaplen, network (1 = LINKTYPE_ETHERNET)
 * per packet (16 bytes):    ts_sec, ts_nsec, incl_len (≤ snaplen), orig_len, then incl_len bytes
 * </pre>
 *
 * Timestamps are nanoseconds since the Unix epoch; callers add their own base (e.g. a fixed epoch
 * plus the simulation clock). Not thread-safe.
 */
public final class PcapWriter implements Closeable {
  /** The nanosecond-resolution pcap magic number. */
  public static final int MAGIC_NANOS = 0xa1b23c4d;

  /** The microsecond-resolution pcap magic number (not written; recognised by the reader). */
  public static final int MAGIC_MICROS = 0xa1b2c3d4;

  public static final int VERSION_MAJOR = 2;
  public static final int VERSION_MINOR = 4;

  /** {@code LINKTYPE_ETHERNET} (DLT_EN10MB). */
  public static final int LINKTYPE_ETHERNET = 1;

  /** tcpdump's default snapshot length. */
  public static final int DEFAULT_SNAPLEN = 262144;

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final OutputStream out;
  private final int snaplen;
  private final byte[] hdr = new byte[24];
  private long packets;

  /** Writes the global header to {@code out} with the default snap length. */
  public PcapWriter(OutputStream out) throws IOException {
    this(out, DEFAULT_SNAPLEN);
  }

  /** Writes the global header to {@code out}. */
  public PcapWriter(OutputStream out, int snaplen) throws IOException {
    if (snaplen <= 0) {
      throw new IllegalArgumentException("snaplen must be positive: " + snaplen);
    }
    this.out = out;
    this.snaplen = snaplen;
    putInt(hdr, 0, MAGIC_NANOS);
    putShort(hdr, 4, VERSION_MAJOR);
    putShort(hdr, 6, VERSION_MINOR);
    putInt(hdr, 8, 0);
    putInt(hdr, 12, 0);
    putInt(hdr, 16, snaplen);
    putInt(hdr, 20, LINKTYPE_ETHERNET);
    out.write(hdr, 0, 24);
  }

  /** Creates (or truncates) {@code path} and writes the global header. */
  public static PcapWriter open(Path path) throws IOException {
    return new PcapWriter(new BufferedOutputStream(Files.newOutputStream(path)));
  }

  /**
   * Appends one packet.
   *
   * @param timestampNanos nanoseconds since the Unix epoch (must be ≥ 0)
   */
  public void write(long timestampNanos, byte[] frame, int off, int len) throws IOException {
    if (timestampNanos < 0) {
      throw new IllegalArgumentException("timestamp must be >= 0: " + timestampNanos);
    }
    if (off < 0 || len < 0 || off + len > frame.length) {
      throw new IllegalArgumentException("frame range outside array");
    }
    long sec = timestampNanos / NANOS_PER_SECOND;
    if (sec > 0xffffffffL) {
      throw new IllegalArgumentException("timestamp beyond the pcap range: " + timestampNanos);
    }
    int incl = Math.min(len, snaplen);
    putInt(hdr, 0, (int) sec);
    putInt(hdr, 4, (int) (timestampNanos % NANOS_PER_SECOND));
    putInt(hdr, 8, incl);
    putInt(hdr, 12, len);
    out.write(hdr, 0, 16);
    out.write(frame, off, incl);
    packets++;
  }

  /** Appends the frame of a packet. */
  public void write(long timestampNanos, Skb skb) throws IOException {
    write(timestampNanos, skb.data(), skb.off(), skb.len());
  }

  /** The number of packets written. */
  public long packets() {
    return packets;
  }

  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    try {
      out.flush();
    } finally {
      out.close();
    }
  }

  /** Like {@link #write(long, byte[], int, int)} but rethrows as {@link UncheckedIOException}. */
  public void writeUnchecked(long timestampNanos, byte[] frame, int off, int len) {
    try {
      write(timestampNanos, frame, off, len);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void putInt(byte[] b, int off, int v) {
    b[off] = (byte) v;
    b[off + 1] = (byte) (v >>> 8);
    b[off + 2] = (byte) (v >>> 16);
    b[off + 3] = (byte) (v >>> 24);
  }

  static void putShort(byte[] b, int off, int v) {
    b[off] = (byte) v;
    b[off + 1] = (byte) (v >>> 8);
  }
}
