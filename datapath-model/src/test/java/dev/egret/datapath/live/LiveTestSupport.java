package dev.egret.datapath.live;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Shared by the live tests: whether the machine can build lab namespaces, and a shell. */
final class LiveTestSupport {
  private LiveTestSupport() {}

  static boolean isRoot() {
    try {
      Process p = new ProcessBuilder("id", "-u").start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      return p.waitFor(5, TimeUnit.SECONDS) && out.equals("0");
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  static boolean hasIp() {
    for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
      if (new File(dir, "ip").canExecute()) {
        return true;
      }
    }
    return false;
  }

  static boolean canRunLab() {
    return isRoot() && hasIp();
  }

  static String skipReason() {
    return !isRoot()
        ? "live runner tests need root (network namespaces, pcap): skipped"
        : "live runner tests need the ip command (iproute2): skipped";
  }

  static void sh(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed: " + out);
    }
  }

  static void shQuiet(String... cmd) {
    try {
      sh(cmd);
    } catch (IOException | InterruptedException e) {
      // best effort
    }
  }
}
