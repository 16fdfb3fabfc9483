/**
 * The underlay in motion: frames travel between nodes, the router and external hosts over the
 * {@code underlay} graph's links, each hop taking its latency plus the frame's serialisation delay,
 * as events on the simulation clock. Frames are pooled {@code Skb}s; delivery events are pooled
 * too, so the steady path does not allocate.
 */
package dev.egret.topology.fabric;
