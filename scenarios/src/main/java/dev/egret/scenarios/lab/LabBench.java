package dev.egret.scenarios.lab;

import dev.egret.datapath.config.TunnelProtocol;
import dev.egret.datapath.live.LiveInterface;
import dev.egret.datapath.net.Ip4;
import dev.egret.datapath.packet.FrameBuilder;
import dev.egret.datapath.packet.Mac;
import dev.egret.datapath.packet.Skb;
import dev.egret.datapath.tunnel.OuterHeaders;
import dev.egret.scenarios.load.LoadResult;
import dev.egret.scenarios.load.ScenarioLoader;
import dev.egret.topology.model.Node;
import dev.egret.topology.model.Pod;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code egret lab bench}: frames per second through the live gateway path, measured side by side
 * in one lab against the Linux kernel doing the same job.
 *
 * <p>The lab of {@code bench.yaml}: a worker node whose pod's egress policy sends it through the
 * gateway node {@code gw} to {@code sink}, plus a plain namespace {@code kernel-gw} on the same
 * underlay. A generator on the worker's underlay interface injects what the worker's datapath would
 * send the gateway — VXLAN on UDP 8472, VNI the pod's identity, inner UDP from the pod to the sink
 * over {@code flows} source ports — as fast as it can, for {@code seconds}, and the sink's
 * interface counter tells how many frames arrived (the sink's kernel drops them at once with an
 * nftables rule). Two gateways take turns:
 *
 * <ul>
 *   <li><b>egret</b>: the node {@code gw}, whose datapath is egret's live runner (pcap4j receive,
 *       from-netdev, VXLAN decap, from-overlay, to-netdev SNAT to the egress IP, pcap4j inject);
 *   <li><b>kernel</b>: {@code kernel-gw}, a Linux namespace with a VXLAN device (VNI, port 8472),
 *       {@code ip_forward=1} and an nftables {@code masquerade} rule: decap, route, conntrack and
 *       SNAT in the kernel.
 * </ul>
 *
 * Rounds alternate (egret, kernel, egret, ...); the report gives each round and the medians' ratio.
 */
public final class LabBench {
  /** The sink's UDP port (dropped on arrival by nftables). */
  static final int SINK_PORT = 9;

  /** Inner UDP payload: a 60-byte inner frame, 110 bytes with VXLAN. */
  static final int PAYLOAD = 18;

  private static final String KERNEL_VXLAN = "eg-vx0";
  private static final long KERNEL_VXLAN_MAC = Mac.parse("02:eb:00:00:00:01");

  /**
   * One gateway's round: the flood (the generator as fast as it can: what it sent and what the sink
   * got), and the throughput: the highest offered rate the gateway carried with at most {@value
   * #MAX_LOSS_PERCENT} % loss, found by bisection (RFC 2544's throughput, with a loss tolerance
   * because the machine is shared).
   */
  public record Round(String gateway, double floodSent, double floodDelivered, double throughput) {}

  /** Loss tolerated at the throughput rate, in percent. */
  static final double MAX_LOSS_PERCENT = 1;

  /** Bisection steps per throughput search. */
  static final int SEARCH_STEPS = 6;

  /**
   * The CPU cost of a frame through one gateway at a rate both carry without loss: the CPU time of
   * every thread that did work for it (the generator, whose send also runs the kernel's receive
   * path and, for the kernel gateway, the whole gateway in softirq; plus egret's runner thread),
   * per delivered frame.
   */
  public record Cost(String gateway, double rate, long delivered, long cpuNanos) {
    public double nanosPerFrame() {
      return delivered == 0 ? 0 : (double) cpuNanos / delivered;
    }

    public double framesPerCpuSecond() {
      return cpuNanos == 0 ? 0 : delivered * 1e9 / cpuNanos;
    }
  }

  /** The result: every round, the medians and their ratio, and the CPU costs. */
  public record Result(
      List<Round> rounds,
      double egretMedian,
      double kernelMedian,
      long egretCpuNanos,
      List<Cost> costs) {
    public double ratio() {
      return kernelMedian == 0 ? 0 : egretMedian / kernelMedian;
    }

    /** Frames per CPU-second, egret over kernel (the median of the rounds' ratios). */
    public double cpuRatio() {
      List<Double> rs = new ArrayList<>();
      for (int i = 0; i + 1 < costs.size(); i += 2) {
        rs.add(costs.get(i).framesPerCpuSecond() / costs.get(i + 1).framesPerCpuSecond());
      }
      rs.sort(null);
      return rs.isEmpty()
          ? 0
          : rs.size() % 2 == 1
              ? rs.get(rs.size() / 2)
              : (rs.get(rs.size() / 2 - 1) + rs.get(rs.size() / 2)) / 2;
    }
  }

  /** The rate of the CPU-cost trials, frames per second (both gateways carry it here). */
  static final double COST_RATE = 40_000;

  private LabBench() {}

  /** The benchmark's scenario, copied out of the jar. */
  static LabScenario scenario() {
    try (InputStream in = LabBench.class.getResourceAsStream("bench.yaml")) {
      Path tmp = Files.createTempFile("egret-lab-bench", ".yaml");
      try {
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        LoadResult r = ScenarioLoader.load(tmp);
        if (!r.ok()) {
          throw new IllegalStateException("bench.yaml: " + r.problems());
        }
        return LabScenario.of(r.scenario());
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs the benchmark. */
  public static Result run(double seconds, int rounds, int flows, double rate, PrintWriter log) {
    Lab.preflight();
    if (!Sh.has("nft")) {
      throw new LabException(
          "the benchmark's kernel gateway needs nftables (apt-get install nftables)");
    }
    LabScenario ls = scenario();
    try (AutoCloseable lock = LabState.lock()) {
      if (LabState.read() != null || !LabNetwork.existingLabNamespaces().isEmpty()) {
        throw new LabException("a lab is up; run egret lab down first");
      }
      LabNetwork net = new LabNetwork(ls.scenario().name());
      LabWorld w = new LabWorld(ls, net, true, null);
      Thread hook = new Thread(w::close, "lab-cleanup");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        w.start();
        return measure(w, seconds, rounds, flows, rate, log);
      } finally {
        w.close();
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // shutting down
        }
      }
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new LabException("lab lock: " + e.getMessage(), e);
    }
  }

  private static Result measure(
      LabWorld w, double seconds, int rounds, int flows, double rate, PrintWriter log) {
    // Quiet everything but the gateway under test: the externals' sniffers, the worker's runner.
    for (LabExternal x : w.externals.values()) {
      x.close();
    }
    w.nodeDown("worker");
    Node gw = w.cluster.node("gw");
    Node worker = w.cluster.node("worker");
    Pod pod = w.cluster.pod("default/bench");
    int sink = w.s.external("sink").ip();
    int kgw = w.s.external("kernel-gw").ip();
    String sinkNs = LabNetwork.externalNs("sink");
    String kgwNs = LabNetwork.externalNs("kernel-gw");
    Sh.inNs(
        sinkNs,
        "nft add table ip egbench; nft add chain ip egbench pre '{ type filter hook prerouting"
            + " priority -300; }'; nft add rule ip egbench pre udp dport "
            + SINK_PORT
            + " drop");
    String podCidr = worker.podCidr().masked().toString();
    Sh.inNs(
        kgwNs,
        "sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.rp_filter=0"
            + " net.ipv4.conf.default.rp_filter=0; ip link add "
            + KERNEL_VXLAN
            + " type vxlan id "
            + pod.identity()
            + " dstport 8472 local "
            + Ip4.format(kgw)
            + " nolearning; ip link set "
            + KERNEL_VXLAN
            + " alias 'egret-lab bench' address "
            + Mac.format(KERNEL_VXLAN_MAC)
            + " up; sysctl -qw net.ipv4.conf."
            + KERNEL_VXLAN
            + ".rp_filter=0; ip route add "
            + podCidr
            + " dev "
            + KERNEL_VXLAN
            + "; nft add table ip egbench; nft add chain ip egbench post '{ type nat hook"
            + " postrouting priority 100; }'; nft add rule ip egbench post oifname "
            + LabNetwork.ENDPOINT_IF
            + " ip saddr "
            + podCidr
            + " masquerade");
    int workerIp = worker.internalIp();
    long workerMac = Mac.read(worker.iface("eth0").mac(), 0);
    long gwMac = Mac.read(gw.iface("eth0").mac(), 0);
    long kgwMac = LabWorld.externalMac("kernel-gw");
    LabNode gwNode = w.nodes.get("gw");
    // Both gateways must know the sink's MAC before the flood (the runner asks at start-up).
    gwNode.runner.resolve(List.of(sink), 2000);
    byte[][] toEgret = frames(flows, workerMac, gwMac, workerIp, gw.internalIp(), pod, sink, 0);
    byte[][] toKernel =
        frames(flows, workerMac, kgwMac, workerIp, kgw, pod, sink, KERNEL_VXLAN_MAC);
    LiveInterface gen =
        LiveInterface.open(LabNetwork.nodeNs("worker"), LabNetwork.nativeIfName("eth0", 2), null);
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    List<Round> all = new ArrayList<>();
    List<Cost> costs = new ArrayList<>();
    long egretCpu = 0;
    try {
      // Warm-up: the JIT compiles both paths, conntrack and the NAT maps fill.
      flood(gen, toEgret, 0.5, 0);
      flood(gen, toKernel, 0.5, 0);
      for (int r = 0; r < rounds; r++) {
        for (String which : List.of("egret", "kernel")) {
          byte[][] f = which.equals("egret") ? toEgret : toKernel;
          long cpu0 = gwCpu(mx);
          double[] fl = trial(gen, f, sinkNs, seconds, rate);
          double lo = 0;
          double hi = fl[0];
          if (fl[1] >= fl[0] * (1 - MAX_LOSS_PERCENT / 100)) {
            lo = fl[1];
          } else {
            for (int k = 0; k < SEARCH_STEPS; k++) {
              double mid = (lo + hi) / 2;
              double[] t = trial(gen, f, sinkNs, seconds, mid);
              if (t[1] >= t[0] * (1 - MAX_LOSS_PERCENT / 100)) {
                lo = t[1];
              } else {
                hi = mid;
              }
            }
          }
          if (which.equals("egret")) {
            egretCpu += gwCpu(mx) - cpu0;
          }
          Round rd = new Round(which, fl[0], fl[1], lo);
          long gen0 = mx.getCurrentThreadCpuTime();
          long run0 = gwCpu(mx);
          long rx0 = rxPackets(sinkNs);
          flood(gen, f, seconds * 3, COST_RATE);
          LabTraffic.sleepUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300));
          long cpu =
              mx.getCurrentThreadCpuTime() - gen0 + (which.equals("egret") ? gwCpu(mx) - run0 : 0);
          costs.add(new Cost(which, COST_RATE, rxPackets(sinkNs) - rx0, cpu));
          all.add(rd);
          if (log != null) {
            Cost c = costs.get(costs.size() - 1);
            log.printf(
                "lab bench: round %d %-6s flood sent %,.0f/s delivered %,.0f/s; throughput %,.0f/s;"
                    + " %.2f us CPU per frame at %,.0f/s%n",
                r + 1,
                which,
                rd.floodSent(),
                rd.floodDelivered(),
                rd.throughput(),
                c.nanosPerFrame() / 1e3,
                c.rate());
            log.flush();
          }
        }
      }
    } finally {
      gen.close();
    }
    return new Result(all, median(all, "egret"), median(all, "kernel"), egretCpu, costs);
  }

  /** One trial: {@code {sent/s, delivered/s}} at an offered rate (0: flood). */
  private static double[] trial(
      LiveInterface gen, byte[][] f, String sinkNs, double seconds, double rate) {
    long before = rxPackets(sinkNs);
    long t0 = System.nanoTime();
    long sent = flood(gen, f, seconds, rate);
    double secs = (System.nanoTime() - t0) / 1e9;
    LabTraffic.sleepUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300));
    long delivered = rxPackets(sinkNs) - before;
    return new double[] {sent / secs, delivered / secs};
  }

  /** CPU time of the gateway runner's reader threads so far. */
  private static long gwCpu(ThreadMXBean mx) {
    long sum = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("live-gw-")) {
        long c = mx.getThreadCpuTime(t.getId());
        if (c > 0) {
          sum += c;
        }
      }
    }
    return sum;
  }

  private static double median(List<Round> rounds, String which) {
    double[] v =
        rounds.stream()
            .filter(r -> r.gateway().equals(which))
            .mapToDouble(Round::throughput)
            .sorted()
            .toArray();
    if (v.length == 0) {
      return 0;
    }
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  /**
   * Sends the frames round-robin for {@code seconds}, in bursts of {@value #BURST} paced to {@code
   * rate} frames per second (0: as fast as possible); returns how many were sent.
   */
  static long flood(LiveInterface gen, byte[][] frames, double seconds, double rate) {
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    double nanosPerFrame = rate > 0 ? 1e9 / rate : 0;
    long n = 0;
    int i = 0;
    while (true) {
      if (rate > 0) {
        // Sleep, never spin, while ahead: the gateway under test needs the CPU.
        long due = start + (long) (n * nanosPerFrame);
        long ahead;
        while ((ahead = due - System.nanoTime()) > 0) {
          java.util.concurrent.locks.LockSupport.parkNanos(ahead);
        }
      }
      for (int k = 0; k < BURST; k++) {
        byte[] f = frames[i];
        if (gen.send(f, 0, f.length)) {
          n++;
        }
        if (++i == frames.length) {
          i = 0;
        }
      }
      if (System.nanoTime() >= end) {
        return n;
      }
    }
  }

  private static final int BURST = 16;

  /** The VXLAN frames the worker's datapath would send: one per flow (source port). */
  private static byte[][] frames(
      int flows,
      long srcMac,
      long dstMac,
      int outerSrc,
      int outerDst,
      Pod pod,
      int sink,
      long innerDstMac) {
    byte[][] out = new byte[flows][];
    byte[] payload = new byte[PAYLOAD];
    Arrays.fill(payload, (byte) 'e');
    for (int i = 0; i < flows; i++) {
      Skb skb =
          new FrameBuilder()
              .macs(0x02_00_00_00_be_01L, innerDstMac == 0 ? 0x02_00_00_00_be_02L : innerDstMac)
              .ipv4(pod.ip(), sink)
              .payload(payload)
              .writeUdp(new Skb(256), 40000 + i, SINK_PORT);
      OuterHeaders.prepend(
          skb,
          TunnelProtocol.VXLAN,
          srcMac,
          dstMac,
          0,
          0,
          64,
          outerSrc,
          outerDst,
          32768 + (i * 7919) % 28000,
          pod.identity());
      out[i] = skb.toByteArray();
    }
    return out;
  }

  private static long rxPackets(String ns) {
    String v =
        Sh.run(
            "ip",
            "netns",
            "exec",
            ns,
            "cat",
            "/sys/class/net/" + LabNetwork.ENDPOINT_IF + "/statistics/rx_packets");
    return Long.parseLong(v.trim());
  }
}
