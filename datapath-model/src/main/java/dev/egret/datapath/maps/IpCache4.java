package dev.egret.datapath.maps;

import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.net.Ip4;
import java.util.ArrayList;
import java.util.List;

/**
 * The IPv4 half of {@code cilium_ipcache}: an LPM trie from prefixes to (security identity, tunnel
 * endpoint). The datapath looks destinations (and sources) up here to learn their identity and, in
 * tunnel mode, which node IP to tunnel to.
 *
 * <pre>
 * struct ipcache_key {               // 24 bytes, packed
 *   struct bpf_lpm_trie_key lpm_key; //  0: u32 prefixlen, host order = 32 + IP prefix length
 *   __u16 cluster_id;                //  4
 *   __u8  pad1;                      //  6
 *   __u8  family;                    //  7: ENDPOINT_KEY_IPV4 = 1
 *   __u32 ip4;                       //  8: network order (then 12 bytes of IPv6 space)
 * };
 * </pre>
 *
 * Lookups cost O(distinct prefix lengths) hash probes and allocate nothing (see {@link LpmTrie}).
 */
public final class IpCache4 {
  /** The pinned map name. */
  public static final String NAME = "cilium_ipcache";

  /** {@code IPCACHE_MAP_SIZE}: Cilium's default capacity (512000). */
  public static final int IPCACHE_MAP_SIZE = 512000;

  /** {@code ENDPOINT_KEY_IPV4}. */
  public static final int ENDPOINT_KEY_IPV4 = 1;

  /** Bits of the key before the address: cluster_id, pad1 and family. */
  public static final int STATIC_PREFIX_BITS = 32;

  private final LpmTrie trie;

  public IpCache4() {
    this(IPCACHE_MAP_SIZE);
  }

  public IpCache4(int maxEntries) {
    this.trie = new LpmTrie(NAME, 32, maxEntries);
  }

  /**
   * Inserts or replaces the entry for {@code prefix}.
   *
   * @throws MapFullException when the map is full (ENOSPC)
   */
  public void upsert(Cidr4 prefix, int identity, int tunnelEndpoint) throws MapFullException {
    trie.update(
        (long) prefix.address() << 32,
        prefix.prefixLength(),
        RemoteEndpointInfo.pack(identity, tunnelEndpoint));
  }

  /** Removes the entry for exactly {@code prefix}; false if absent. */
  public boolean delete(Cidr4 prefix) {
    return trie.delete((long) prefix.address() << 32, prefix.prefixLength());
  }

  /**
   * {@code lookup_ip4_remote_endpoint}: the longest-prefix entry for {@code ip}, packed as {@link
   * RemoteEndpointInfo}, or {@link RemoteEndpointInfo#MISS}.
   */
  public long lookup(int ip) {
    int id = trie.lookup((long) ip << 32);
    return id < 0 ? RemoteEndpointInfo.MISS : trie.value(id);
  }

  public int size() {
    return trie.size();
  }

  /** The 24 key bytes of an entry exactly as the kernel stores them. */
  public static byte[] keyBytes(Cidr4 prefix) {
    byte[] b = new byte[24];
    int p = STATIC_PREFIX_BITS + prefix.prefixLength();
    b[0] = (byte) p;
    b[1] = (byte) (p >>> 8);
    b[2] = (byte) (p >>> 16);
    b[3] = (byte) (p >>> 24);
    b[7] = (byte) ENDPOINT_KEY_IPV4;
    Ip4.write(b, 8, prefix.address());
    return b;
  }

  /** The 12 value bytes exactly as the kernel stores them. */
  public static byte[] valueBytes(long info) {
    byte[] b = new byte[12];
    int id = RemoteEndpointInfo.identity(info);
    b[0] = (byte) id;
    b[1] = (byte) (id >>> 8);
    b[2] = (byte) (id >>> 16);
    b[3] = (byte) (id >>> 24);
    Ip4.write(b, 4, RemoteEndpointInfo.tunnelEndpoint(info));
    return b;
  }

  /** Every entry as (prefix, packed info), in the kernel's iteration order. */
  public List<Entry> dump() {
    List<Entry> out = new ArrayList<>(trie.size());
    for (int id : trie.idsInKernelOrder()) {
      out.add(
          new Entry(new Cidr4((int) (trie.key(id) >>> 32), trie.prefixLen(id)), trie.value(id)));
    }
    return out;
  }

  /** The map as {@code bpftool map dump} prints it (plain output, without BTF). */
  public String bpftoolDump() {
    StringBuilder sb = new StringBuilder();
    List<Entry> all = dump();
    for (Entry e : all) {
      sb.append(Bpftool.entry(keyBytes(e.prefix()), valueBytes(e.info()))).append('\n');
    }
    sb.append(Bpftool.found(all.size())).append('\n');
    return sb.toString();
  }

  /** One entry of a dump. */
  public record Entry(Cidr4 prefix, long info) {
    public int identity() {
      return RemoteEndpointInfo.identity(info);
    }

    public int tunnelEndpoint() {
      return RemoteEndpointInfo.tunnelEndpoint(info);
    }
  }
}
