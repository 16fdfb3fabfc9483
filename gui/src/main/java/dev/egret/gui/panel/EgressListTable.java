package dev.egret.gui.panel;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a {@code cilium-dbg bpf egress list} table into its header and rows. The table is padded
 * by a tabwriter with at least three spaces between columns, and cells hold at most single spaces
 * ({@code Not Found}, {@code Excluded CIDR}), so runs of two or more spaces separate cells.
 */
public final class EgressListTable {
  private static final String CELL_GAP = "\\s{2,}";

  private EgressListTable() {}

  /** The header cells, or an empty list for an empty table. */
  public static List<String> header(String table) {
    List<String> lines = lines(table);
    return lines.isEmpty() ? List.of() : cells(lines.get(0));
  }

  /** The rows' cells, in order. */
  public static List<List<String>> rows(String table) {
    List<String> lines = lines(table);
    List<List<String>> out = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      out.add(cells(lines.get(i)));
    }
    return out;
  }

  private static List<String> lines(String table) {
    List<String> out = new ArrayList<>();
    for (String l : table.split("\n")) {
      if (!l.isBlank()) {
        out.add(l);
      }
    }
    return out;
  }

  private static List<String> cells(String line) {
    return List.of(line.strip().split(CELL_GAP));
  }
}
