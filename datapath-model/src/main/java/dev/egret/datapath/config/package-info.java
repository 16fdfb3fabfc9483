/** Datapath configuration with Cilium's defaults, and the per-version behaviour switches. */
package dev.egret.datapath.config;
