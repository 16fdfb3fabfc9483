package dev.egret.scenarios.traffic;

import dev.egret.datapath.net.Ip4;
import dev.egret.datapath.packet.Eth;
import dev.egret.datapath.packet.Skb;
import dev.egret.sim.Durations;
import dev.egret.sim.Simulation;
import dev.egret.topology.fabric.SkbPool;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A tiny fabric for tests: one router connecting every host directly with a fixed latency (one
 * event per frame). It captures every frame a host sends, checks its checksums independently, and
 * can drop or corrupt frames chosen by a predicate.
 */
final class TestNet {
  static final long ROUTER_MAC = 0x02_00_00_00_00_feL;
  static final long DEFAULT_LATENCY = 50 * Durations.MICROSECOND;

  final Simulation sim;
  final SkbPool pool = new SkbPool();
  final Recorder recorder = new Recorder();
  final List<Frame> frames = new ArrayList<>();
  final List<Frame> dropped = new ArrayList<>();
  final List<String> checksumProblems = new ArrayList<>();
  private final Map<Integer, HostStack> hosts = new HashMap<>();
  long latency = DEFAULT_LATENCY;

  /** Whether sent frames are kept in {@link #frames} (checksums are checked either way). */
  boolean keepFrames = true;

  private int sent;
  private Predicate<Frame> drop = f -> false;
  private Predicate<Frame> corrupt = f -> false;

  TestNet(long seed) {
    sim = Simulation.create(seed);
  }

  HostStack pod(String name, String ip) {
    return host("pod/" + name, ip, HostConfig.POD_MTU);
  }

  HostStack external(String name, String ip) {
    return host("external/" + name, ip, HostConfig.LINK_MTU);
  }

  HostStack host(String name, String ip, int mtu) {
    int addr = Ip4.parse(ip);
    long mac = 0x02_00_00_00_00_00L | (addr & 0xffffffffL);
    HostStack[] self = new HostStack[1];
    HostStack h =
        new HostStack(
            sim,
            new HostConfig(name, addr, mac, ROUTER_MAC, mtu),
            f -> transmit(self[0], f),
            pool,
            recorder);
    self[0] = h;
    hosts.put(addr, h);
    return h;
  }

  /** Drops every frame matching {@code p} (replacing an earlier rule). */
  void dropIf(Predicate<Frame> p) {
    drop = p;
  }

  /** Drops the first {@code n} frames matching {@code p}. */
  void dropFirst(int n, Predicate<Frame> p) {
    int[] left = {n};
    drop =
        f -> {
          if (left[0] > 0 && p.test(f)) {
            left[0]--;
            return true;
          }
          return false;
        };
  }

  /** Flips a payload-area byte of every frame matching {@code p} (breaking its L4 checksum). */
  void corruptIf(Predicate<Frame> p) {
    corrupt = p;
  }

  private void transmit(HostStack from, Skb skb) {
    Frame f = new Frame(sent++, sim.now(), from.name(), skb.toByteArray(), skb.tag());
    if (keepFrames) {
      frames.add(f);
    }
    String problem = IndependentChecksums.problem(f.bytes());
    if (problem != null) {
      checksumProblems.add(problem + " in " + f);
    }
    if (Eth.src(skb.data(), skb.off()) != from.mac()
        || Eth.dst(skb.data(), skb.off()) != ROUTER_MAC) {
      checksumProblems.add("wrong MACs in " + f);
    }
    HostStack to = hosts.get(f.daddr());
    if (to == null || drop.test(f)) {
      if (keepFrames) {
        dropped.add(f);
      }
      pool.release(skb);
      return;
    }
    if (corrupt.test(f)) {
      int i = skb.off() + skb.len() - 1;
      skb.data()[i] ^= 0x5a;
    }
    Eth.setSrc(skb.data(), skb.off(), ROUTER_MAC);
    Eth.setDst(skb.data(), skb.off(), to.mac());
    sim.scheduleAfter(latency, s -> to.receive(skb));
  }

  /** Frames sent by the named host. */
  List<Frame> from(HostStack h) {
    return frames.stream().filter(f -> f.from().equals(h.name())).toList();
  }

  /** Frames matching {@code p}. */
  List<Frame> select(Predicate<Frame> p) {
    return frames.stream().filter(p).toList();
  }

  void run() {
    sim.run();
  }

  /** Runs everything scheduled, then checks that every frame had valid checksums and MACs. */
  void runAndCheck() {
    sim.run();
    assertFramesValid();
  }

  void assertFramesValid() {
    if (!checksumProblems.isEmpty()) {
      throw new AssertionError(checksumProblems.size() + " bad frames: " + checksumProblems);
    }
  }

  /** Frames sent so far, kept or not. */
  int framesSent() {
    return sent;
  }
}
