/**
 * The simulated host network stacks: the endpoints of egret's traffic.
 *
 * <p>A {@link dev.egret.scenarios.traffic.HostStack} is one pod or external server. It owns an IPv4
 * address, a MAC, a next-hop MAC and an MTU, and speaks TCP (modelled on Linux), UDP and ICMP echo
 * over raw Ethernet frames ({@link dev.egret.datapath.packet.Skb}) handed to a {@link
 * dev.egret.scenarios.traffic.FrameSink}. Server applications ({@code echo-ip}, {@code http},
 * {@code udp-echo}, {@code sink}) listen on its ports; client activities ({@code http}, {@code
 * tcp}, {@code udp}, {@code ping}, {@code load}) run the SPEC §3 timeline actions and report to a
 * {@link dev.egret.scenarios.traffic.ClientObserver}; servers report the first packet of every
 * connection or flow to a {@link dev.egret.scenarios.traffic.ServerObserver}.
 *
 * <p>Every frame belonging to a connection or flow carries its id in {@link
 * dev.egret.datapath.packet.Skb#tag()}, in both directions. Nothing here knows the network fabric:
 * the fabric calls {@link dev.egret.scenarios.traffic.HostStack#receive} and implements {@link
 * dev.egret.scenarios.traffic.FrameSink}.
 */
package dev.egret.scenarios.traffic;
