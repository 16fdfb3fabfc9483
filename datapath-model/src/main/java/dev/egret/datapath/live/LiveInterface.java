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

  /** Largest frame captured or injected (the lab's MTUs are 1500; GSO is turned off). */
  public static final int SNAPLEN = 65_536;

  /** Kernel ring size per handle. */
  public static final int BUFFER_BYTES = 4 << 20;

  private final String ns;
  private final String ifname;
  private final PcapHandle handle;
  private final byte[] tx = new byte[SNAPLEN];
  private volatile long received;
  private volatile long sent;
  private volatile long sendErrors;

  private LiveInterface(String ns, String ifname, PcapHandle handle) {
    this.ns = ns;
    this.ifname = ifname;
    this.handle = handle;
  }

  /**
   * Opens {@code ifname} in namespace {@code ns}.
   *
   * @param filter a pcap capture filter ({@code "arp or ip"}), or null for every frame
   * @throws IllegalArgumentException if {@link LabGuard} refuses the interface
   * @throws IllegalStateException if libpcap cannot open it
   */
  public static LiveInterface open(String ns, String ifname, String filter) {
    LabGuard.check(ns, ifname);
    try {
      PcapHandle h =
          Netns.call(
              ns,
              () -> {
                PcapHandle p =
                    new PcapHandle.Builder(ifname)
                        .snaplen(SNAPLEN)
                        .promiscuousMode(PromiscuousMode.PROMISCUOUS)
                        .timeoutMillis(READ_TIMEOUT_MS)
                        .bufferSize(BUFFER_BYTES)
                        .immediateMode(true)
                        .build();
                try {
                  p.setDirection(PcapHandle.PcapDirection.IN);
                  if (filter != null) {
                    p.setFilter(filter, BpfProgram.BpfCompileMode.OPTIMIZE);
                  }
                } catch (PcapNativeException | NotOpenException e) {
                  p.close();
                  throw e;
                }
                return p;
              });
      return new LiveInterface(ns, ifname, h);
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
    try {
      byte[] b = handle.getNextRawPacket();
      if (b != null) {
        received++;
      }
      return b;
    } catch (NotOpenException e) {
      return null;
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

  @Override
  public void close() {
    if (handle.isOpen()) {
      handle.close();
    }
  }

  @Override
  public String toString() {
    return ns + "/" + ifname;
  }
}
