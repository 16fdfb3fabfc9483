package dev.egret.gui.layout;

/**
 * How much room a node's box needs: pod rows (pods, or one row for a collapsed count) and whether
 * it was ever a gateway (two lines for its egress IPs and policies).
 */
public record NodeShape(String name, int podRows, boolean gateway) {}
