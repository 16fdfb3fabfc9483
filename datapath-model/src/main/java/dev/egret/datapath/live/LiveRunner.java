package dev.egret.datapath.live;

import dev.egret.datapath.maps.IntLongHashMap;
import dev.egret.datapath.net.Ip4;
import dev.egret.datapath.packet.Eth;
import dev.egret.datapath.packet.Skb;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;

/**
 * Runs one node's datapath on real interfaces: a pcap4j handle per port (the node's native devices
 * and its pods' lxc devices), one reader thread per handle in immediate mode, every IPv4 frame
 * handed to the node's {@link FrameHandler} (the same programs and wiring the simulator uses), and
 * the frames the handler emits injected on the port the verdict names ({@link #transmit}).
 *
 * <p>The runner is also the node's kernel where Cilium relies on it: it answers ARP requests for
 * the addresses a port owns (the node IPs and egress IPs on a native device; on an lxc device every
 * address but the pod's own, as Cilium's ARP responder on lxc does), and it resolves neighbours
 * with ARP requests on the native devices, learning from every ARP packet it sees there ({@link
 * #macOf}, {@link #resolve}).
 *
 * <p>Threads: the handler runs on the reader thread of the port the frame arrived on, holding the
 * runner's lock (which the caller may share with whoever else touches the datapath's state, e.g. a
 * control plane rewriting the maps), so a node's programs are serialised as on one CPU. {@link
 * #stop()} ends the reader threads and closes the handles (a stopped node answers nothing and
 * forwards nothing, like a node whose datapath died); {@link #start()} opens them again.
 */
public final class LiveRunner implements AutoCloseable {
  /** Receives a node's frames. */
  @FunctionalInterface
  public interface FrameHandler {
    /**
     * A frame arrived on {@code port}; the skb is only valid during the call. Called with the
     * runner's lock held.
     */
    void frame(int port, Skb skb);
  }

  /**
   * One interface of the node.
   *
   * @param ns the lab namespace holding it
   * @param ifname the interface's name (a lab interface, see {@link LabGuard})
   * @param mac the MAC the datapath uses for it (the lab sets the kernel's to the same)
   * @param answers the IPv4 addresses whose ARP requests this port answers with {@code mac}
   * @param arpSource the sender address of ARP requests for a target (0: never resolve here)
   * @param learns whether ARP packets seen here feed the neighbour table (native devices)
   * @param filter a pcap capture filter, or null for {@code "arp or ip"}
   */
  public record PortSpec(
      String ns,
      String ifname,
      long mac,
      IntPredicate answers,
      IntUnaryOperator arpSource,
      boolean learns,
      String filter) {}

  private static final String DEFAULT_FILTER = "arp or ip";

  private final String name;
  private final Object lock;
  private final FrameHandler handler;
  private final List<Port> ports = new ArrayList<>();
  private final IntLongHashMap neighbours = new IntLongHashMap(64);
  private final IntLongHashMap asked = new IntLongHashMap(64);
  private volatile boolean running;
  private volatile int snaplen = LiveInterface.DEFAULT_SNAPLEN;
  private volatile long arpAnswered;
  private volatile long framesHandled;

  /**
   * @param lock held while the handler runs; pass a lock shared with other writers of the node's
   *     state, or null for a private one
   */
  public LiveRunner(String name, Object lock, FrameHandler handler) {
    this.name = name;
    this.lock = lock == null ? new Object() : lock;
    this.handler = handler;
  }

  public String name() {
    return name;
  }

  /** Sets the capture length of ports opened from now on (at least the largest frame). */
  public void setSnaplen(int snaplen) {
    this.snaplen = Math.max(LiveInterface.DEFAULT_SNAPLEN, snaplen);
  }

  public boolean isRunning() {
    return running;
  }

  // ------------------------------------------------------------------ ports

  private final class Port {
    final int index;
    final PortSpec spec;
    volatile LiveInterface handle;
    volatile Thread reader;
    volatile boolean open;
    final byte[] arpOut = new byte[Arp.MIN_FRAME];

    Port(int index, PortSpec spec) {
      this.index = index;
      this.spec = spec;
    }
  }

  /** Adds a port (opened at once if the runner is running); returns its index. */
  public int addPort(PortSpec spec) {
    Port p;
    synchronized (ports) {
      p = new Port(ports.size(), spec);
      ports.add(p);
    }
    if (running) {
      openPort(p);
    }
    return p.index;
  }

  /** Closes and forgets a port (a pod went away). */
  public void removePort(int port) {
    Port p = port(port);
    if (p != null) {
      p.open = false;
      closePort(p);
      synchronized (ports) {
        ports.set(port, null);
      }
    }
  }

  private Port port(int index) {
    synchronized (ports) {
      return index >= 0 && index < ports.size() ? ports.get(index) : null;
    }
  }

  /** The spec of port {@code port}, or null. */
  public PortSpec spec(int port) {
    Port p = port(port);
    return p == null ? null : p.spec;
  }

  // ------------------------------------------------------------------ life cycle

  /** Opens every port and starts its reader. */
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    List<Port> all;
    synchronized (ports) {
      all = new ArrayList<>(ports);
    }
    for (Port p : all) {
      if (p != null) {
        openPort(p);
      }
    }
  }

  /** Stops every reader and closes the handles; the handler is not called after this returns. */
  public synchronized void stop() {
    if (!running) {
      return;
    }
    running = false;
    List<Port> all;
    synchronized (ports) {
      all = new ArrayList<>(ports);
    }
    for (Port p : all) {
      if (p != null) {
        p.open = false;
      }
    }
    for (Port p : all) {
      if (p != null) {
        closePort(p);
      }
    }
  }

  @Override
  public void close() {
    stop();
  }

  private void openPort(Port p) {
    LiveInterface h =
        LiveInterface.open(
            p.spec.ns(),
            p.spec.ifname(),
            p.spec.filter() == null ? DEFAULT_FILTER : p.spec.filter());
    p.handle = h;
    p.open = true;
    Thread t = new Thread(() -> readLoop(p, h), "live-" + name + "-" + p.spec.ifname());
    t.setDaemon(true);
    p.reader = t;
    t.start();
  }

  private void closePort(Port p) {
    Thread t = p.reader;
    LiveInterface live = p.handle;
    if (live != null) {
      live.wakeUp();
    }
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    p.reader = null;
    LiveInterface h = p.handle;
    if (h != null && (t == null || !t.isAlive())) {
      h.close();
    }
  }

  private void readLoop(Port p, LiveInterface h) {
    Skb skb = new Skb(h.snaplen());
    byte[] f = new byte[h.snaplen()];
    try {
      while (p.open && running) {
        int len = h.read(f);
        if (len < 0) {
          break;
        }
        if (len < Eth.HLEN) {
          continue;
        }
        int proto = Eth.proto(f, 0);
        if (proto == Eth.ETH_P_ARP) {
          arp(p, h, f, len);
          continue;
        }
        if (proto != Eth.ETH_P_IP) {
          continue;
        }
        synchronized (lock) {
          if (!p.open || !running) {
            break;
          }
          skb.load(f, 0, len);
          framesHandled++;
          handler.frame(p.index, skb);
        }
      }
    } finally {
      h.close();
    }
  }

  // ------------------------------------------------------------------ transmit

  /** Injects a frame on port {@code port}; false when the port is closed or the send failed. */
  public boolean transmit(int port, byte[] b, int off, int len) {
    Port p = port(port);
    LiveInterface h = p == null ? null : p.handle;
    if (h == null || !p.open) {
      return false;
    }
    return h.send(b, off, len);
  }

  /** Injects {@code skb}'s frame on port {@code port}. */
  public boolean transmit(int port, Skb skb) {
    return transmit(port, skb.data(), skb.off(), skb.len());
  }

  // ------------------------------------------------------------------ ARP

  private void arp(Port p, LiveInterface h, byte[] f, int len) {
    if (!Arp.isArp(f, len)) {
      return;
    }
    int spa = Arp.senderIp(f);
    if (p.spec.learns() && spa != 0) {
      synchronized (neighbours) {
        neighbours.put(spa, Arp.senderMac(f));
      }
    }
    if (Arp.oper(f) == Arp.OP_REQUEST) {
      int tpa = Arp.targetIp(f);
      if (tpa != spa && p.spec.answers().test(tpa)) {
        synchronized (p.arpOut) {
          int n = Arp.reply(f, p.spec.mac(), p.arpOut);
          h.send(p.arpOut, 0, n);
        }
        arpAnswered++;
      }
    }
  }

  /**
   * The MAC of neighbour {@code ip} learnt so far, or 0; on a miss, asks for it (one ARP request
   * per second at most) so a later packet finds it, as the kernel's neighbour code would.
   */
  public long macOf(int ip) {
    long m;
    synchronized (neighbours) {
      m = neighbours.get(ip);
    }
    if (m != IntLongHashMap.MISSING) {
      return m;
    }
    long now = System.nanoTime();
    boolean ask;
    synchronized (asked) {
      long last = asked.get(ip);
      ask = last == IntLongHashMap.MISSING || now - last > TimeUnit.SECONDS.toNanos(1);
      if (ask) {
        asked.put(ip, now);
      }
    }
    if (ask) {
      request(ip);
    }
    return 0;
  }

  /** Records a neighbour by hand (a static ARP entry). */
  public void learn(int ip, long mac) {
    synchronized (neighbours) {
      neighbours.put(ip, mac);
    }
  }

  /** Sends an ARP request for {@code ip} on every learning port that would resolve it. */
  public void request(int ip) {
    List<Port> all;
    synchronized (ports) {
      all = new ArrayList<>(ports);
    }
    for (Port p : all) {
      if (p == null || !p.open || !p.spec.learns()) {
        continue;
      }
      int src = p.spec.arpSource().applyAsInt(ip);
      LiveInterface h = p.handle;
      if (src != 0 && h != null) {
        synchronized (p.arpOut) {
          int n = Arp.request(p.spec.mac(), src, ip, p.arpOut);
          h.send(p.arpOut, 0, n);
        }
      }
    }
  }

  /**
   * Resolves {@code ips} (ARP requests, repeated every 200 ms) and waits up to {@code
   * timeoutMillis} for all answers; returns the addresses still unresolved.
   */
  public List<Integer> resolve(Collection<Integer> ips, long timeoutMillis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    List<Integer> missing = new ArrayList<>(ips);
    while (true) {
      missing.removeIf(ip -> known(ip));
      if (missing.isEmpty() || System.nanoTime() > deadline) {
        return missing;
      }
      for (int ip : missing) {
        request(ip);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return missing;
      }
    }
  }

  private boolean known(int ip) {
    synchronized (neighbours) {
      return neighbours.get(ip) != IntLongHashMap.MISSING;
    }
  }

  // ------------------------------------------------------------------ stats

  public long arpAnswered() {
    return arpAnswered;
  }

  public long framesHandled() {
    return framesHandled;
  }

  /** Frames received and sent per open port, for reports. */
  public String portStats() {
    StringBuilder sb = new StringBuilder();
    synchronized (ports) {
      for (Port p : ports) {
        if (p != null && p.handle != null) {
          sb.append(p.spec.ifname())
              .append(" rx ")
              .append(p.handle.received())
              .append(" tx ")
              .append(p.handle.sent())
              .append("; ");
        }
      }
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "LiveRunner(" + name + (running ? "" : ", stopped") + ")";
  }

  static String ip(int ip) {
    return Ip4.format(ip);
  }
}
