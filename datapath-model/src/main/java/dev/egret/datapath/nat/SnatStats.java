package dev.egret.datapath.nat;

/**
 * SNAT port-allocation statistics of one node: {@code cilium_snat_v4_alloc_retries} (a histogram of
 * how many retries each allocation took, index {@code SNAT_COLLISION_RETRIES} counting exhaustions)
 * and the derived counters the report shows (mappings created, exhausted, max retries).
 */
public final class SnatStats {
  private long[] retriesHist;
  private long mappings;
  private long exhausted;
  private int maxRetries;

  void record(int retries, boolean success) {
    if (retriesHist == null) {
      retriesHist = new long[SnatV4.SNAT_COLLISION_RETRIES + 1];
    }
    retriesHist[Math.min(retries, SnatV4.SNAT_COLLISION_RETRIES)]++;
    if (success) {
      mappings++;
      maxRetries = Math.max(maxRetries, retries);
    } else {
      exhausted++;
    }
  }

  /** How many allocations took exactly {@code retries} retries (128 = exhausted). */
  public long retries(int retries) {
    return retriesHist == null ? 0 : retriesHist[retries];
  }

  /** A copy of the histogram (129 buckets). */
  public long[] histogram() {
    return retriesHist == null ? new long[SnatV4.SNAT_COLLISION_RETRIES + 1] : retriesHist.clone();
  }

  /** New mappings created. */
  public long mappings() {
    return mappings;
  }

  /** Allocations that failed with DROP_NAT_NO_MAPPING. */
  public long exhausted() {
    return exhausted;
  }

  /** The most retries a successful allocation needed. */
  public int maxRetries() {
    return maxRetries;
  }
}
