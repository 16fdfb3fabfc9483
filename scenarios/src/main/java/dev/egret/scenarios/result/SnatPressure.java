package dev.egret.scenarios.result;

/**
 * SNAT pressure on one gateway node.
 *
 * @param mappings NAT mappings created during the run (egress direction)
 * @param maxRetries the most collision retries any allocation needed (0..128)
 * @param exhausted allocations that failed after all retries (DROP_NAT_NO_MAPPING)
 * @param portRange how many ports the SNAT range holds, or null when no allocation failed (an
 *     extension of SPEC §5)
 * @param inUseAtFirstExhaustion how many NAT mappings the node held when its first allocation
 *     failed, or null when none failed (an extension of SPEC §5: with 128 probes, the first
 *     failures come long before the range is full, cilium/cilium#33074)
 */
public record SnatPressure(
    long mappings, long maxRetries, long exhausted, Long portRange, Long inUseAtFirstExhaustion) {

  /** The three SPEC §5 fields; the extensions default to unknown. */
  public SnatPressure(long mappings, long maxRetries, long exhausted) {
    this(mappings, maxRetries, exhausted, null, null);
  }
}
