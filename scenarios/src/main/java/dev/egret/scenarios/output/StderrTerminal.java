package dev.egret.scenarios.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether the process's standard error is a terminal, the condition for drawing a progress bar.
 * {@code System.console()} does not answer this: it looks at standard input and output, and {@code
 * egret run --json > result.json} still has a terminal on stderr.
 *
 * <p>The check, in order:
 *
 * <ol>
 *   <li>{@code TERM=dumb} means no (Emacs shells, some CI consoles cannot redraw a line);
 *   <li>on Linux, fd 2's link {@code /proc/self/fd/2} names a terminal device ({@code /dev/pts/N},
 *       {@code /dev/ttyX} or {@code /dev/console}); a file, pipe or socket means no;
 *   <li>elsewhere (no {@code /proc}), {@code System.console() != null}: standard input and output
 *       are a terminal, so stderr most likely is too;
 *   <li>any failure means no.
 * </ol>
 */
final class StderrTerminal {
  private static final Path PROC_STDERR = Path.of("/proc/self/fd/2");
  private static final String DUMB = "dumb";

  private StderrTerminal() {}

  static boolean isTerminal() {
    if (DUMB.equals(System.getenv("TERM"))) {
      return false;
    }
    if (Files.isSymbolicLink(PROC_STDERR)) {
      try {
        return isTerminalDevice(Files.readSymbolicLink(PROC_STDERR).toString());
      } catch (IOException | UnsupportedOperationException e) {
        return false;
      }
    }
    return System.console() != null;
  }

  /** Whether a {@code /proc/self/fd} link target is a terminal device. */
  static boolean isTerminalDevice(String target) {
    return target.startsWith("/dev/pts/")
        || target.startsWith("/dev/tty")
        || target.equals("/dev/console");
  }
}
