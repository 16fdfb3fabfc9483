/**
 * Raw frames: {@link dev.egret.datapath.packet.Skb} (a buffer with headroom and skb metadata),
 * static header views with absolute offsets (Ethernet, IPv4, IPv6, TCP, UDP, ICMPv4, VXLAN,
 * Geneve), checksums and their incremental updates, and a frame builder.
 */
package dev.egret.datapath.packet;
