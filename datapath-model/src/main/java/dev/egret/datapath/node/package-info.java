/**
 * The environment of a node's datapath: {@link dev.egret.datapath.node.NodeContext} (clock,
 * randomness, egress map, endpoints, ipcache, FIB, interfaces) and a table-driven implementation.
 */
package dev.egret.datapath.node;
