package dev.egret.datapath.net;

/**
 * An IPv4 prefix. The address is kept as written (Cilium ≥1.15 parses CIDRs with Go's {@code
 * netip.ParsePrefix}, which does not clear host bits: {@code 1.1.1.5/24} stays {@code 1.1.1.5/24},
 * pkg/egressgateway/policy.go), while matching only looks at the first {@code prefixLength} bits.
 */
public record Cidr4(int address, int prefixLength) {

  /** 0.0.0.0/0 */
  public static final Cidr4 ALL = new Cidr4(0, 0);

  public Cidr4 {
    if (prefixLength < 0 || prefixLength > 32) {
      throw new IllegalArgumentException("prefix length must be 0..32: " + prefixLength);
    }
  }

  /** A /32 for one address. */
  public static Cidr4 host(int ip) {
    return new Cidr4(ip, 32);
  }

  /**
   * Parses {@code a.b.c.d/n}. Throws {@link IllegalArgumentException} with a message naming the
   * problem (missing prefix, prefix beyond 32, IPv6, bad address).
   */
  public static Cidr4 parse(String s) {
    if (s == null || s.isEmpty()) {
      throw new IllegalArgumentException("a CIDR is required (e.g. 10.0.0.0/8)");
    }
    if (Ip4.looksLikeIpv6(s)) {
      throw new IllegalArgumentException(
          "\"" + s + "\" is an IPv6 CIDR; only IPv4 is allowed here (e.g. 10.0.0.0/8)");
    }
    int slash = s.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException(
          Ip4.isValid(s)
              ? "\"" + s + "\" is not a CIDR (missing /prefix-length, e.g. " + s + "/32)"
              : "\""
                  + s
                  + "\" is not a CIDR (expected an IPv4 network such as 10.0.0.0/8; host names are"
                  + " not resolved)");
    }
    String addr = s.substring(0, slash);
    String len = s.substring(slash + 1);
    if (!Ip4.isValid(addr)) {
      throw new IllegalArgumentException(
          "\"" + s + "\" is not a CIDR (\"" + addr + "\" is not an IPv4 address)");
    }
    int plen;
    if (len.isEmpty() || len.length() > 3 || !len.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException(
          "\"" + s + "\" is not a CIDR (prefix length must be 0..32)");
    }
    plen = Integer.parseInt(len);
    if (plen > 32 || (len.length() > 1 && len.charAt(0) == '0')) {
      throw new IllegalArgumentException(
          "\"" + s + "\" is not a CIDR (prefix length must be 0..32)");
    }
    return new Cidr4(Ip4.parse(addr), plen);
  }

  /** The netmask. */
  public int mask() {
    return Ip4.mask(prefixLength);
  }

  /** The address with host bits cleared. */
  public int network() {
    return address & mask();
  }

  /** Whether the address has bits set beyond the prefix (e.g. 10.0.0.1/8). */
  public boolean hasHostBits() {
    return (address & ~mask()) != 0;
  }

  /** This prefix with host bits cleared. */
  public Cidr4 masked() {
    return hasHostBits() ? new Cidr4(network(), prefixLength) : this;
  }

  /** Whether {@code ip} falls inside this prefix. */
  public boolean contains(int ip) {
    return ((ip ^ address) & mask()) == 0;
  }

  /** Whether every address of {@code other} is inside this prefix. */
  public boolean covers(Cidr4 other) {
    return other.prefixLength >= prefixLength && contains(other.address);
  }

  /** Whether the two prefixes share at least one address. */
  public boolean overlaps(Cidr4 other) {
    return covers(other) || other.covers(this);
  }

  /** The number of addresses, as a long (2^32 for /0). */
  public long size() {
    return 1L << (32 - prefixLength);
  }

  /** The {@code i}-th address of the prefix (0-based, from the network address). */
  public int addressAt(long i) {
    if (i < 0 || i >= size()) {
      throw new IndexOutOfBoundsException(i + " outside " + this);
    }
    return network() + (int) i;
  }

  @Override
  public String toString() {
    return Ip4.format(address) + "/" + prefixLength;
  }
}
