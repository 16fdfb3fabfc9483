package dev.egret.gui.model;

/**
 * A frame dropped by a datapath program ({@code reason}: the Hubble name, e.g. {@code
 * NO_EGRESS_GATEWAY}), or lost without a drop ({@code lost}: a dead node, a link down; the reason
 * is then the run's explanation, e.g. {@code node gw is down}).
 *
 * @param where the node (or external) where it happened
 */
public record DropEvent(long time, String where, long tag, String reason, boolean lost) {}
