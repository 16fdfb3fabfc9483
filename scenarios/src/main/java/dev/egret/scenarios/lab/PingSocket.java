package dev.egret.scenarios.lab;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.Closeable;

/**
 * An ICMP echo client over Linux's unprivileged ping socket ({@code socket(AF_INET, SOCK_DGRAM,
 * IPPROTO_ICMP)}, what {@code ping} uses): the kernel picks the echo id (the socket's "port"),
 * fills in the checksum and delivers only the replies to this socket. The socket belongs to the
 * namespace of the thread that creates it; the namespace needs {@code net.ipv4.ping_group_range} to
 * include the caller's group (the lab sets it in pod namespaces).
 */
final class PingSocket implements Closeable {
  private static final int AF_INET = 2;
  private static final int SOCK_DGRAM = 2;
  private static final int IPPROTO_ICMP = 1;
  private static final short POLLIN = 1;
  static final int ECHO_REQUEST = 8;
  static final int ECHO_REPLY = 0;
  static final int HEADER = 8;

  interface LibC extends Library {
    int socket(int domain, int type, int protocol) throws LastErrorException;

    int bind(int fd, byte[] addr, int len) throws LastErrorException;

    int getsockname(int fd, byte[] addr, int[] len) throws LastErrorException;

    long sendto(int fd, byte[] buf, long len, int flags, byte[] addr, int addrlen)
        throws LastErrorException;

    long recv(int fd, byte[] buf, long len, int flags) throws LastErrorException;

    int poll(byte[] fds, long nfds, int timeout) throws LastErrorException;

    int close(int fd) throws LastErrorException;
  }

  private static final class Holder {
    static final LibC LIBC = Native.load("c", LibC.class);
  }

  private final int fd;
  private final int id;

  /** Opens a ping socket bound to {@code src} (in the calling thread's namespace). */
  PingSocket(int src) {
    LibC c = Holder.LIBC;
    try {
      fd = c.socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP);
    } catch (LastErrorException e) {
      throw new LabException(
          "cannot open a ping socket (errno "
              + e.getErrorCode()
              + "; is net.ipv4.ping_group_range set?)",
          e);
    }
    try {
      c.bind(fd, sockaddr(src, 0), 16);
      byte[] a = new byte[16];
      c.getsockname(fd, a, new int[] {16});
      id = ((a[2] & 0xff) << 8) | (a[3] & 0xff);
    } catch (LastErrorException e) {
      close();
      throw new LabException("cannot bind a ping socket: errno " + e.getErrorCode(), e);
    }
  }

  /** The echo id the kernel gave this socket. */
  int id() {
    return id;
  }

  /** Sends echo request {@code seq} with a 56-byte payload to {@code dst}. */
  void send(int dst, int seq) {
    byte[] m = new byte[HEADER + 56];
    m[0] = (byte) ECHO_REQUEST;
    m[4] = (byte) (id >>> 8);
    m[5] = (byte) id;
    m[6] = (byte) (seq >>> 8);
    m[7] = (byte) seq;
    for (int i = HEADER; i < m.length; i++) {
      m[i] = (byte) i;
    }
    try {
      Holder.LIBC.sendto(fd, m, m.length, 0, sockaddr(dst, 0), 16);
    } catch (LastErrorException e) {
      // like ping: an unreachable destination is reported per packet and the run goes on
    }
  }

  /** Waits up to {@code timeoutMillis} for a reply; returns its sequence number, or -1. */
  int receive(int timeoutMillis) {
    byte[] pfd = new byte[8];
    pfd[0] = (byte) fd;
    pfd[1] = (byte) (fd >>> 8);
    pfd[2] = (byte) (fd >>> 16);
    pfd[3] = (byte) (fd >>> 24);
    pfd[4] = (byte) POLLIN;
    try {
      if (Holder.LIBC.poll(pfd, 1, Math.max(0, timeoutMillis)) <= 0) {
        return -1;
      }
      byte[] b = new byte[1500];
      long n = Holder.LIBC.recv(fd, b, b.length, 0);
      if (n < HEADER || (b[0] & 0xff) != ECHO_REPLY) {
        return -1;
      }
      return ((b[6] & 0xff) << 8) | (b[7] & 0xff);
    } catch (LastErrorException e) {
      return -1;
    }
  }

  @Override
  public void close() {
    try {
      Holder.LIBC.close(fd);
    } catch (LastErrorException ignored) {
      // already closed
    }
  }

  /**
   * A {@code struct sockaddr_in}: family in host order (little endian), port and address in network
   * order.
   */
  private static byte[] sockaddr(int ip, int port) {
    byte[] a = new byte[16];
    a[0] = (byte) AF_INET;
    a[2] = (byte) (port >>> 8);
    a[3] = (byte) port;
    a[4] = (byte) (ip >>> 24);
    a[5] = (byte) (ip >>> 16);
    a[6] = (byte) (ip >>> 8);
    a[7] = (byte) ip;
    return a;
  }
}
