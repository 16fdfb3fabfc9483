package dev.egret.datapath.maps;

/**
 * A BPF map update refused because the map holds {@code max_entries} already: the kernel answers
 * {@code -ENOSPC} for LPM tries and {@code -E2BIG} for plain hashes (LRU hashes evict instead).
 */
public final class MapFullException extends Exception {
  private static final long serialVersionUID = 1L;

  /** errno ENOSPC on Linux. */
  public static final int ENOSPC = 28;

  /** errno E2BIG on Linux: what {@code htab_map_update_elem} returns when a hash map is full. */
  public static final int E2BIG = 7;

  private final String mapName;
  private final int maxEntries;
  private final int errno;

  /** An ENOSPC failure (LPM trie full). */
  public MapFullException(String mapName, int maxEntries) {
    this(mapName, maxEntries, ENOSPC);
  }

  /** A failure with the given errno ({@link #ENOSPC} or {@link #E2BIG}). */
  public MapFullException(String mapName, int maxEntries, int errno) {
    super(
        "update "
            + mapName
            + ": "
            + (errno == E2BIG ? "argument list too long" : "no space left on device")
            + " (max_entries "
            + maxEntries
            + ")");
    this.mapName = mapName;
    this.maxEntries = maxEntries;
    this.errno = errno;
  }

  public String mapName() {
    return mapName;
  }

  public int maxEntries() {
    return maxEntries;
  }

  /** The positive errno the kernel would return (negated) from {@code bpf_map_update_elem}. */
  public int errno() {
    return errno;
  }
}
