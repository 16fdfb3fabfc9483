package dev.egret.scenarios.lab;

import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.net.Ip4;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The deterministic, injective translation of a scenario's addresses into the lab's address space
 * {@value #LAB_SPACE_TEXT} (RFC 2544's benchmarking range), preserving everything the model's
 * decisions depend on.
 *
 * <p>The scenario's prefixes (the underlay, pod CIDRs or the pod pool, interface subnets, policy
 * destination and excluded CIDRs) and addresses (node, router, external, egress and pod IPs) form a
 * laminar family: two prefixes are either nested or disjoint. The map keeps that tree: every prefix
 * becomes a lab prefix, nested prefixes stay strictly nested and disjoint ones disjoint, so every
 * address falls in exactly the same prefixes before and after, and longest-prefix matches (the
 * egress policy map, routes) choose the same entries. Prefixes whose addresses are handed out at
 * run time (a node's pod CIDR, or the pool nodes draw theirs from) keep their length and every
 * offset ({@link Kind#KEEP}), so the lab's IPAM hands out the image of the scenario's pod IPs. The
 * others are shrunk ({@link Kind#SQUEEZE}) to the smallest power of two that holds what lies inside
 * them: with the same offsets when that stays small (so 172.18.0.5 in the underlay becomes …0.5 in
 * the lab), packed otherwise. An address no scenario prefix or address accounts for cannot be
 * mapped, and a scenario that needs more than the lab space is refused.
 *
 * <p>Cost: O(n²) to build for n prefixes and addresses, O(depth) per translation.
 */
public final class AddressMap {
  /** The lab's address space. */
  public static final String LAB_SPACE_TEXT = "198.18.0.0/15";

  public static final Cidr4 LAB_SPACE = Cidr4.parse(LAB_SPACE_TEXT);

  /** Offset-preserving placement is used while it needs at most this many addresses... */
  private static final long OFFSET_PRESERVING_MAX = 256;

  /** Offset-preserving prefixes take at least this many addresses (a /24). */
  private static final long READABLE_MIN = 256;

  /** ...or at most this many times what packing would need. */
  private static final long OFFSET_PRESERVING_FACTOR = 4;

  /** How a scenario prefix is translated. */
  public enum Kind {
    /** Same length, same offsets: addresses inside are allocated at run time. */
    KEEP,
    /** Shrunk to what lies inside. */
    SQUEEZE
  }

  /** One translated prefix or address, for reports. */
  public record Entry(Cidr4 scenario, Cidr4 lab, String roles) {}

  private static final class Item {
    final Cidr4 cidr;
    Kind kind;
    final Set<String> roles = new LinkedHashSet<>();
    final List<Item> children = new ArrayList<>();
    long size;
    boolean offsets; // children (and addresses) keep their offset from the network
    int labBase;

    Item(Cidr4 cidr, Kind kind) {
      this.cidr = cidr;
      this.kind = kind;
    }

    boolean isPoint() {
      return cidr.prefixLength() == 32;
    }

    int labLength() {
      return 32 - Long.numberOfTrailingZeros(size);
    }

    Cidr4 lab() {
      return new Cidr4(labBase, labLength());
    }

    boolean labContains(int ip) {
      return lab().contains(ip);
    }
  }

  private final Item root;
  private final List<Entry> entries;

  private AddressMap(Item root) {
    this.root = root;
    List<Entry> es = new ArrayList<>();
    collect(root, es);
    es.sort(
        Comparator.comparingInt((Entry e) -> e.scenario().network() ^ Integer.MIN_VALUE)
            .thenComparingInt(e -> e.scenario().prefixLength()));
    this.entries = List.copyOf(es);
  }

  private static void collect(Item i, List<Entry> out) {
    if (!i.roles.isEmpty()) {
      out.add(new Entry(i.cidr, i.lab(), String.join(", ", i.roles)));
    }
    for (Item c : i.children) {
      collect(c, out);
    }
  }

  /** Every translated prefix and address with what it is, in scenario address order. */
  public List<Entry> entries() {
    return entries;
  }

  public static Builder builder() {
    return new Builder();
  }

  // ------------------------------------------------------------------ translation

  /**
   * The lab address of scenario address {@code ip}; 0.0.0.0 stays 0.0.0.0.
   *
   * @throws LabException if the address lies outside everything the map knows
   */
  public int toLab(int ip) {
    if (ip == 0) {
      return 0;
    }
    Item i = deepest(root, ip);
    if (i.isPoint()) {
      return i.labBase;
    }
    long off = (ip - i.cidr.network()) & 0xffffffffL;
    if (i != root && i.offsets && off < i.size) {
      return i.labBase + (int) off;
    }
    throw new LabException(
        "address "
            + Ip4.format(ip)
            + " has no place in the lab's address map (it is not one of the scenario's"
            + " addresses, nor inside a pod CIDR)");
  }

  /** The lab prefix of scenario prefix {@code c} (host bits kept when the address maps). */
  public Cidr4 toLab(Cidr4 c) {
    Item i = find(root, c.masked());
    if (i == null) {
      throw new LabException("prefix " + c + " has no place in the lab's address map");
    }
    Cidr4 lab = i.lab();
    if (c.hasHostBits()) {
      try {
        int a = toLab(c.address());
        if (lab.contains(a)) {
          return new Cidr4(a, lab.prefixLength());
        }
      } catch (LabException e) {
        // keep the network
      }
    }
    return lab;
  }

  /** The scenario address of lab address {@code ip}, or -1 when it is not the image of one. */
  public long toScenario(int ip) {
    if (ip == 0) {
      return 0;
    }
    Item i = root;
    while (true) {
      Item next = null;
      for (Item c : i.children) {
        if (c.labContains(ip)) {
          next = c;
          break;
        }
      }
      if (next == null) {
        break;
      }
      i = next;
    }
    if (i == root) {
      return -1;
    }
    if (i.isPoint()) {
      return i.cidr.address() & 0xffffffffL;
    }
    if (i.offsets) {
      return (i.cidr.network() + (ip - i.labBase)) & 0xffffffffL;
    }
    return -1;
  }

  /** The scenario prefix whose image is lab prefix {@code lab}, or null. */
  public Cidr4 toScenario(Cidr4 lab) {
    if (lab.prefixLength() == 0 && root.cidr.prefixLength() == 0 && !root.roles.isEmpty()) {
      return Cidr4.ALL;
    }
    Item i = root;
    while (true) {
      if (i != root && i.lab().equals(lab.masked())) {
        return i.cidr;
      }
      Item next = null;
      for (Item c : i.children) {
        if (c.lab().covers(lab.masked())) {
          next = c;
          break;
        }
      }
      if (next == null) {
        return null;
      }
      i = next;
    }
  }

  /** {@code scenario (lab)} for reports, e.g. {@code 172.18.0.3 (198.19.0.3)}. */
  public String both(int scenarioIp) {
    try {
      return Ip4.format(scenarioIp) + " (" + Ip4.format(toLab(scenarioIp)) + ")";
    } catch (LabException e) {
      return Ip4.format(scenarioIp);
    }
  }

  /** The scenario address of a lab address as text, or the lab address marked {@code lab:}. */
  public String scenarioText(int labIp) {
    long s = toScenario(labIp);
    return s < 0 ? "lab:" + Ip4.format(labIp) : Ip4.format((int) s);
  }

  private static Item deepest(Item from, int ip) {
    Item i = from;
    while (true) {
      Item next = null;
      for (Item c : i.children) {
        if (c.cidr.contains(ip)) {
          next = c;
          break;
        }
      }
      if (next == null) {
        return i;
      }
      i = next;
    }
  }

  private static Item find(Item from, Cidr4 c) {
    if (from.cidr.equals(c)) {
      return from;
    }
    for (Item ch : from.children) {
      if (ch.cidr.covers(c)) {
        return find(ch, c);
      }
    }
    return null;
  }

  // ------------------------------------------------------------------ building

  /** Collects the scenario's prefixes and addresses, then lays them out. */
  public static final class Builder {
    private final Map<Cidr4, Item> items = new LinkedHashMap<>();

    /** A prefix whose addresses are allocated at run time (same length, same offsets). */
    public Builder keep(Cidr4 c, String role) {
      add(c.masked(), Kind.KEEP, role);
      return this;
    }

    /** A prefix the model matches against (shrunk to what lies inside). */
    public Builder cidr(Cidr4 c, String role) {
      add(c.masked(), Kind.SQUEEZE, role);
      return this;
    }

    /** An address. */
    public Builder address(int ip, String role) {
      if (ip != 0) {
        add(Cidr4.host(ip), Kind.SQUEEZE, role);
      }
      return this;
    }

    private void add(Cidr4 c, Kind k, String role) {
      Item i = items.computeIfAbsent(c, x -> new Item(x, k));
      if (k == Kind.KEEP) {
        i.kind = Kind.KEEP;
      }
      i.roles.add(role);
    }

    /**
     * Lays the tree out in {@link #LAB_SPACE}.
     *
     * @throws LabException if it does not fit
     */
    public AddressMap build() {
      Item root = items.getOrDefault(Cidr4.ALL, new Item(Cidr4.ALL, Kind.SQUEEZE));
      List<Item> sorted = new ArrayList<>(items.values());
      sorted.remove(root);
      sorted.sort(
          Comparator.comparingInt((Item i) -> i.cidr.prefixLength())
              .thenComparingInt(i -> i.cidr.network() ^ Integer.MIN_VALUE));
      for (Item i : sorted) {
        Item parent = root;
        while (true) {
          Item next = null;
          for (Item c : parent.children) {
            if (c.cidr.covers(i.cidr)) {
              next = c;
              break;
            }
          }
          if (next == null) {
            break;
          }
          parent = next;
        }
        parent.children.add(i);
      }
      for (Item c : root.children) {
        size(c);
      }
      // The top level: packed into the lab space, largest first.
      List<Item> top = new ArrayList<>(root.children);
      top.sort(bySizeThenAddress());
      long total = 0;
      for (Item c : top) {
        total += c.size;
      }
      if (total > LAB_SPACE.size()) {
        throw new LabException(
            "the scenario's addresses need "
                + total
                + " lab addresses (pod CIDRs keep their size), more than the "
                + LAB_SPACE.size()
                + " of "
                + LAB_SPACE
                + "; use smaller pod CIDRs or a smaller pod pool");
      }
      long at = LAB_SPACE.network() & 0xffffffffL;
      for (Item c : top) {
        place(c, (int) at);
        at += c.size;
      }
      root.size = 1L << 32;
      root.labBase = 0;
      root.offsets = false;
      return new AddressMap(root);
    }

    private static Comparator<Item> bySizeThenAddress() {
      return Comparator.comparingLong((Item i) -> -i.size)
          .thenComparingInt(i -> i.cidr.network() ^ Integer.MIN_VALUE);
    }

    /** Bottom-up: the lab size of {@code i} (a power of two) and whether it keeps offsets. */
    private static void size(Item i) {
      for (Item c : i.children) {
        size(c);
      }
      if (i.kind == Kind.KEEP) {
        i.size = i.cidr.size();
        i.offsets = true;
        return;
      }
      if (i.children.isEmpty()) {
        i.size = 1;
        i.offsets = true;
        return;
      }
      long sum = 0;
      long maxChild = 0;
      long end = 0;
      for (Item c : i.children) {
        sum += c.size;
        maxChild = Math.max(maxChild, c.size);
        long off = (c.cidr.network() - i.cidr.network()) & 0xffffffffL;
        end = Math.max(end, off + c.size);
      }
      long packed = strict(pow2(sum), maxChild);
      long offset = strict(pow2(end), maxChild);
      if (offset <= OFFSET_PRESERVING_MAX || offset <= OFFSET_PRESERVING_FACTOR * packed) {
        // At least a /24 (or the whole prefix) so the last octet reads the same in the lab.
        i.size = Math.min(Math.max(offset, READABLE_MIN), i.cidr.size());
        i.offsets = true;
      } else {
        i.size = packed;
        i.offsets = false;
      }
      if (i.size <= maxChild) {
        // Only possible when a child spans the whole prefix, which a laminar family excludes.
        throw new IllegalStateException("address map: " + i.cidr + " cannot hold its children");
      }
    }

    private static long strict(long size, long maxChild) {
      return size > maxChild ? size : size * 2;
    }

    private static long pow2(long n) {
      long p = 1;
      while (p < n) {
        p <<= 1;
      }
      return p;
    }

    /** Top-down: the lab base of {@code i} and of everything inside it. */
    private static void place(Item i, int base) {
      i.labBase = base;
      if (i.offsets) {
        for (Item c : i.children) {
          int off = c.cidr.network() - i.cidr.network();
          place(c, base + off);
        }
        return;
      }
      List<Item> kids = new ArrayList<>(i.children);
      kids.sort(bySizeThenAddress());
      long at = 0;
      for (Item c : kids) {
        place(c, base + (int) at);
        at += c.size;
      }
    }
  }
}
