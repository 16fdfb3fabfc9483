package dev.egret.scenarios.run;

import dev.egret.scenarios.traffic.FlowReport;
import dev.egret.scenarios.traffic.ServerSighting;

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
  FlowReport report;
  ServerSighting sighting;
  String dropReason;
  String dropNode;
  String gateway;
  String lostWhy;

  Conn(long id, int action, String pod, int podIp, String node) {
    this.id = id;
    this.action = action;
    this.pod = pod;
    this.podIp = podIp;
    this.node = node;
  }
}
