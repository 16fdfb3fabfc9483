/** Deterministic pod placement and controller-made names and UIDs. */
package dev.egret.topology.scheduling;
