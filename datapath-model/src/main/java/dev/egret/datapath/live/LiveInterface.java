package dev.egret.datapath.live;

import java.io.Closeable;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface.PromiscuousMode;

/**
 * One pcap4j handle on a lab interface, used both to receive (immediate mode, incoming frames only,
 * an optional capture filter) and to inject. Opened from a thread inside the interface's namespace
 * (the handle's socket stays bound there); refused by {@link LabGuard} unless the lab created the
 * interface.
 *
 * <p>In immediate mode libpcap's read blocks until a frame arrives (the read timeout does not
 * apply), so a reader loop is stopped with {@link #wakeUp()} ({@code pcap_breakloop}, which wakes
 * the blocked {@code poll}): the read returns null and the loop can check whether to go on. {@link
 * #send} may be called from any thread while another thread reads; concurrent senders serialise on
 * the transmit buffer.
 */
public final class LiveInterface implements Closeable {
  /** The read timeout given to libpcap (only used if immediate mode were off). */
  public static final int READ_TIMEOUT_MS = 20;

  /**
   * The default capture length: a 1500-byte MTU frame plus VXLAN fits (the lab turns GSO off, so no
   * frame is larger than the MTU). In immediate mode libpcap uses a TPACKET_V2 ring whose slots are
   * sized by the snap length, so it must stay small: with 65,536 a 4 MB ring holds 60 frames.
   */
  public static final int DEFAULT_SNAPLEN = 2048;

  /** Largest frame {@link #send} injects. */
  public static final int MAX_FRAME = 65_536;

  /** Kernel ring size per handle (about 7,000 frames at the default snap length). */
  public static final int BUFFER_BYTES = 16 << 20;

  private final String ns;
  private final String ifname;
  private final PcapHandle handle;
  private final byte[] tx = new byte[MAX_FRAME];
  private final int snaplen;
  private final PcapDirect.Reader direct;
  private final Object readLock = new Object();
  private volatile boolean closing;
  private volatile long received;
  private volatile long sent;
  private volatile long sendErrors;

  private LiveInterface(String ns, String ifname, PcapHandle handle, int snaplen) {
    this.snaplen = snaplen;
    this.ns = ns;
    this.ifname = ifname;
    this.handle = handle;
    var p = PcapDirect.pointerOf(handle);
    this.direct = p == null ? null : new PcapDirect.Reader(p);
  }

  /**
   * Opens {@code ifname} in namespace {@code ns}.
   *
   * @param filter a pcap capture filter ({@code "arp or ip"}), or null for every frame
   * @throws IllegalArgumentException if {@link LabGuard} refuses the interface
   * @throws IllegalStateException if libpcap cannot open it
   */
  public static LiveInterface open(String ns, String ifname, String filter) {
    return open(ns, ifname, filter, DEFAULT_SNAPLEN);
  }

  /** {@link #open(String, String, String)} with a capture length (at least the link's frames). */
  public static LiveInterface open(String ns, String ifname, String filter, int snaplen) {
    LabGuard.check(ns, ifname);
    try {
      PcapHandle h =
          Netns.call(
              ns,
              () -> {
                PcapHandle p =
                    new PcapHandle.Builder(ifname)
                        .snaplen(snaplen)
                        .promiscuousMode(PromiscuousMode.PROMISCUOUS)
                        .timeoutMillis(READ_TIMEOUT_MS)
                        .bufferSize(BUFFER_BYTES)
                        .immediateMode(true)
                        .build();
                try {
                  p.setDirection(PcapHandle.PcapDirection.IN);
                  // libpcap drops outgoing frames in user space after the kernel copied them into
                  // the ring; "inbound" makes the kernel's socket filter drop them first, so the
                  // frames we inject cost nothing on our own receive path.
                  p.setFilter(
                      filter == null ? "inbound" : "inbound and (" + filter + ")",
                      BpfProgram.BpfCompileMode.OPTIMIZE);
                } catch (PcapNativeException | NotOpenException e) {
                  p.close();
                  throw e;
                }
                return p;
              });
      return new LiveInterface(ns, ifname, h, snaplen);
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("cannot open " + ifname + " in " + ns + ": " + e, e);
    }
  }

  public String namespace() {
    return ns;
  }

  public String name() {
    return ifname;
  }

  /** The capture length: frames longer than this are truncated on receive. */
  public int snaplen() {
    return snaplen;
  }

  /**
   * Wakes a reader blocked in {@link #read()}, which then returns null; a later read blocks again.
   */
  public void wakeUp() {
    try {
      handle.breakLoop();
    } catch (NotOpenException e) {
      // closed: nobody is reading
    }
  }

  /** The next incoming frame (a fresh array), or null after {@link #wakeUp()} or once closed. */
  public byte[] read() {
    byte[] buf = new byte[snaplen];
    int n = read(buf);
    return n > 0 ? java.util.Arrays.copyOf(buf, n) : null;
  }

  /**
   * Reads the next incoming frame into {@code into} (allocation-free on the fast path); returns its
   * length, 0 after {@link #wakeUp()}, or -1 once closed.
   */
  public int read(byte[] into) {
    synchronized (readLock) {
      if (closing || !handle.isOpen()) {
        return -1;
      }
      if (direct != null) {
        int n = direct.next(into);
        if (n > 0) {
          received++;
        }
        return n;
      }
      try {
        byte[] b = handle.getNextRawPacket();
        if (b == null) {
          return 0;
        }
        received++;
        int n = Math.min(b.length, into.length);
        System.arraycopy(b, 0, into, 0, n);
        return n;
      } catch (NotOpenException e) {
        return -1;
      }
    }
  }

  /** Injects {@code b[off..off+len)}; false if the kernel refused it (counted). */
  public boolean send(byte[] b, int off, int len) {
    try {
      if (off == 0) {
        handle.sendPacket(b, len);
      } else {
        synchronized (tx) {
          System.arraycopy(b, off, tx, 0, len);
          handle.sendPacket(tx, len);
        }
      }
      sent++;
      return true;
    } catch (PcapNativeException | NotOpenException e) {
      sendErrors++;
      return false;
    }
  }

  public long received() {
    return received;
  }

  public long sent() {
    return sent;
  }

  public long sendErrors() {
    return sendErrors;
  }

  public boolean isOpen() {
    return handle.isOpen();
  }

  /** Closes the handle; a reader blocked in {@link #read} is woken first. Idempotent. */
  @Override
  public void close() {
    closing = true;
    wakeUp();
    synchronized (readLock) {
      if (handle.isOpen()) {
        handle.close();
      }
    }
  }

  @Override
  public String toString() {
    return ns + "/" + ifname;
  }
}
