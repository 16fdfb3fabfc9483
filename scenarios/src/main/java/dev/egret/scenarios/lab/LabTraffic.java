package dev.egret.scenarios.lab;

import dev.egret.datapath.net.Ip4;
import dev.egret.datapath.packet.Ipv4;
import dev.egret.scenarios.model.Action;
import dev.egret.scenarios.model.Destination;
import dev.egret.scenarios.model.Protocol;
import dev.egret.scenarios.traffic.HttpMessages;
import dev.egret.scenarios.traffic.LoadGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The lab's clients: real sockets opened by threads inside the pods' namespaces, one per
 * connection, doing what the simulator's activities do — {@code http} like {@code curl --max-time}
 * ({@code GET /}, read until the server closes, abort with RST at the deadline), {@code tcp}
 * (connect, send {@code bytes}, hold, close), {@code udp} (datagrams 10 ms apart, echoes collected
 * until {@code timeout} after the last), {@code ping} (a ping socket, one request a second) and
 * {@code load} (connection i at floor(i / rate) seconds, from the selected pods in turn). Every
 * client binds before its first packet so the ledger knows its tuple.
 */
final class LabTraffic {
  /** {@code load} above this rate is capped (the lab is two cores and real stacks). */
  static final double MAX_LOAD_RATE = 200;

  private static final long UDP_GAP_MILLIS = 10;
  private static final long PING_GAP_MILLIS = 1000;

  private final LabWorld w;
  private final double speed;

  LabTraffic(LabWorld w, double speed) {
    this.w = w;
    this.speed = speed;
  }

  private long scaled(long nanos) {
    return (long) (nanos / speed);
  }

  /**
   * Starts timeline item {@code action}'s traffic from {@code sources}; returns when all is done.
   */
  CompletableFuture<Void> launch(int action, Action.Traffic t, List<LabWorld.LabPod> sources) {
    List<CompletableFuture<Void>> all = new ArrayList<>();
    if (t instanceof Action.Load l) {
      all.add(load(action, l, sources));
    } else {
      for (LabWorld.LabPod p : sources) {
        all.add(one(action, t, p));
      }
    }
    return CompletableFuture.allOf(all.toArray(new CompletableFuture[0]));
  }

  private CompletableFuture<Void> one(int action, Action.Traffic t, LabWorld.LabPod p) {
    int proto =
        switch (t.protocol()) {
          case TCP -> Ipv4.IPPROTO_TCP;
          case UDP -> Ipv4.IPPROTO_UDP;
          case ICMP -> Ipv4.IPPROTO_ICMP;
        };
    Destination to = t.to();
    LabBook.Conn c = w.book.open(action, p.key(), p.ip(), p.node(), proto, to.ip(), to.port());
    Runnable body;
    if (t instanceof Action.Http h) {
      body = () -> http(c, to, scaled(h.timeout()));
    } else if (t instanceof Action.Tcp tc) {
      body = () -> tcp(c, to, tc.bytes(), scaled(tc.hold()), scaled(tc.timeout()));
    } else if (t instanceof Action.Udp u) {
      body = () -> udp(c, to, u.count(), u.size(), scaled(u.timeout()));
    } else if (t instanceof Action.Ping pg) {
      body = () -> ping(c, to, pg.count(), scaled(pg.timeout()));
    } else {
      throw new IllegalArgumentException(t.kind());
    }
    try {
      return CompletableFuture.runAsync(
          () -> {
            try {
              body.run();
            } catch (RuntimeException e) {
              c.error = e.toString();
            }
          },
          p.exec());
    } catch (java.util.concurrent.RejectedExecutionException e) {
      c.error = "the pod or the lab stopped before the connection started";
      return CompletableFuture.completedFuture(null);
    }
  }

  private CompletableFuture<Void> load(int action, Action.Load l, List<LabWorld.LabPod> sources) {
    double rate = Math.min(l.rate(), MAX_LOAD_RATE);
    if (rate < l.rate()) {
      synchronized (w.warnings) {
        w.warnings.add(
            "timeline[" + action + "] (load): rate " + l.rate() + "/s capped at " + rate + "/s");
      }
    }
    long n = LoadGenerator.connectionCount(rate, scaled(l.duration()));
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread pacer =
        new Thread(
            () -> {
              List<CompletableFuture<Void>> all = new ArrayList<>();
              long start = System.nanoTime();
              for (long i = 0; i < n && !w.isClosed(); i++) {
                long at = start + LoadGenerator.offsetOf(i, rate);
                sleepUntil(at);
                LabWorld.LabPod p = sources.get((int) (i % sources.size()));
                Action.Traffic one =
                    switch (l.protocol()) {
                      case TCP -> new Action.Tcp(l.from(), l.to(), 0, l.hold(), l.timeout());
                      case UDP -> new Action.Udp(l.from(), l.to(), 1, 64, l.timeout());
                      case ICMP -> new Action.Ping(l.from(), l.to(), 1, l.timeout());
                    };
                all.add(one(action, one, p));
              }
              CompletableFuture.allOf(all.toArray(new CompletableFuture[0]))
                  .whenComplete((v, e) -> done.complete(null));
            },
            "lab-load-" + action);
    pacer.setDaemon(true);
    pacer.start();
    return done;
  }

  static void sleepUntil(long nanoTime) {
    long d;
    while ((d = nanoTime - System.nanoTime()) > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(d);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static InetAddress inet(int ip) {
    try {
      return InetAddress.getByAddress(
          new byte[] {(byte) (ip >>> 24), (byte) (ip >>> 16), (byte) (ip >>> 8), (byte) ip});
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  // ------------------------------------------------------------------ clients

  private void http(LabBook.Conn c, Destination to, long timeout) {
    long deadline = System.nanoTime() + timeout;
    Socket s = new Socket();
    try {
      s.bind(new InetSocketAddress(inet(c.podIp), 0));
      w.book.bound(c, s.getLocalPort());
      c.startNanos = System.nanoTime();
      s.connect(new InetSocketAddress(inet(to.ip()), to.port()), millisLeft(deadline));
      s.setSoTimeout(millisLeft(deadline));
      String host = to.external() != null ? to.external() : w.map.scenarioText(to.ip());
      s.getOutputStream().write(HttpMessages.request(host, to.port()));
      InputStream in = s.getInputStream();
      ByteArrayOutputStream resp = new ByteArrayOutputStream();
      byte[] buf = new byte[4096];
      int n;
      while ((n = in.read(buf)) > 0) {
        c.answered();
        resp.write(buf, 0, n);
        s.setSoTimeout(millisLeft(deadline));
      }
      String r = resp.toString(StandardCharsets.UTF_8);
      int body = r.indexOf("\r\n\r\n");
      if (body >= 0) {
        c.echoedSource = r.substring(body + 4).trim();
      }
      s.close();
    } catch (SocketTimeoutException | TimeoutLeft e) {
      abort(s);
    } catch (IOException e) {
      c.error = e.getMessage();
      abort(s);
    }
  }

  /** curl at --max-time: the connection is reset, not closed. */
  private static void abort(Socket s) {
    try {
      if (s.isConnected()) {
        s.setSoLinger(true, 0);
      }
      s.close();
    } catch (IOException e) {
      // gone anyway
    }
  }

  private static int millisLeft(long deadline) {
    long ms = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    if (ms <= 0) {
      throw new TimeoutLeft();
    }
    return (int) Math.min(Integer.MAX_VALUE, ms);
  }

  /** The deadline passed between two socket calls. */
  private static final class TimeoutLeft extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TimeoutLeft() {
      super("timeout", null, false, false);
    }
  }

  private void tcp(LabBook.Conn c, Destination to, long bytes, long hold, long timeout) {
    long deadline = System.nanoTime() + timeout;
    Socket s = new Socket();
    try {
      s.bind(new InetSocketAddress(inet(c.podIp), 0));
      w.book.bound(c, s.getLocalPort());
      c.startNanos = System.nanoTime();
      s.connect(new InetSocketAddress(inet(to.ip()), to.port()), millisLeft(deadline));
      c.answered();
      if (bytes > 0) {
        byte[] chunk = new byte[8192];
        long left = bytes;
        while (left > 0) {
          int k = (int) Math.min(chunk.length, left);
          s.getOutputStream().write(chunk, 0, k);
          left -= k;
        }
      }
      sleepUntil(System.nanoTime() + hold);
      s.close();
    } catch (IOException | TimeoutLeft e) {
      abort(s);
    }
  }

  private void udp(LabBook.Conn c, Destination to, int count, int size, long timeout) {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(inet(c.podIp), 0))) {
      w.book.bound(c, s.getLocalPort());
      c.startNanos = System.nanoTime();
      byte[] payload = new byte[Math.max(0, size)];
      long last = System.nanoTime();
      for (int i = 0; i < count; i++) {
        if (payload.length > 0) {
          payload[0] = (byte) i;
        }
        s.send(new DatagramPacket(payload, payload.length, inet(to.ip()), to.port()));
        last = System.nanoTime();
        if (i + 1 < count) {
          sleepUntil(last + TimeUnit.MILLISECONDS.toNanos(UDP_GAP_MILLIS));
        }
      }
      long deadline = last + timeout;
      byte[] buf = new byte[65536];
      int echoes = 0;
      while (echoes < count) {
        long ms = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (ms <= 0) {
          break;
        }
        s.setSoTimeout((int) ms);
        try {
          s.receive(new DatagramPacket(buf, buf.length));
          c.answered();
          echoes++;
        } catch (SocketTimeoutException e) {
          break;
        }
      }
    } catch (IOException e) {
      c.error = e.getMessage();
    }
  }

  private void ping(LabBook.Conn c, Destination to, int count, long timeout) {
    try (PingSocket s = new PingSocket(c.podIp)) {
      w.book.bound(c, s.id());
      c.startNanos = System.nanoTime();
      long start = System.nanoTime();
      int sent = 0;
      int answered = 0;
      long end = Long.MAX_VALUE;
      while (answered < count) {
        long now = System.nanoTime();
        if (sent < count && now >= start + sent * TimeUnit.MILLISECONDS.toNanos(PING_GAP_MILLIS)) {
          s.send(to.ip(), ++sent);
          if (sent == count) {
            end = System.nanoTime() + timeout;
          }
          continue;
        }
        long next =
            sent < count ? start + sent * TimeUnit.MILLISECONDS.toNanos(PING_GAP_MILLIS) : end;
        if (now >= next && sent == count) {
          break;
        }
        int seq = s.receive((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(next - now)));
        if (seq > 0) {
          c.answered();
          answered++;
        }
      }
    }
  }

  /** The protocol's name, for messages. */
  static String name(Protocol p) {
    return p.name().toLowerCase(java.util.Locale.ROOT);
  }

  static String ip(int ip) {
    return Ip4.format(ip);
  }
}
