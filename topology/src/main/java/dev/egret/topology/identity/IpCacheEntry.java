package dev.egret.topology.identity;

/**
 * What a node's ipcache says about an IP: its security identity and the tunnel endpoint to reach it
 * (the hosting node's IP; 0 for local endpoints and for the world).
 */
public record IpCacheEntry(int identity, int tunnelEndpoint) {
  /** What an IP not in the ipcache maps to. */
  public static final IpCacheEntry WORLD = new IpCacheEntry(ReservedIdentity.WORLD, 0);
}
