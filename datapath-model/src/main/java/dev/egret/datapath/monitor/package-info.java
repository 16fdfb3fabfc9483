/**
 * What the datapath reports: trace and drop events with Hubble's names and numbers, monitor
 * aggregation, {@code cilium_metrics}, and the signals to the agent.
 */
package dev.egret.datapath.monitor;
