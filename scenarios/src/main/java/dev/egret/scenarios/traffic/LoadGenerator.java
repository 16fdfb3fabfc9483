package dev.egret.scenarios.traffic;

import dev.egret.scenarios.model.Protocol;
import dev.egret.sim.Durations;
import dev.egret.sim.Event;
import dev.egret.sim.Simulation;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The {@code load} action: opens connections at {@code rate} per second for {@code duration},
 * spread round-robin over the source hosts (connection {@code i} from {@code sources[i % n]}), and
 * reports each one individually through its own activity ({@link FlowReport#loadIndex()} = {@code
 * i}).
 *
 * <p>Spacing is deterministic, not Poisson: connection {@code i} starts at {@code start + floor(i ×
 * 1 s / rate)}, for every {@code i} whose offset is below {@code duration}; so {@code rate 100,
 * duration 10s} opens 1000 connections 10 ms apart, the first at the start. What each connection
 * is:
 *
 * <ul>
 *   <li>TCP: a {@link TcpActivity} sending no data, held {@code hold} from its handshake, then
 *       closed; {@code timeout} bounds its setup;
 *   <li>UDP: a {@link UdpActivity} of one {@link #LOAD_UDP_SIZE}-byte datagram, answers collected
 *       for {@code timeout} ({@code hold} does not apply);
 *   <li>ICMP: a {@link PingActivity} of one request, replies collected for {@code timeout}.
 * </ul>
 *
 * <p>Scales to hundreds of thousands of connections: one event re-schedules itself for the next
 * start, and each connection allocates only its own activity and connection state.
 */
public final class LoadGenerator implements Event {
  /** The payload of a UDP load datagram: the {@code udp} action's default size. */
  public static final int LOAD_UDP_SIZE = 64;

  private final List<HostStack> sources;
  private final int dstIp;
  private final int dstPort;
  private final Protocol protocol;
  private final double rate;
  private final long duration;
  private final long hold;
  private final long timeout;
  private final LongSupplier ids;
  private final ClientObserver observer;
  private long startAt = -1;
  private int next;

  /**
   * @param ids supplies a fresh non-zero flow id for each connection
   */
  public LoadGenerator(
      List<HostStack> sources,
      int dstIp,
      int dstPort,
      Protocol protocol,
      double rate,
      long duration,
      long hold,
      long timeout,
      LongSupplier ids,
      ClientObserver observer) {
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("a load needs at least one source host");
    }
    if (!(rate > 0) || Double.isInfinite(rate) || duration < 0 || hold < 0 || timeout < 0) {
      throw new IllegalArgumentException(
          "rate must be positive and finite, duration, hold and timeout >= 0");
    }
    this.sources = List.copyOf(sources);
    this.dstIp = dstIp;
    this.dstPort = dstPort;
    this.protocol = protocol;
    this.rate = rate;
    this.duration = duration;
    this.hold = hold;
    this.timeout = timeout;
    this.ids = ids;
    this.observer = observer;
  }

  /** The start offset of connection {@code i}: {@code floor(i × 1 s / rate)} nanoseconds. */
  public static long offsetOf(long i, double rate) {
    return (long) Math.floor(i * (double) Durations.SECOND / rate);
  }

  /** How many connections a load of {@code rate} over {@code duration} opens. */
  public static long connectionCount(double rate, long duration) {
    long n = (long) Math.ceil(rate * duration / Durations.SECOND);
    while (n > 0 && offsetOf(n - 1, rate) >= duration) {
      n--;
    }
    while (offsetOf(n, rate) < duration) {
      n++;
    }
    return n;
  }

  /** Connections opened so far. */
  public int opened() {
    return next;
  }

  @Override
  public void run(Simulation sim) {
    if (startAt < 0) {
      startAt = sim.now();
      if (duration == 0) {
        return;
      }
    }
    int i = next++;
    open(sim, i, sources.get(i % sources.size()));
    long t = offsetOf(next, rate);
    if (t < duration) {
      sim.scheduleAt(startAt + t, this);
    }
  }

  private void open(Simulation sim, int i, HostStack src) {
    long id = ids.getAsLong();
    ClientFlow flow =
        switch (protocol) {
          case TCP -> new TcpActivity(src, dstIp, dstPort, 0, hold, timeout, id, i, observer);
          case UDP ->
              new UdpActivity(src, dstIp, dstPort, 1, LOAD_UDP_SIZE, timeout, id, i, observer);
          case ICMP -> new PingActivity(src, dstIp, 1, timeout, id, i, observer);
        };
    flow.run(sim);
  }
}
