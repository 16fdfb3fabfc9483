package dev.egret.topology.egresslist;

import dev.egret.datapath.egress.EgressPolicyEntry;
import dev.egret.datapath.egress.EgressPolicyMap4;
import dev.egret.datapath.net.Ip4;
import dev.egret.sim.Rng;
import dev.egret.topology.controlplane.CiliumVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Prints a node's egress map exactly as {@code cilium-dbg bpf egress list} does for the version
 * (reference §4; cilium-dbg/cmd/bpf_egress_list.go, pkg/command/output.go).
 *
 * <p>1.16–1.18: a tabwriter table (minwidth 5, tabwidth 0, padding 3) with the header {@code Source
 * IP, Destination CIDR, Egress IP, Gateway IP}, one row per entry in the kernel's dump order (not
 * sorted), gateway 0.0.0.0 shown as {@code Not Found} and 0.0.0.1 as {@code Excluded CIDR}; an
 * empty map prints {@code No entries found.} on stderr. {@code -o json} prints a list of {@code
 * SourceIP, DestCIDR, EgressIP, GatewayIP} objects (two-space MarshalIndent, then the extra blank
 * line of output.go; {@code []} when empty).
 *
 * <p>1.10: {@code TablePrinter("SRC IP & DST CIDR", "EGRESS INFO", map)} over a Go map whose keys
 * are {@code "src dst/len"} and values {@code "tunnelEndpoint egressIP"} (gateway first). Go
 * iterates maps in random order; egret emulates it with a permutation drawn from the caller's
 * seeded {@link Rng} stream, so the order is deterministic per seed but not the kernel's. JSON is a
 * map from key to a list of values; Go's encoder sorts map keys.
 */
public final class EgressListRenderer {
  /** tabwriter minwidth. */
  public static final int MIN_WIDTH = 5;

  /** tabwriter padding. */
  public static final int PADDING = 3;

  /** What an empty table prints on stderr. */
  public static final String NO_ENTRIES = "No entries found.\n";

  public static final String NOT_FOUND = "Not Found";
  public static final String EXCLUDED_CIDR = "Excluded CIDR";

  private EgressListRenderer() {}

  /** The table output ({@code cilium-dbg bpf egress list}). */
  public static EgressList table(EgressPolicyMap4 map, CiliumVersion version, Rng goMapOrder) {
    List<EgressPolicyEntry> entries = map.dump();
    if (version.natPolicyEra()) {
      return legacyTable(entries, goMapOrder);
    }
    if (entries.isEmpty()) {
      return new EgressList("", NO_ENTRIES);
    }
    TabWriter w = new TabWriter(MIN_WIDTH, PADDING, ' ');
    w.write("Source IP\tDestination CIDR\tEgress IP\tGateway IP\n");
    for (EgressPolicyEntry e : entries) {
      w.write(
          Ip4.format(e.sourceIp())
              + "\t"
              + e.destination()
              + "\t"
              + Ip4.format(e.egressIp())
              + "\t"
              + gateway(e.gatewayIp())
              + "\n");
    }
    return new EgressList(w.flush(), "");
  }

  /** The {@code -o json} output. */
  public static EgressList json(EgressPolicyMap4 map, CiliumVersion version) {
    List<EgressPolicyEntry> entries = map.dump();
    if (version.natPolicyEra()) {
      TreeMap<String, List<String>> m = new TreeMap<>();
      for (EgressPolicyEntry e : entries) {
        m.computeIfAbsent(legacyKey(e), k -> new ArrayList<>()).add(legacyValue(e));
      }
      if (m.isEmpty()) {
        return new EgressList("{}\n\n", "");
      }
      StringBuilder sb = new StringBuilder("{\n");
      int i = 0;
      for (var en : m.entrySet()) {
        sb.append("  ").append(quote(en.getKey())).append(": [\n");
        for (int j = 0; j < en.getValue().size(); j++) {
          sb.append("    ").append(quote(en.getValue().get(j)));
          sb.append(j + 1 < en.getValue().size() ? ",\n" : "\n");
        }
        sb.append("  ]").append(++i < m.size() ? ",\n" : "\n");
      }
      return new EgressList(sb.append("}\n\n").toString(), "");
    }
    if (entries.isEmpty()) {
      return new EgressList("[]\n\n", "");
    }
    StringBuilder sb = new StringBuilder("[\n");
    for (int i = 0; i < entries.size(); i++) {
      EgressPolicyEntry e = entries.get(i);
      sb.append("  {\n");
      sb.append("    \"SourceIP\": ").append(quote(Ip4.format(e.sourceIp()))).append(",\n");
      sb.append("    \"DestCIDR\": ").append(quote(e.destination().toString())).append(",\n");
      sb.append("    \"EgressIP\": ").append(quote(Ip4.format(e.egressIp()))).append(",\n");
      sb.append("    \"GatewayIP\": ").append(quote(gateway(e.gatewayIp()))).append('\n');
      sb.append(i + 1 < entries.size() ? "  },\n" : "  }\n");
    }
    return new EgressList(sb.append("]\n\n").toString(), "");
  }

  /** The gateway column: {@code Not Found}, {@code Excluded CIDR} or the IP (≥1.14). */
  public static String gateway(int ip) {
    if (ip == EgressPolicyMap4.EGRESS_GATEWAY_NO_GATEWAY) {
      return NOT_FOUND;
    }
    if (ip == EgressPolicyMap4.EGRESS_GATEWAY_EXCLUDED_CIDR) {
      return EXCLUDED_CIDR;
    }
    return Ip4.format(ip);
  }

  private static EgressList legacyTable(List<EgressPolicyEntry> entries, Rng goMapOrder) {
    if (entries.isEmpty()) {
      return new EgressList("", NO_ENTRIES);
    }
    List<EgressPolicyEntry> order = new ArrayList<>(entries);
    for (int i = order.size() - 1; i > 0; i--) {
      int j = goMapOrder.nextInt(i + 1);
      EgressPolicyEntry t = order.get(i);
      order.set(i, order.get(j));
      order.set(j, t);
    }
    TabWriter w = new TabWriter(MIN_WIDTH, PADDING, ' ');
    w.write("SRC IP & DST CIDR\tEGRESS INFO\n");
    for (EgressPolicyEntry e : order) {
      w.write(legacyKey(e) + "\t" + legacyValue(e) + "\t\n");
    }
    return new EgressList(w.flush(), "");
  }

  private static String legacyKey(EgressPolicyEntry e) {
    return Ip4.format(e.sourceIp()) + " " + e.destination();
  }

  private static String legacyValue(EgressPolicyEntry e) {
    return Ip4.format(e.gatewayIp()) + " " + Ip4.format(e.egressIp());
  }

  private static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.append('"').toString();
  }
}
