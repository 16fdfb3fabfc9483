package dev.egret.bench.datapath;

import dev.egret.datapath.egress.EgressPolicyMap4;
import dev.egret.datapath.maps.IntIntHashMap;
import dev.egret.datapath.maps.MapFullException;
import dev.egret.datapath.net.Cidr4;
import dev.egret.sim.Rng;
import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv4.IPv4AddressAssociativeTrie;
import inet.ipaddr.ipv6.IPv6Address;
import inet.ipaddr.ipv6.IPv6AddressAssociativeTrie;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The egress policy LPM lookup ({@code cilium_egress_gw_policy_v4}, 16,384 entries) against the
 * {@code com.github.seancfoley:ipaddress} tries in the same run (reference/dependencies.md §6).
 *
 * <p>Map content, a realistic mix: 4,096 pods × 4 entries each — a broad destination CIDR (/8–/16),
 * a /24 inside it, an excluded /32 inside that (gateway 0.0.0.1), and one more CIDR of any length
 * /0–/32 — 16,384 entries in all. Queries: 4,096 (source, destination) pairs, about 80% hitting
 * some entry, drawn from a fixed seed; each benchmark op runs all of them.
 *
 * <p>Peers, both building their key objects per lookup as a datapath would: {@code
 * ipaddressPerSourceTrie}, one {@link IPv4AddressAssociativeTrie} of destination prefixes per
 * source (found through an int hash map, so the peer gets the same O(1) source step as egret), with
 * {@code new IPv4Address(int)} per lookup; and {@code ipaddressSingleTrie64}, one {@link
 * IPv6AddressAssociativeTrie} over the 64-bit (source, destination) key exactly like the kernel's
 * trie, with {@code new IPv6Address(bytes)} per lookup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EgressPolicyLookupBenchmark {
  static final int PODS = 4096;
  static final int ENTRIES_PER_POD = 4;
  static final int QUERIES = 4096;

  EgressPolicyMap4 egret;
  IntIntHashMap trieOfSource;
  List<IPv4AddressAssociativeTrie<Integer>> tries;
  IPv6AddressAssociativeTrie<Integer> trie64;
  int[] qSrc;
  int[] qDst;

  @Setup
  public void setUp() throws MapFullException {
    Rng rng = Rng.root(42).stream("egress-policy-bench");
    egret = new EgressPolicyMap4(EgressPolicyMap4.EGRESS_POLICY_MAP_SIZE);
    trieOfSource = new IntIntHashMap(PODS);
    tries = new ArrayList<>(PODS);
    trie64 = new IPv6AddressAssociativeTrie<>();
    int[] pods = new int[PODS];
    int[][] dsts = new int[PODS][];
    for (int p = 0; p < PODS; p++) {
      int pod = 0x0a000000 | (p + 1); // 10.0.x.y
      pods[p] = pod;
      int broad = rng.nextInt();
      int broadLen = 8 + rng.nextInt(9);
      int mid = (broad & mask(broadLen)) | (rng.nextInt() & ~mask(broadLen));
      int host = (mid & mask(24)) | (rng.nextInt() & 0xff);
      int anyLen = rng.nextInt(33);
      int any = rng.nextInt();
      Cidr4[] cidrs = {
        new Cidr4(broad & mask(broadLen), broadLen),
        new Cidr4(mid & mask(24), 24),
        new Cidr4(host, 32),
        new Cidr4(any & mask(anyLen), anyLen)
      };
      int[] gws = {0x0a000a02, 0x0a000a03, 1, 0x0a000a04};
      IPv4AddressAssociativeTrie<Integer> t = new IPv4AddressAssociativeTrie<>();
      trieOfSource.put(pod, p);
      tries.add(t);
      dsts[p] = new int[] {broad, mid, host, any};
      for (int i = 0; i < ENTRIES_PER_POD; i++) {
        Cidr4 c = cidrs[i];
        if (egret.get(pod, c) != null) {
          continue; // a duplicate key: the map holds one entry, so must the peers
        }
        egret.update(pod, c, 0, gws[i]);
        t.put(new IPv4Address(c.address(), c.prefixLength()).toPrefixBlock(), gws[i]);
        trie64.put(ipv6Key(pod, c.address(), 32 + c.prefixLength()).toPrefixBlock(), gws[i]);
      }
    }
    qSrc = new int[QUERIES];
    qDst = new int[QUERIES];
    for (int i = 0; i < QUERIES; i++) {
      int p = rng.nextInt(PODS);
      qSrc[i] = rng.nextInt(10) < 9 ? pods[p] : 0x0b000000 | rng.nextInt(1 << 16);
      int[] d = dsts[p];
      qDst[i] = rng.nextInt(10) < 8 ? d[rng.nextInt(4)] ^ (rng.nextInt() & 0xff) : rng.nextInt();
    }
    // the three implementations must agree before anything is measured
    for (int i = 0; i < QUERIES; i++) {
      int e = egretLookup(qSrc[i], qDst[i]);
      int a = perSourceLookup(qSrc[i], qDst[i]);
      int b = singleTrieLookup(qSrc[i], qDst[i]);
      if (e != a || e != b) {
        throw new IllegalStateException(
            "lookup mismatch at query " + i + ": " + e + " " + a + " " + b);
      }
    }
  }

  static int mask(int len) {
    return len == 0 ? 0 : -1 << (32 - len);
  }

  static IPv6Address ipv6Key(int src, int dst, int prefix) {
    byte[] b = new byte[16];
    for (int i = 0; i < 4; i++) {
      b[i] = (byte) (src >>> (24 - 8 * i));
      b[4 + i] = (byte) (dst >>> (24 - 8 * i));
    }
    return new IPv6Address(b, prefix);
  }

  int egretLookup(int src, int dst) {
    int id = egret.find(src, dst);
    return id < 0 ? -1 : egret.gatewayIp(id);
  }

  int perSourceLookup(int src, int dst) {
    int t = trieOfSource.get(src);
    if (t == IntIntHashMap.MISSING) {
      return -1;
    }
    var node = tries.get(t).longestPrefixMatchNode(new IPv4Address(dst));
    return node == null ? -1 : node.getValue();
  }

  int singleTrieLookup(int src, int dst) {
    byte[] b = new byte[16];
    for (int i = 0; i < 4; i++) {
      b[i] = (byte) (src >>> (24 - 8 * i));
      b[4 + i] = (byte) (dst >>> (24 - 8 * i));
    }
    var node = trie64.longestPrefixMatchNode(new IPv6Address(b));
    return node == null ? -1 : node.getValue();
  }

  /** egret's {@code EgressPolicyMap4.find}; one op = {@value #QUERIES} lookups. */
  @Benchmark
  @OperationsPerInvocation(QUERIES)
  public int egret() {
    int acc = 0;
    for (int i = 0; i < QUERIES; i++) {
      acc += egretLookup(qSrc[i], qDst[i]);
    }
    return acc;
  }

  /** Per-source IPv4 tries with {@code new IPv4Address(int)} per lookup. */
  @Benchmark
  @OperationsPerInvocation(QUERIES)
  public int ipaddressPerSourceTrie() {
    int acc = 0;
    for (int i = 0; i < QUERIES; i++) {
      acc += perSourceLookup(qSrc[i], qDst[i]);
    }
    return acc;
  }

  /** One 64-bit-key trie, the kernel's shape, with {@code new IPv6Address(byte[])} per lookup. */
  @Benchmark
  @OperationsPerInvocation(QUERIES)
  public int ipaddressSingleTrie64() {
    int acc = 0;
    for (int i = 0; i < QUERIES; i++) {
      acc += singleTrieLookup(qSrc[i], qDst[i]);
    }
    return acc;
  }
}
