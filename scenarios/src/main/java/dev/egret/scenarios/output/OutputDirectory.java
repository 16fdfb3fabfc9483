package dev.egret.scenarios.output;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * An output directory that appears whole or not at all (SPEC §6: "never a partial output
 * directory"). {@link #create} makes a hidden temporary directory next to the target, on the same
 * filesystem ({@code .<name>.egret-tmp-…}); the run writes into {@link #path()}; {@link #commit()}
 * renames it onto the target with {@link StandardCopyOption#ATOMIC_MOVE}. An existing target is
 * replaced safely: renamed aside ({@code .<name>.egret-old-…}), the new directory renamed in, the
 * old one deleted; if the second rename fails the old one is put back. Without a commit, {@link
 * #close()} deletes the temporary directory, and so does a JVM shutdown hook (Ctrl-C) registered
 * until commit or close, so an interrupted run leaves nothing behind. A run killed outright ({@code
 * kill -9}, a power cut) runs no hook and leaves its hidden {@code .<name>.egret-tmp-<pid>-…}
 * directory, never a partial target; the next {@link #create} for the same target deletes such
 * leftovers whose process is gone.
 *
 * <p>To keep {@code --out ~} from deleting a home directory, an existing target is only replaced
 * when it is a directory (not a symbolic link) that is empty or holds a {@code result.json} (a
 * previous egret output); anything else makes {@link #create} fail before the run starts.
 *
 * <p>Typical use:
 *
 * <pre>{@code
 * try (OutputDirectory out = OutputDirectory.create(Path.of("out"))) {
 *   ResultJson.write(result, out.resolve(OutputFiles.RESULT_JSON));
 *   out.commit();
 * }
 * }</pre>
 */
public final class OutputDirectory implements Closeable {
  private static final String TEMP_INFIX = ".egret-tmp-";
  private static final String OLD_INFIX = ".egret-old-";
  private static final long PID = ProcessHandle.current().pid();

  private enum State {
    OPEN,
    COMMITTED,
    ABORTED
  }

  private final Path target;
  private final Path temp;
  private final Thread shutdownHook;
  private final Object lock = new Object();
  private State state = State.OPEN;
  private Path old;

  private OutputDirectory(Path target, Path temp) {
    this.target = target;
    this.temp = temp;
    this.shutdownHook = new Thread(this::abortOnShutdown, "egret-output-cleanup");
  }

  /**
   * Creates the temporary directory for {@code target} (creating the target's parent if needed) and
   * registers the cleanup hook.
   *
   * @throws FileAlreadyExistsException if {@code target} exists and may not be replaced (see the
   *     class comment); its message says why
   */
  public static OutputDirectory create(Path target) throws IOException {
    Path t = target.toAbsolutePath().normalize();
    Path parent = t.getParent();
    if (parent == null || t.getFileName() == null) {
      throw new FileAlreadyExistsException(
          target.toString(), null, "cannot write outputs to the filesystem root");
    }
    checkReplaceable(t);
    Files.createDirectories(parent);
    sweepLeftovers(t);
    Path temp = Files.createTempDirectory(parent, "." + t.getFileName() + TEMP_INFIX + PID + "-");
    OutputDirectory out = new OutputDirectory(t, temp);
    Runtime.getRuntime().addShutdownHook(out.shutdownHook);
    return out;
  }

  /** The directory to write into until {@link #commit()}. */
  public Path path() {
    return temp;
  }

  /** A file in the temporary directory. */
  public Path resolve(String name) {
    return temp.resolve(name);
  }

  /** The final location. */
  public Path target() {
    return target;
  }

  /**
   * Moves the outputs into place atomically, replacing a previous egret output there.
   *
   * @return the target
   * @throws IllegalStateException if already committed or aborted
   */
  public Path commit() throws IOException {
    synchronized (lock) {
      if (state != State.OPEN) {
        throw new IllegalStateException(
            "output directory already " + state.name().toLowerCase(Locale.ROOT));
      }
      try {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
          checkReplaceable(target);
          old = sibling(OLD_INFIX);
          Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        try {
          Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
          if (old != null) {
            Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
            old = null;
          }
          throw e;
        }
      } catch (IOException | RuntimeException e) {
        abortLocked();
        unregisterHook();
        throw e;
      }
      state = State.COMMITTED;
    }
    unregisterHook();
    deleteOld();
    return target;
  }

  /** Deletes the temporary directory unless committed. Idempotent. */
  @Override
  public void close() throws IOException {
    synchronized (lock) {
      if (state == State.OPEN) {
        abortLocked();
      }
    }
    unregisterHook();
  }

  /** The registered shutdown hook (for tests). */
  Thread shutdownHook() {
    return shutdownHook;
  }

  /** The shutdown hook's work (package-private so tests can run it without a shutdown). */
  void abortOnShutdown() {
    synchronized (lock) {
      if (state == State.OPEN) {
        abortLocked();
      }
    }
    deleteOld();
  }

  private void abortLocked() {
    state = State.ABORTED;
    deleteQuietly(temp);
  }

  private void deleteOld() {
    Path o;
    synchronized (lock) {
      o = old;
      old = null;
    }
    if (o != null) {
      deleteQuietly(o);
    }
  }

  private void unregisterHook() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or about to; it finds nothing left to do
    }
  }

  private Path sibling(String infix) {
    String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
    return target.resolveSibling("." + target.getFileName() + infix + PID + "-" + suffix);
  }

  /**
   * Deletes the hidden temporary and old directories of {@code target} left by runs that were
   * killed without running their shutdown hook: those whose process id is no longer alive.
   */
  static void sweepLeftovers(Path target) {
    String name = "." + target.getFileName();
    try (Stream<Path> siblings = Files.list(target.getParent())) {
      for (Path p : (Iterable<Path>) siblings::iterator) {
        String n = p.getFileName().toString();
        for (String infix : new String[] {TEMP_INFIX, OLD_INFIX}) {
          if (!n.startsWith(name + infix)) {
            continue;
          }
          String rest = n.substring(name.length() + infix.length());
          int dash = rest.indexOf('-');
          if (dash <= 0 || !rest.substring(0, dash).chars().allMatch(Character::isDigit)) {
            continue; // not ours, or from an egret that did not record its pid
          }
          long pid = Long.parseLong(rest.substring(0, Math.min(dash, 18)));
          boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
          if (!alive && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            deleteQuietly(p);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // best effort: leftovers are hidden and named for what they are
    }
  }

  private static void checkReplaceable(Path t) throws IOException {
    if (!Files.exists(t, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (Files.isSymbolicLink(t)) {
      throw new FileAlreadyExistsException(
          t.toString(), null, "is a symbolic link; give the directory itself or a new path");
    }
    if (!Files.isDirectory(t, LinkOption.NOFOLLOW_LINKS)) {
      throw new FileAlreadyExistsException(
          t.toString(), null, "exists and is not a directory; give a new or an egret output path");
    }
    try (Stream<Path> entries = Files.list(t)) {
      boolean empty = entries.findAny().isEmpty();
      if (!empty && !Files.exists(t.resolve(OutputFiles.RESULT_JSON))) {
        throw new FileAlreadyExistsException(
            t.toString(),
            null,
            "exists and is not an egret output directory (no "
                + OutputFiles.RESULT_JSON
                + "); refusing to replace it");
      }
    }
  }

  /** Deletes a directory tree without following symbolic links; errors are ignored. */
  static void deleteQuietly(Path root) {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
              Files.deleteIfExists(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException ignored) {
      // best effort: a leftover hidden directory is harmless and named for what it is
    }
  }
}
