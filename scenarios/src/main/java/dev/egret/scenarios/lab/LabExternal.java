package dev.egret.scenarios.lab;

import dev.egret.datapath.live.LiveInterface;
import dev.egret.datapath.live.Netns;
import dev.egret.datapath.net.Ip4;
import dev.egret.scenarios.model.ExternalSpec;
import dev.egret.scenarios.model.Protocol;
import dev.egret.scenarios.model.ServiceSpec;
import dev.egret.scenarios.traffic.HttpMessages;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An external host of the lab: a plain Linux stack in its own namespace running the scenario's
 * services on real sockets — {@code echo-ip} (HTTP answering the peer {@code ip:port} the kernel's
 * {@code accept} reported, like seeds/004's echoip), {@code http} (a fixed body), {@code udp-echo}
 * and {@code sink} — plus a sniffer (a pcap handle on its interface) that tells the lab which
 * packets reached it and with which source.
 */
final class LabExternal implements Closeable {
  /** What a TCP server's accept reported. */
  record Peer(int ip, int port, int localPort) {}

  private static final int ACCEPT_POLL_MS = 100;

  final String name;
  final String ns;
  final int ip;
  private final ExecutorService exec;
  private final List<Closeable> sockets = new ArrayList<>();
  private final ConcurrentLinkedQueue<Peer> peers = new ConcurrentLinkedQueue<>();
  private final java.util.Set<Socket> open = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private volatile boolean running = true;
  private LiveInterface sniffer;
  private Thread snifferThread;

  LabExternal(ExternalSpec e) {
    this.name = e.name();
    this.ns = LabNetwork.externalNs(e.name());
    this.ip = e.ip();
    this.exec = Netns.executor(ns);
  }

  /** Starts every service and the sniffer. */
  void start(List<ServiceSpec> services, LabBook book, LabCaptures captures, int snaplen) {
    for (ServiceSpec s : services) {
      if (s.protocol() == Protocol.TCP) {
        startTcp(s);
      } else if (s.protocol() == Protocol.UDP) {
        startUdp(s);
      }
    }
    sniffer = LiveInterface.open(ns, LabNetwork.ENDPOINT_IF, "ip", snaplen);
    LiveInterface h = sniffer;
    String file = "external-" + name + ".pcap";
    snifferThread =
        new Thread(
            () -> {
              while (running) {
                byte[] f = h.read();
                if (f != null) {
                  book.arrived(f, f.length);
                  captures.write(file, f, 0, f.length);
                }
              }
              h.close();
            },
            "lab-sniffer-" + name);
    snifferThread.setDaemon(true);
    snifferThread.start();
  }

  /** Peers the TCP services accepted, in order. */
  List<Peer> peers() {
    return new ArrayList<>(peers);
  }

  private InetAddress addr() throws IOException {
    return InetAddress.getByAddress(
        new byte[] {(byte) (ip >>> 24), (byte) (ip >>> 16), (byte) (ip >>> 8), (byte) ip});
  }

  private void startTcp(ServiceSpec s) {
    ServerSocket ss;
    try {
      ss =
          Netns.call(
              ns,
              () -> {
                ServerSocket x = new ServerSocket();
                x.setReuseAddress(true);
                x.bind(new InetSocketAddress(addr(), s.port()), 512);
                x.setSoTimeout(ACCEPT_POLL_MS);
                return x;
              });
    } catch (Exception e) {
      throw new LabException(
          "external " + name + ": cannot listen on TCP " + s.port() + ": " + e, e);
    }
    sockets.add(ss);
    exec.execute(
        () -> {
          while (running) {
            try {
              Socket c = ss.accept();
              open.add(c);
              peers.add(
                  new Peer(Ip4.parse(c.getInetAddress().getHostAddress()), c.getPort(), s.port()));
              exec.execute(() -> serve(s, c));
            } catch (SocketTimeoutException e) {
              // poll running
            } catch (IOException e) {
              if (!running) {
                return;
              }
            }
          }
        });
  }

  /** One accepted connection: read the request (or everything, for a sink) and answer. */
  private void serve(ServiceSpec s, Socket c) {
    try (c) {
      c.setSoTimeout(30_000);
      InputStream in = c.getInputStream();
      if (s.app() == ServiceSpec.App.SINK) {
        in.transferTo(OutputSink.INSTANCE);
        return;
      }
      byte[] buf = new byte[4096];
      int matched = 0;
      int n;
      while ((n = in.read(buf)) > 0) {
        matched = headerEnd(matched, buf, n);
        if (matched == 4) {
          break;
        }
      }
      if (matched != 4) {
        return;
      }
      String body =
          s.app() == ServiceSpec.App.ECHO_IP
              ? c.getInetAddress().getHostAddress() + ":" + c.getPort() + "\n"
              : s.response() == null ? "ok\n" : s.response();
      c.getOutputStream().write(HttpMessages.okResponse(body));
      c.getOutputStream().flush();
      c.shutdownOutput();
      // Read until the client closes, so our FIN is not followed by a RST.
      while (in.read(buf) > 0) {
        // discard
      }
    } catch (IOException e) {
      // the client went away
    } finally {
      open.remove(c);
    }
  }

  private static int headerEnd(int matched, byte[] b, int n) {
    byte[] end = {'\r', '\n', '\r', '\n'};
    for (int i = 0; i < n; i++) {
      if (b[i] == end[matched]) {
        matched++;
        if (matched == 4) {
          return 4;
        }
      } else {
        matched = b[i] == end[0] ? 1 : 0;
      }
    }
    return matched;
  }

  private void startUdp(ServiceSpec s) {
    DatagramSocket ds;
    try {
      ds =
          Netns.call(
              ns,
              () -> {
                DatagramSocket x = new DatagramSocket(new InetSocketAddress(addr(), s.port()));
                x.setSoTimeout(ACCEPT_POLL_MS);
                return x;
              });
    } catch (Exception e) {
      throw new LabException("external " + name + ": cannot bind UDP " + s.port() + ": " + e, e);
    }
    sockets.add(ds);
    boolean echo = s.app() == ServiceSpec.App.UDP_ECHO;
    exec.execute(
        () -> {
          byte[] buf = new byte[65536];
          while (running) {
            try {
              DatagramPacket p = new DatagramPacket(buf, buf.length);
              ds.receive(p);
              if (echo) {
                ds.send(new DatagramPacket(buf, p.getLength(), p.getSocketAddress()));
              }
            } catch (SocketTimeoutException e) {
              // poll running
            } catch (IOException e) {
              if (!running) {
                return;
              }
            }
          }
        });
  }

  @Override
  public void close() {
    running = false;
    for (Socket c : open) {
      try {
        c.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    for (Closeable s : sockets) {
      try {
        s.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    exec.shutdownNow();
    if (sniffer != null) {
      sniffer.wakeUp();
    }
    try {
      exec.awaitTermination(5, TimeUnit.SECONDS);
      if (snifferThread != null) {
        snifferThread.join(5000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (sniffer != null) {
      sniffer.close();
    }
  }

  /** Discards bytes. */
  private static final class OutputSink extends java.io.OutputStream {
    static final OutputSink INSTANCE = new OutputSink();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }
}
