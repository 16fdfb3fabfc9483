package dev.egret.scenarios.run;

import dev.egret.scenarios.traffic.FlowReport;

/**
 * Everything the run learns about one connection (or UDP flow, or ping) of a traffic action, keyed
 * by its flow id (the frames' {@code Skb.tag}): the client's report, the destination's first
 * sighting, the first datapath drop of one of its frames, and the node that put its first packet on
 * the wire toward the destination.
 */
final class Conn {
  final long id;
  final int action;
  final String pod;
  final int podIp;
  final String node;

  /** The client's live report, until it finishes; then only its outcome is kept (below). */
  FlowReport report;

  boolean finished;
  boolean replied;
  long rttNanos = -1;

  /** Whether the destination saw a packet of it, and the source IP and port it saw. */
  boolean seen;

  int seenIp;
  int seenPort;
  String dropReason;
  String dropNode;
  String gateway;
  String lostWhy;

  /** The client finished: keep what the result needs, let the report (and its host) go. */
  void finish(FlowReport r) {
    finished = true;
    replied = r.replyReceived();
    rttNanos = r.rttNanos();
    report = null;
  }

  boolean replyReceived() {
    return finished ? replied : report != null && report.replyReceived();
  }

  long rtt() {
    return finished ? rttNanos : report != null ? report.rttNanos() : -1;
  }

  Conn(long id, int action, String pod, int podIp, String node) {
    this.id = id;
    this.action = action;
    this.pod = pod;
    this.podIp = podIp;
    this.node = node;
  }
}
