package dev.egret.scenarios.result;

/**
 * Simulation statistics (simulated facts only; wall time is in the human report).
 *
 * @param events events executed
 * @param packets packet-hops: frames handed from one place to the next (a program, a link)
 * @param simulatedNanos the simulated time at the end of the run
 */
public record Stats(long events, long packets, long simulatedNanos) {}
