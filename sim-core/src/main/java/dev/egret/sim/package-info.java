/**
 * egret's discrete-event engine: time is a {@code long} of nanoseconds, events are ordered by
 * (time, insertion sequence) so equal times run first-in first-out, the event list is a pluggable
 * {@link dev.egret.sim.EventScheduler}, and every random draw comes from a named, seeded {@link
 * dev.egret.sim.Rng} stream.
 */
package dev.egret.sim;
