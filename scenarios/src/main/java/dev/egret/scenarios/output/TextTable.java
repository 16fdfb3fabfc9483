package dev.egret.scenarios.output;

import java.util.ArrayList;
import java.util.List;

/**
 * A text table aligned like {@code kubectl get}: k8s.io/cli-runtime's tabwriter settings (minimum
 * cell width {@value #MIN_WIDTH}, padding {@value #PADDING} spaces), every column padded to its
 * widest cell, the last column not padded, no trailing spaces. Widths count code points. A null
 * cell prints as {@value #NONE}.
 */
final class TextTable {
  static final int MIN_WIDTH = 6;
  static final int PADDING = 3;
  static final String NONE = "-";

  private final List<String[]> rows = new ArrayList<>();

  TextTable(String... header) {
    rows.add(header);
  }

  TextTable row(String... cells) {
    rows.add(cells);
    return this;
  }

  /** The number of rows, header included. */
  int size() {
    return rows.size();
  }

  void appendTo(StringBuilder sb) {
    int cols = 0;
    for (String[] r : rows) {
      cols = Math.max(cols, r.length);
    }
    int[] width = new int[cols];
    for (String[] r : rows) {
      for (int c = 0; c < r.length; c++) {
        width[c] = Math.max(width[c], Math.max(MIN_WIDTH, length(cell(r, c)) + PADDING));
      }
    }
    for (String[] r : rows) {
      int start = sb.length();
      for (int c = 0; c < r.length; c++) {
        String s = cell(r, c);
        sb.append(s);
        if (c < r.length - 1) {
          sb.append(" ".repeat(width[c] - length(s)));
        }
      }
      int end = sb.length();
      while (end > start && sb.charAt(end - 1) == ' ') {
        end--;
      }
      sb.setLength(end);
      sb.append('\n');
    }
  }

  private static String cell(String[] r, int c) {
    return r[c] == null ? NONE : r[c];
  }

  private static int length(String s) {
    return s.codePointCount(0, s.length());
  }
}
