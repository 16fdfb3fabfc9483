package dev.egret.scenarios.lab;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the lab's system commands ({@code ip}, {@code sysctl}, {@code ethtool}, {@code tshark}):
 * arguments are passed as a list (no shell parsing of lab data), output is collected, and a
 * non-zero exit becomes a {@link LabException} naming the command and its output.
 */
public final class Sh {
  private static final long TIMEOUT_SECONDS = 60;

  private Sh() {}

  /** Runs {@code cmd}; returns its standard output. */
  public static String run(String... cmd) {
    return exec(Arrays.asList(cmd), null, true);
  }

  /** Runs {@code cmd}, ignoring failures; returns its output or "". */
  public static String quiet(String... cmd) {
    try {
      return exec(Arrays.asList(cmd), null, false);
    } catch (LabException e) {
      return "";
    }
  }

  /** {@code ip [-n ns] -batch -} with {@code lines} on standard input. */
  public static void ipBatch(String ns, List<String> lines) {
    if (lines.isEmpty()) {
      return;
    }
    List<String> cmd = new ArrayList<>(List.of("ip"));
    if (ns != null) {
      cmd.addAll(List.of("-n", ns));
    }
    cmd.addAll(List.of("-batch", "-"));
    exec(cmd, String.join("\n", lines) + "\n", true);
  }

  /** Runs a small shell script of lab-generated commands inside namespace {@code ns}. */
  public static void inNs(String ns, String script) {
    exec(List.of("ip", "netns", "exec", ns, "sh", "-ec", script), null, true);
  }

  /** Whether {@code tool} is an executable in the usual system directories. */
  public static boolean has(String tool) {
    for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin", "/usr/local/bin")) {
      if (new File(dir, tool).canExecute()) {
        return true;
      }
    }
    return false;
  }

  /** Whether this process runs as root. */
  public static boolean isRoot() {
    try {
      return run("id", "-u").trim().equals("0");
    } catch (LabException e) {
      return false;
    }
  }

  private static String exec(List<String> cmd, String stdin, boolean check) {
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd);
      pb.redirectErrorStream(true);
      Process p = pb.start();
      if (stdin != null) {
        try (OutputStream o = p.getOutputStream()) {
          o.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      } else {
        p.getOutputStream().close();
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new LabException(String.join(" ", cmd) + ": timed out");
      }
      if (check && p.exitValue() != 0) {
        throw new LabException(
            String.join(" ", cmd)
                + " failed (exit "
                + p.exitValue()
                + "): "
                + out.trim()
                + (stdin == null ? "" : "\n--- input ---\n" + stdin));
      }
      return out;
    } catch (IOException e) {
      throw new LabException("cannot run " + cmd.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LabException(String.join(" ", cmd) + ": interrupted", e);
    }
  }
}
