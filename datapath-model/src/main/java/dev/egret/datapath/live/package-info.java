/**
 * The live binding: the datapath driven by frames from real Linux interfaces through pcap4j instead
 * of the simulator's links. {@link dev.egret.datapath.live.LiveRunner} runs one node (a reader
 * thread per interface in immediate mode, ARP answers and neighbour resolution, injection on the
 * interface a verdict names); {@link dev.egret.datapath.live.Netns} lets threads enter the lab's
 * network namespaces; {@link dev.egret.datapath.live.LabGuard} refuses every interface the lab did
 * not create. Needs root and libpcap.
 */
package dev.egret.datapath.live;
