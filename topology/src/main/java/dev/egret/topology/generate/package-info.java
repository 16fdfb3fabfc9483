/** Deterministic generators of large clusters for benchmarks and {@code egret generate}. */
package dev.egret.topology.generate;
