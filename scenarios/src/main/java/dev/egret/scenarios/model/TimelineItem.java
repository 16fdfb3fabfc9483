package dev.egret.scenarios.model;

import dev.egret.topology.yaml.Location;

/**
 * One item of {@code spec.timeline}: an action at a time, optionally with expectations.
 *
 * @param index the item's position in the timeline (0-based), as results name it
 * @param at the simulated time in nanoseconds
 * @param expect expectations on a traffic action's outcome, or null
 */
public record TimelineItem(
    int index, long at, Action action, ActionExpect expect, Location where) {}
