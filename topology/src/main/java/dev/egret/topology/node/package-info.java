/**
 * The simulated node (issue 4 part 6): a node's datapath programs wired to its pods' lxc
 * interfaces, its tunnel device and its native devices, plus the little kernel behaviour the
 * programs hand packets to (routing, local delivery, the vxlan device). Packets cross a node in
 * zero simulated time; links (the {@code fabric} package) take time.
 */
package dev.egret.topology.node;
