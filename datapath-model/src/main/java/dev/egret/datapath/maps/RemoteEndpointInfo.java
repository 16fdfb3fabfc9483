package dev.egret.datapath.maps;

/**
 * The ipcache value {@code struct remote_endpoint_info} (bpf/lib/common.h, v1.16) packed into one
 * {@code long} so lookups return it without allocating: security identity in the high 32 bits,
 * tunnel endpoint (IPv4, host order) in the low 32 bits. {@link #MISS} (all ones) means "no entry";
 * it cannot be a real value because identity 0xffffffff does not exist.
 *
 * <pre>
 * struct remote_endpoint_info {      // 12 bytes
 *   __u32 sec_identity;              //  0: host order
 *   __u32 tunnel_endpoint;           //  4: network order; 0 = no tunnel (e.g. a local pod)
 *   __u16 pad;                       //  8
 *   __u8  key;                       // 10: IPsec key index (unused here)
 *   __u8  flag_skip_tunnel:1, pad2:7;// 11
 * };
 * </pre>
 */
public final class RemoteEndpointInfo {
  /** No ipcache entry matched. */
  public static final long MISS = -1L;

  private RemoteEndpointInfo() {}

  public static long pack(int identity, int tunnelEndpoint) {
    return ((long) identity << 32) | (tunnelEndpoint & 0xffffffffL);
  }

  public static int identity(long info) {
    return (int) (info >>> 32);
  }

  public static int tunnelEndpoint(long info) {
    return (int) info;
  }

  public static boolean found(long info) {
    return info != MISS;
  }
}
