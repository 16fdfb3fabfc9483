package dev.egret.topology.egresslist;

import java.util.ArrayList;
import java.util.List;

/**
 * Go's {@code text/tabwriter} for the flags Cilium uses (0: left-aligned, no empty-column
 * discarding): text cells are terminated by tabs; consecutive lines that have a terminated cell in
 * the same column form a column block, whose width is the widest cell plus {@code padding} (at
 * least {@code minwidth}); the last cell of a line is not part of any column and is printed as is.
 * Widths count characters (cells here are ASCII).
 */
public final class TabWriter {
  private final int minwidth;
  private final int padding;
  private final char padchar;
  private final List<List<String>> lines = new ArrayList<>();
  private final StringBuilder out = new StringBuilder();
  private final List<Integer> widths = new ArrayList<>();

  /** {@code tabwriter.NewWriter(w, minwidth, tabwidth=0, padding, padchar, flags=0)}. */
  public TabWriter(int minwidth, int padding, char padchar) {
    this.minwidth = minwidth;
    this.padding = padding;
    this.padchar = padchar;
  }

  /** Adds text; lines end with {@code \n}. */
  public TabWriter write(String text) {
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        addLine(text.substring(start, i));
        start = i + 1;
      }
    }
    if (start < text.length()) {
      addLine(text.substring(start));
    }
    return this;
  }

  private void addLine(String line) {
    List<String> cells = new ArrayList<>();
    int s = 0;
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) == '\t') {
        cells.add(line.substring(s, i));
        s = i + 1;
      }
    }
    cells.add(line.substring(s));
    lines.add(cells);
  }

  /** Formats everything written so far ({@code Flush}). */
  public String flush() {
    out.setLength(0);
    widths.clear();
    format(0, lines.size());
    lines.clear();
    return out.toString();
  }

  private void format(int line0, int line1) {
    int column = widths.size();
    for (int t = line0; t < line1; t++) {
      List<String> line = lines.get(t);
      if (column >= line.size() - 1) {
        continue;
      }
      print(line0, t);
      line0 = t;
      int width = minwidth;
      for (; t < line1; t++) {
        line = lines.get(t);
        if (column >= line.size() - 1) {
          break;
        }
        width = Math.max(width, line.get(column).length() + padding);
      }
      widths.add(width);
      format(line0, t);
      widths.remove(widths.size() - 1);
      line0 = t;
    }
    print(line0, line1);
  }

  private void print(int line0, int line1) {
    for (int i = line0; i < line1; i++) {
      List<String> line = lines.get(i);
      for (int j = 0; j < line.size(); j++) {
        String c = line.get(j);
        out.append(c);
        if (j < widths.size() && j < line.size() - 1) {
          for (int k = c.length(); k < widths.get(j); k++) {
            out.append(padchar);
          }
        }
      }
      out.append('\n');
    }
  }
}
