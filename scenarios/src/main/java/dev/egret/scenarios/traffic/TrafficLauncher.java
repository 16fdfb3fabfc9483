package dev.egret.scenarios.traffic;

import dev.egret.datapath.net.Ip4;
import dev.egret.scenarios.model.Action;
import dev.egret.scenarios.model.Destination;
import dev.egret.sim.Event;
import dev.egret.sim.Simulation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Turns a SPEC §3 traffic action into scheduled client activities. {@code from} has already been
 * resolved by the caller into source hosts (one for {@code namespace/pod}, every matching pod for a
 * selector, in the caller's order).
 */
public final class TrafficLauncher {
  private TrafficLauncher() {}

  /**
   * Schedules {@code action} at time {@code at}: {@code http}, {@code tcp}, {@code udp} and {@code
   * ping} run once per source host, in list order, each with its own flow id from {@code ids};
   * {@code load} runs one {@link LoadGenerator} over all of them. Returns the activities (an {@link
   * HttpActivity}, {@link TcpActivity}, {@link UdpActivity}, {@link PingActivity} per source, or
   * the one {@link LoadGenerator}).
   */
  public static List<Event> schedule(
      Simulation sim,
      long at,
      Action.Traffic action,
      List<HostStack> sources,
      LongSupplier ids,
      ClientObserver observer) {
    Destination to = action.to();
    List<Event> out = new ArrayList<>();
    if (action instanceof Action.Load l) {
      out.add(
          new LoadGenerator(
              sources,
              to.ip(),
              to.port(),
              l.protocol(),
              l.rate(),
              l.duration(),
              l.hold(),
              l.timeout(),
              ids,
              observer));
    } else {
      for (HostStack src : sources) {
        out.add(activity(action, src, ids.getAsLong(), observer));
      }
    }
    for (Event e : out) {
      sim.scheduleAt(at, e);
    }
    return out;
  }

  private static Event activity(
      Action.Traffic action, HostStack src, long id, ClientObserver observer) {
    Destination to = action.to();
    if (action instanceof Action.Http h) {
      return new HttpActivity(
          src, to.ip(), to.port(), hostHeader(to), h.timeout(), id, -1, observer);
    }
    if (action instanceof Action.Tcp t) {
      return new TcpActivity(
          src, to.ip(), to.port(), t.bytes(), t.hold(), t.timeout(), id, -1, observer);
    }
    if (action instanceof Action.Udp u) {
      return new UdpActivity(
          src, to.ip(), to.port(), u.count(), u.size(), u.timeout(), id, -1, observer);
    }
    if (action instanceof Action.Ping p) {
      return new PingActivity(src, to.ip(), p.count(), p.timeout(), id, -1, observer);
    }
    throw new IllegalArgumentException(action.kind() + " is not a per-source action");
  }

  /** The Host header curl would send: the name as written in {@code to}, else the IP. */
  static String hostHeader(Destination to) {
    return to.external() != null ? to.external() : Ip4.format(to.ip());
  }
}
