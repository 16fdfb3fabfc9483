package dev.egret.scenarios.traffic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A test observer of both sides, keeping every callback in order. */
final class Recorder implements ClientObserver, ServerObserver {
  final List<String> events = new ArrayList<>();
  final List<FlowReport> started = new ArrayList<>();
  final List<FlowReport> finished = new ArrayList<>();
  final List<ServerSighting> sightings = new ArrayList<>();

  @Override
  public void started(FlowReport r) {
    events.add("started " + r.id() + " at " + r.startedAt());
    started.add(r);
  }

  @Override
  public void handshakeCompleted(FlowReport r) {
    events.add("handshake " + r.id() + " at " + r.handshakeAt());
  }

  @Override
  public void firstAnswer(FlowReport r) {
    events.add("answer " + r.id() + " at " + r.firstAnswerAt());
  }

  @Override
  public void finished(FlowReport r) {
    events.add("finished " + r.id() + " " + r.outcome() + " at " + r.finishedAt());
    finished.add(r);
  }

  @Override
  public void firstPacket(ServerSighting s) {
    events.add("sighting " + s.tag() + " " + s.peer());
    sightings.add(s);
  }

  /** The only finished report; fails if there is not exactly one. */
  FlowReport only() {
    if (finished.size() != 1) {
      throw new AssertionError("expected one finished flow, got " + finished + " / " + events);
    }
    return finished.get(0);
  }

  /** Finished reports by flow id. */
  Map<Long, FlowReport> byId() {
    Map<Long, FlowReport> m = new LinkedHashMap<>();
    for (FlowReport r : finished) {
      m.put(r.id(), r);
    }
    return m;
  }
}
