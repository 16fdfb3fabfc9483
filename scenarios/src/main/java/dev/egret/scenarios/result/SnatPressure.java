package dev.egret.scenarios.result;

/**
 * SNAT pressure on one gateway node.
 *
 * @param mappings NAT mappings created during the run (egress direction)
 * @param maxRetries the most collision retries any allocation needed (0..128)
 * @param exhausted allocations that failed after all retries (DROP_NAT_NO_MAPPING)
 */
public record SnatPressure(long mappings, long maxRetries, long exhausted) {}
