package dev.egret.scenarios.run;

import dev.egret.scenarios.traffic.ClientObserver;
import dev.egret.scenarios.traffic.FlowReport;
import dev.egret.scenarios.traffic.HostStack;
import dev.egret.scenarios.traffic.ServerObserver;
import dev.egret.scenarios.traffic.ServerSighting;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The run's ledger of connections: hands out flow ids (the frames' tags), and collects the client
 * reports, server sightings, drops and egress nodes for each id. O(1) per event.
 */
final class ConnectionBook implements ServerObserver {
  /** Connections by flow id: ids are handed out densely from 1, so an array indexes them. */
  private Conn[] byId = new Conn[1024];

  private final List<List<Conn>> byAction = new ArrayList<>();
  private final Map<HostStack, PodHost> podOfHost;
  private long nextId = 1;
  private int openFlows;

  /** Told when a connection registers: (timeline item, tag, pod). */
  interface StartListener {
    void started(int itemIndex, long tag, String pod);
  }

  private final StartListener startListener;

  ConnectionBook(Map<HostStack, PodHost> podOfHost, StartListener startListener) {
    this.podOfHost = podOfHost;
    this.startListener = startListener;
  }

  int openFlows() {
    return openFlows;
  }

  /** The ids a traffic action's activities draw from. */
  LongSupplier ids() {
    return () -> nextId++;
  }

  /** The observer of the activities of timeline item {@code action}. */
  ClientObserver observerFor(int action) {
    while (byAction.size() <= action) {
      byAction.add(new ArrayList<>());
    }
    List<Conn> list = byAction.get(action);
    return new ClientObserver() {
      @Override
      public void started(FlowReport r) {
        register(r, action, list);
      }

      @Override
      public void finished(FlowReport r) {
        Conn c = get(r.id());
        if (c == null) {
          c = register(r, action, list);
        }
        c.finish(r);
        if (r.startedAt() != FlowReport.NEVER) {
          openFlows--;
        }
      }
    };
  }

  private Conn register(FlowReport r, int action, List<Conn> list) {
    Conn c = get(r.id());
    if (c != null) {
      return c;
    }
    PodHost ph = podOfHost.get(r.host());
    c =
        new Conn(
            r.id(),
            action,
            ph == null ? r.host().name() : ph.key(),
            r.localIp(),
            ph == null ? null : ph.node());
    c.report = r;
    put(r.id(), c);
    list.add(c);
    startListener.started(action, r.id(), c.pod);
    if (r.startedAt() != FlowReport.NEVER) {
      openFlows++;
    }
    return c;
  }

  @Override
  public void firstPacket(ServerSighting s) {
    Conn c = get(s.tag());
    if (c != null && !c.seen) {
      c.seen = true;
      c.seenIp = s.peerIp();
      c.seenPort = s.peerPort();
    }
  }

  /** A datapath drop of a frame tagged {@code id} on {@code node}. */
  void dropped(long id, String node, String reason) {
    Conn c = get(id);
    if (c != null && c.dropReason == null && !c.seen) {
      c.dropReason = reason;
      c.dropNode = node;
    }
  }

  /** A frame of {@code id} vanished without a drop. */
  void lost(long id, String why) {
    Conn c = get(id);
    if (c != null && c.lostWhy == null && !c.seen) {
      c.lostWhy = why;
    }
  }

  /** A node put a frame of {@code id} on a native device toward the world (not tunnelled). */
  void egress(long id, String node) {
    Conn c = get(id);
    if (c != null && c.gateway == null && !c.seen) {
      c.gateway = node;
    }
  }

  private Conn get(long id) {
    return id > 0 && id < byId.length ? byId[(int) id] : null;
  }

  private void put(long id, Conn c) {
    if (id <= 0 || id >= Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("flow id out of range: " + id);
    }
    if (id >= byId.length) {
      byId =
          java.util.Arrays.copyOf(
              byId, (int) Math.max(id + 1, Math.min(2L * byId.length, Integer.MAX_VALUE - 8)));
    }
    byId[(int) id] = c;
  }

  /** The connections of timeline item {@code action}, in the order they started. */
  List<Conn> of(int action) {
    return action < byAction.size() ? byAction.get(action) : List.of();
  }
}
