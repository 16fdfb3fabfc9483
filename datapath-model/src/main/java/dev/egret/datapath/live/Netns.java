package dev.egret.datapath.live;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Named network namespaces ({@code ip netns}, {@code /run/netns/NAME}) entered by Java threads.
 *
 * <p>Linux keeps the network namespace per thread: {@code setns(fd, CLONE_NEWNET)} moves only the
 * calling thread. Every socket a thread creates afterwards — a pcap handle's {@code AF_PACKET}
 * socket, a {@code java.net.Socket}, a {@code ping} socket — belongs to that namespace for its
 * whole life, whichever thread uses it later. So one JVM can run a node's datapath on the node
 * namespace's interfaces, a real TCP client in a pod namespace and a server in an external's
 * namespace side by side. Threads that entered a namespace never leave it; use fresh threads
 * ({@link #thread}, {@link #call}, {@link #executor}). Needs {@code CAP_SYS_ADMIN} (root).
 */
public final class Netns {
  /** Where {@code ip netns add} bind-mounts named namespaces. */
  public static final Path NETNS_DIR = Path.of("/run/netns");

  private static final int CLONE_NEWNET = 0x40000000;
  private static final int O_RDONLY = 0;
  private static final int O_CLOEXEC = 0x80000;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,200}");

  private Netns() {}

  /** The three libc calls we need (JNA interface mapping; errno becomes LastErrorException). */
  interface LibC extends Library {
    int open(String path, int flags) throws LastErrorException;

    int setns(int fd, int nstype) throws LastErrorException;

    int close(int fd) throws LastErrorException;
  }

  private static final class Holder {
    static final LibC LIBC = Native.load("c", LibC.class);
  }

  /** Whether {@code name} is a well-formed namespace name (no path separators, no dot-dot). */
  public static boolean isValidName(String name) {
    return name != null && NAME.matcher(name).matches() && !name.contains("..");
  }

  /** Whether the named namespace exists. */
  public static boolean exists(String name) {
    return isValidName(name) && Files.exists(NETNS_DIR.resolve(name));
  }

  /**
   * Moves the calling thread into namespace {@code name}.
   *
   * @throws IllegalArgumentException if the name is malformed or the namespace does not exist
   * @throws IllegalStateException if {@code setns} fails (e.g. not root)
   */
  public static void enter(String name) {
    if (!isValidName(name)) {
      throw new IllegalArgumentException("not a network namespace name: " + name);
    }
    Path p = NETNS_DIR.resolve(name);
    if (!Files.exists(p)) {
      throw new IllegalArgumentException("no network namespace " + name + " (" + p + ")");
    }
    LibC c = Holder.LIBC;
    int fd;
    try {
      fd = c.open(p.toString(), O_RDONLY | O_CLOEXEC);
    } catch (LastErrorException e) {
      throw new IllegalStateException("cannot open " + p + ": errno " + e.getErrorCode(), e);
    }
    try {
      c.setns(fd, CLONE_NEWNET);
    } catch (LastErrorException e) {
      throw new IllegalStateException(
          "setns into " + name + " failed: errno " + e.getErrorCode() + " (needs root)", e);
    } finally {
      try {
        c.close(fd);
      } catch (LastErrorException ignored) {
        // nothing to do: the fd is gone either way
      }
    }
  }

  /** A daemon thread that enters {@code ns} and then runs {@code body} (not started). */
  public static Thread thread(String ns, String threadName, Runnable body) {
    Thread t =
        new Thread(
            () -> {
              enter(ns);
              body.run();
            },
            threadName);
    t.setDaemon(true);
    return t;
  }

  /** Runs {@code task} on a fresh thread inside {@code ns} and returns its result. */
  public static <T> T call(String ns, Callable<T> task) throws Exception {
    FutureTask<T> f =
        new FutureTask<>(
            () -> {
              enter(ns);
              return task.call();
            });
    Thread t = new Thread(f, "netns-" + ns);
    t.setDaemon(true);
    t.start();
    try {
      return f.get();
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof Exception x) {
        throw x;
      }
      throw new IllegalStateException(c);
    }
  }

  /** A cached thread pool whose (daemon) threads all live in {@code ns}. */
  public static ExecutorService executor(String ns) {
    AtomicInteger n = new AtomicInteger();
    return Executors.newCachedThreadPool(
        r -> thread(ns, "netns-" + ns + "-" + n.incrementAndGet(), r));
  }
}
