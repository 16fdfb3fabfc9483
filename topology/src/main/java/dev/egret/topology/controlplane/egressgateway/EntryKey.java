package dev.egret.topology.controlplane.egressgateway;

import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.net.Ip4;

/**
 * A key of the egress policy map as the kernel identifies it: the source address and the
 * destination prefix (host bits cleared, since the trie ignores them).
 */
public record EntryKey(int sourceIp, int destination, int prefixLength)
    implements Comparable<EntryKey> {

  public static EntryKey of(int src, Cidr4 dst) {
    return new EntryKey(src, dst.network(), dst.prefixLength());
  }

  public Cidr4 cidr() {
    return new Cidr4(destination, prefixLength);
  }

  @Override
  public int compareTo(EntryKey o) {
    int c = Integer.compareUnsigned(sourceIp, o.sourceIp);
    if (c == 0) {
      c = Integer.compareUnsigned(destination, o.destination);
    }
    return c != 0 ? c : Integer.compare(prefixLength, o.prefixLength);
  }

  @Override
  public String toString() {
    return Ip4.format(sourceIp) + " -> " + Ip4.format(destination) + "/" + prefixLength;
  }
}
