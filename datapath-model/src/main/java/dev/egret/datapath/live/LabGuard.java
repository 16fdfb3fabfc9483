package dev.egret.datapath.live;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The rule that keeps the live runner on the lab's own interfaces: it opens an interface only if
 * the interface and its network namespace carry the lab's prefix ({@value #PREFIX}) and the
 * interface bears the alias the lab writes on everything it creates ({@value #ALIAS} followed by
 * the lab's name). An interface of the host, of a container runtime, or of anything else the lab
 * did not create is refused, so a mistake can never inject frames into a real network.
 */
public final class LabGuard {
  /** Prefix of every namespace and interface the lab creates. */
  public static final String PREFIX = "eg-";

  /** The interface alias ({@code ip link set dev X alias ...}) marking the lab's links. */
  public static final String ALIAS = "egret-lab";

  private LabGuard() {}

  /**
   * Checks that interface {@code ifname} in namespace {@code ns} was created by the lab.
   *
   * @throws IllegalArgumentException naming the reason when it was not
   */
  public static void check(String ns, String ifname) {
    if (ns == null || !ns.startsWith(PREFIX) || !Netns.isValidName(ns)) {
      throw new IllegalArgumentException(
          "refusing interface "
              + ifname
              + ": namespace "
              + ns
              + " is not a lab namespace (names start with "
              + PREFIX
              + ")");
    }
    if (ifname == null || !ifname.startsWith(PREFIX) || !ifname.matches("[A-Za-z0-9._-]{1,15}")) {
      throw new IllegalArgumentException(
          "refusing interface " + ifname + " in " + ns + ": not a lab interface name");
    }
    if (!Netns.exists(ns)) {
      throw new IllegalArgumentException(
          "refusing interface " + ifname + ": namespace " + ns + " does not exist");
    }
    String alias = alias(ns, ifname);
    if (alias == null || !alias.startsWith(ALIAS)) {
      throw new IllegalArgumentException(
          "refusing interface "
              + ifname
              + " in "
              + ns
              + ": it does not carry the lab's alias \""
              + ALIAS
              + " ...\" (the lab did not create it)");
    }
  }

  /** The alias of an interface as {@code ip -o link show} prints it, or null. */
  static String alias(String ns, String ifname) {
    try {
      Process p =
          new ProcessBuilder("ip", "-n", ns, "-o", "link", "show", "dev", ifname)
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return null;
      }
      int i = out.indexOf(" alias ");
      if (i < 0) {
        return null;
      }
      String rest = out.substring(i + " alias ".length());
      int end = rest.indexOf('\\');
      return (end < 0 ? rest : rest.substring(0, end)).trim();
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
