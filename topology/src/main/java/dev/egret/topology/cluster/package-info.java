/** The mutable cluster and its change events, driven by resources and timeline actions. */
package dev.egret.topology.cluster;
