package dev.egret.datapath.maps;

/**
 * A BPF map update refused because the map holds {@code max_entries} already: the kernel answers
 * {@code -ENOSPC} for LPM tries and plain hashes (LRU hashes evict instead).
 */
public final class MapFullException extends Exception {
  private static final long serialVersionUID = 1L;

  /** errno ENOSPC on Linux. */
  public static final int ENOSPC = 28;

  private final String mapName;
  private final int maxEntries;

  public MapFullException(String mapName, int maxEntries) {
    super("update " + mapName + ": no space left on device (max_entries " + maxEntries + ")");
    this.mapName = mapName;
    this.maxEntries = maxEntries;
  }

  public String mapName() {
    return mapName;
  }

  public int maxEntries() {
    return maxEntries;
  }
}
