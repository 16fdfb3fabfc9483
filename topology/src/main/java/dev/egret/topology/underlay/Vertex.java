package dev.egret.topology.underlay;

import dev.egret.datapath.net.Cidr4;

/** A vertex of the underlay graph: a node, an external host, a router or an L2 segment. */
public sealed interface Vertex {
  String name();

  /** A Kubernetes node's underlay NIC. */
  record NodeVertex(String name, int ip) implements Vertex {}

  /** A host outside the cluster (a scenario's {@code externals[]}). */
  record ExternalVertex(String name, int ip) implements Vertex {}

  /** A router (the underlay's default gateway, which reaches the "internet"). */
  record RouterVertex(String name, int ip) implements Vertex {}

  /** An L2 segment (a switch) for the underlay CIDR. */
  record SegmentVertex(String name, Cidr4 cidr) implements Vertex {}
}
