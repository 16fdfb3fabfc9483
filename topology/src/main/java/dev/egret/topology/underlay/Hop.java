package dev.egret.topology.underlay;

/** One hop of a route: from a vertex over a link to the next vertex. */
public record Hop(Vertex from, Link link, Vertex to) {}
