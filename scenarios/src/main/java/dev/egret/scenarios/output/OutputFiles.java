package dev.egret.scenarios.output;

/**
 * The names of the files {@code egret run --out DIR} writes (SPEC §5): {@value #RESULT_JSON},
 * {@value #FLOWS_JSONL}, one {@code <node>-<interface>.pcap} per captured interface and one {@code
 * egress-<node>.txt} per node holding its {@code cilium-dbg bpf egress list} table at the end of
 * the run. Characters outside {@code [A-Za-z0-9._-]} in names become {@code _} so a name can never
 * leave the directory.
 */
public final class OutputFiles {
  public static final String RESULT_JSON = "result.json";
  public static final String FLOWS_JSONL = "flows.jsonl";
  public static final String PCAP_SUFFIX = ".pcap";
  public static final String EGRESS_LIST_PREFIX = "egress-";
  public static final String EGRESS_LIST_SUFFIX = ".txt";

  private OutputFiles() {}

  /** {@code <node>-<interface>.pcap}. */
  public static String pcap(String node, String iface) {
    return safe(node) + "-" + safe(iface) + PCAP_SUFFIX;
  }

  /** {@code egress-<node>.txt}. */
  public static String egressList(String node) {
    return EGRESS_LIST_PREFIX + safe(node) + EGRESS_LIST_SUFFIX;
  }

  /** {@code name} with every character outside {@code [A-Za-z0-9._-]} replaced by {@code _}. */
  static String safe(String name) {
    if (name == null || name.isEmpty() || name.equals(".") || name.equals("..")) {
      return "_";
    }
    StringBuilder sb = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == '-';
      sb.append(ok ? c : '_');
    }
    return sb.toString();
  }
}
