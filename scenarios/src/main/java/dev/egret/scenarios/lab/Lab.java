package dev.egret.scenarios.lab;

import dev.egret.scenarios.model.Scenario;
import dev.egret.scenarios.result.RunResult;
import dev.egret.scenarios.run.RunOptions;
import dev.egret.scenarios.run.ScenarioRun;
import java.io.PrintWriter;
import java.util.List;

/**
 * The hardware-validation lab's entry points ({@code egret lab up|run|validate|down}): checks that
 * the machine can run it, brings a scenario's lab up or down, runs it, and validates it against the
 * simulator.
 */
public final class Lab {
  private Lab() {}

  /** Why this machine cannot run the lab, or null when it can. */
  public static String unavailable() {
    if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
      return "the lab needs Linux (network namespaces)";
    }
    if (!Sh.has("ip")) {
      return "the lab needs the ip command (iproute2)";
    }
    if (!Sh.isRoot()) {
      return "the lab needs root (network namespaces, raw sockets, pcap)";
    }
    return null;
  }

  /** Like {@link #unavailable()}, plus the tools the lab itself needs (ethtool, libpcap). */
  public static void preflight() {
    String why = unavailable();
    if (why != null) {
      throw new LabException(why);
    }
    if (!Sh.has("ethtool")) {
      throw new LabException(
          "the lab needs ethtool (apt-get install ethtool) to turn checksum offloads off in the"
              + " kernel endpoints");
    }
    try {
      org.pcap4j.core.Pcaps.libVersion();
    } catch (Throwable e) {
      throw new LabException(
          "the lab needs libpcap (apt-get install libpcap0.8): " + e.getMessage());
    }
  }

  /**
   * {@code lab up}: builds the scenario's lab (at time 0: nodes, externals, underlay, router and
   * the pods' namespaces) and records it; the datapath runs only while a {@code lab run} (or {@code
   * lab up --serve}) runs. Returns the namespaces created.
   */
  public static List<String> up(LabScenario ls) {
    return up(ls, null);
  }

  /**
   * {@code lab up}, and with {@code serve} not null ({@code lab up --serve}) the lab's datapath,
   * servers and pods keep running in this process after {@code serve} was told the namespaces,
   * until the process is interrupted (Ctrl-C); the lab stays up afterwards.
   */
  public static List<String> up(LabScenario ls, java.util.function.Consumer<List<String>> serve) {
    preflight();
    LabWorld w;
    LabNetwork net = new LabNetwork(ls.scenario().name());
    try (AutoCloseable lock = LabState.lock()) {
      w = upLocked(ls, net, serve != null);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new LabException("lab lock: " + e.getMessage(), e);
    }
    if (serve == null) {
      return net.namespaces();
    }
    java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  w.closeKeepingNetwork();
                  stopped.countDown();
                },
                "lab-serve-stop"));
    serve.accept(net.namespaces());
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      w.closeKeepingNetwork();
    }
    return net.namespaces();
  }

  private static LabWorld upLocked(LabScenario ls, LabNetwork net, boolean keepRunning) {
    if (LabState.read() != null || !LabNetwork.existingLabNamespaces().isEmpty()) {
      throw new LabException("a lab is up already; run egret lab down first");
    }
    LabWorld w = new LabWorld(ls, net, true, null);
    Thread hook = new Thread(net::destroy, "lab-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
    boolean ok = false;
    try {
      w.start();
      LabState.write(ls.scenario().name(), ls.scenario().file(), net.namespaces());
      ok = true;
      return w;
    } finally {
      if (!ok || !keepRunning) {
        w.closeKeepingNetwork();
      }
      if (!ok) {
        net.destroy();
      }
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down
      }
    }
  }

  /** {@code lab down}: removes the lab that is up and every leftover lab namespace. */
  public static List<String> down() {
    String why = unavailable();
    if (why != null) {
      throw new LabException(why);
    }
    try (AutoCloseable lock = LabState.lock()) {
      List<String> removed = LabNetwork.removeAll();
      LabState.clear();
      return removed;
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new LabException("lab lock: " + e.getMessage(), e);
    }
  }

  /** What {@code lab validate} found. */
  public record Validation(
      RunResult simulated,
      java.util.Map<String, Integer> simulatedIdentities,
      LabRun.Outcome live,
      List<LabReport.Row> rows) {
    public boolean same() {
      return rows.stream().allMatch(LabReport.Row::same);
    }

    /** The security identity the simulator gave pod {@code key} (its VNI on the wire). */
    public int simulatedIdentity(String key) {
      return simulatedIdentities.getOrDefault(key, 0);
    }
  }

  /** {@code lab validate}: the scenario in the simulator and in the lab, compared. */
  public static Validation validate(LabScenario ls, LabRun.Options options, PrintWriter log) {
    preflight();
    Scenario s = ls.scenario();
    var simOutcome = new ScenarioRun(s, RunOptions.DEFAULT, null).run();
    RunResult sim = simOutcome.result();
    java.util.Map<String, Integer> ids = new java.util.TreeMap<>();
    for (var p : simOutcome.cluster().pods()) {
      ids.put(p.key(), p.identity());
    }
    if (log != null) {
      log.println("lab: simulated " + s.name() + "; now the same scenario live");
      log.flush();
    }
    LabRun.Outcome live = new LabRun(ls, options, log).run();
    return new Validation(sim, ids, live, LabReport.compare(sim, live.result()));
  }
}
