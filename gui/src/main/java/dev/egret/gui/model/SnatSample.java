package dev.egret.gui.model;

/**
 * One node's SNAT state at {@code time}: the NAT map's mappings in use (original-direction entries,
 * half the map) and the cumulative allocation counters ({@code cilium_snat_v4_alloc_retries}).
 *
 * @param inUse mappings in the NAT map now
 * @param allocations successful allocations so far
 * @param retries retries spent by all allocations so far (failed ones count 128 each)
 * @param failed allocations that failed with DROP_NAT_NO_MAPPING so far
 */
public record SnatSample(long time, long inUse, long allocations, long retries, long failed) {}
