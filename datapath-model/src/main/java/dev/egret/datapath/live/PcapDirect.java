package dev.egret.datapath.live;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.lang.reflect.Field;
import org.pcap4j.core.PcapHandle;

/**
 * The receive fast path: {@code pcap_next_ex} called directly (JNA direct mapping) on the {@code
 * pcap_t} of a pcap4j handle, copying the frame into the caller's buffer. pcap4j 1.8.2's {@code
 * getNextRawPacket} builds a JNA {@code Structure} and a fresh array per frame, about 9 µs of CPU
 * per frame here against about 2 µs for this. pcap4j still opens, configures, filters, injects into
 * and closes the handle; only the read loop goes through this. Falls back to pcap4j (returns null
 * from {@link #pointerOf}) when the handle's pointer cannot be reached.
 */
final class PcapDirect {
  private PcapDirect() {}

  /** Offset of {@code caplen} in {@code struct pcap_pkthdr} on LP64 (after a 16-byte timeval). */
  private static final int CAPLEN_OFFSET = 16;

  private static final boolean AVAILABLE;

  static {
    boolean ok;
    try {
      Native.register(
          PcapDirect.class,
          NativeLibrary.getInstance(System.getProperty("org.pcap4j.core.pcapLibName", "pcap")));
      ok = Native.POINTER_SIZE == 8;
    } catch (Throwable e) {
      ok = false;
    }
    AVAILABLE = ok;
  }

  private static native int pcap_next_ex(
      Pointer p, PointerByReference header, PointerByReference data);

  /** The {@code pcap_t *} inside a pcap4j handle, or null. */
  static Pointer pointerOf(PcapHandle h) {
    if (!AVAILABLE) {
      return null;
    }
    try {
      Field f = PcapHandle.class.getDeclaredField("handle");
      f.setAccessible(true);
      return (Pointer) f.get(h);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /** Reusable out-parameters of one reader. */
  static final class Reader {
    private final Pointer pcap;
    private final PointerByReference header = new PointerByReference();
    private final PointerByReference data = new PointerByReference();

    Reader(Pointer pcap) {
      this.pcap = pcap;
    }

    /**
     * Reads the next frame into {@code into}; returns its captured length (truncated to the array),
     * 0 when none came (woken by {@code pcap_breakloop}, timeout), -1 on error.
     */
    int next(byte[] into) {
      int rc = pcap_next_ex(pcap, header, data);
      if (rc == 1) {
        int caplen = header.getValue().getInt(CAPLEN_OFFSET);
        int n = Math.min(caplen, into.length);
        data.getValue().read(0, into, 0, n);
        return n;
      }
      return rc == 0 || rc == -2 ? 0 : -1;
    }
  }
}
