package dev.egret.scenarios.traffic;

import java.util.Arrays;

/**
 * The byte stream one side of a TCP connection sends: real content (an HTTP request or response)
 * optionally followed by filler (the {@code bytes} of a {@code tcp} action), so that gigabytes can
 * be "sent" without being stored. Filler is the lowercase alphabet repeated, counted from the start
 * of the filler, which keeps pcaps readable. Segments are read in place ({@link #array(long)},
 * {@link #arrayOffset(long)}, {@link #contiguous(long, int)}) without copying.
 */
final class SendBuffer {
  private static final int FILLER_PERIOD = 26;

  /** The largest slice ever asked for: an IPv4 packet's worth. */
  private static final int MAX_SLICE = 65535;

  private static final byte[] FILLER = new byte[FILLER_PERIOD + MAX_SLICE];

  static {
    for (int i = 0; i < FILLER.length; i++) {
      FILLER[i] = (byte) ('a' + i % FILLER_PERIOD);
    }
  }

  private byte[] content = new byte[0];
  private int contentLen;
  private long fillerLen;

  /** Appends real bytes; only before any filler. */
  void append(byte[] b, int off, int len) {
    if (fillerLen > 0) {
      throw new IllegalStateException("content cannot follow filler");
    }
    if (contentLen + len > content.length) {
      content = Arrays.copyOf(content, Math.max(contentLen + len, content.length * 2));
    }
    System.arraycopy(b, off, content, contentLen, len);
    contentLen += len;
  }

  /** Appends {@code n} filler bytes. */
  void appendFiller(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("negative length " + n);
    }
    fillerLen += n;
  }

  /** The stream length so far. */
  long length() {
    return contentLen + fillerLen;
  }

  /** The array holding stream position {@code pos}. */
  byte[] array(long pos) {
    return pos < contentLen ? content : FILLER;
  }

  /** The offset of stream position {@code pos} in {@link #array(long)}. */
  int arrayOffset(long pos) {
    return pos < contentLen ? (int) pos : (int) ((pos - contentLen) % FILLER_PERIOD);
  }

  /**
   * How many bytes from {@code pos} (at most {@code max}) lie contiguously in {@link #array(long)}:
   * a segment never straddles the end of the content.
   */
  int contiguous(long pos, int max) {
    long end = pos < contentLen ? contentLen : length();
    return (int) Math.min(Math.min(max, MAX_SLICE), end - pos);
  }
}
