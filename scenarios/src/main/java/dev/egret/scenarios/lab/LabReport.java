package dev.egret.scenarios.lab;

import dev.egret.scenarios.result.ActionResult;
import dev.egret.scenarios.result.ConnectionResult;
import dev.egret.scenarios.result.ExpectationResult;
import dev.egret.scenarios.result.RunResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The lab's text reports: the address map, a run's connections and expectations, and the
 * simulator-versus-lab comparison of {@code lab validate}, connection by connection.
 */
public final class LabReport {
  private LabReport() {}

  /** The address map: scenario prefix or address, lab image, what it is. */
  public static String addressMap(AddressMap m) {
    Table t = new Table("SCENARIO", "LAB", "WHAT");
    for (AddressMap.Entry e : m.entries()) {
      t.row(text(e.scenario()), text(e.lab()), e.roles());
    }
    return t.toString();
  }

  private static String text(dev.egret.datapath.net.Cidr4 c) {
    return c.prefixLength() == 32 ? dev.egret.datapath.net.Ip4.format(c.address()) : c.toString();
  }

  /** A lab run's connections and expectations, in scenario addresses. */
  public static String run(RunResult r) {
    StringBuilder sb = new StringBuilder();
    Table t =
        new Table(
            "ITEM",
            "ACTION",
            "POD",
            "POD IP",
            "NODE",
            "SEEN SOURCE",
            "GATEWAY",
            "VERDICT",
            "REPLY");
    for (ActionResult a : r.actions()) {
      for (ConnectionResult c : a.connections()) {
        t.row(
            "timeline[" + a.index() + "]",
            a.kind() + " " + a.to(),
            c.pod(),
            c.podIP(),
            c.node(),
            c.seenSource() == null ? "-" : c.seenSource() + ":" + c.seenSourcePort(),
            c.gateway() == null ? "-" : c.gateway(),
            c.verdict() + (c.dropReason() == null ? "" : " " + c.dropReason()),
            c.replyReceived() ? "yes" : "no");
      }
    }
    sb.append(t);
    if (!r.expectations().isEmpty()) {
      sb.append('\n');
      for (ExpectationResult e : r.expectations()) {
        sb.append(e.passed() ? "PASS " : "FAIL ")
            .append(e.where())
            .append(": expected ")
            .append(e.expected())
            .append(", got ")
            .append(e.actual())
            .append('\n');
      }
    }
    if (!r.drops().isEmpty()) {
      sb.append("\ndrops:");
      r.drops().forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
      sb.append('\n');
    }
    for (String w : r.warnings()) {
      sb.append("warning: ").append(w).append('\n');
    }
    return sb.toString();
  }

  /** One compared connection. */
  public record Row(
      int item,
      String action,
      String pod,
      ConnectionResult sim,
      ConnectionResult lab,
      List<String> differences) {
    public boolean same() {
      return differences.isEmpty();
    }
  }

  /**
   * Compares two results connection by connection: within each timeline item, the n-th connection
   * of a pod in the simulation with the n-th of the same pod in the lab. Compared: pod IP, node,
   * seen source IP, gateway, verdict, drop reason and whether the reply came back (ports differ by
   * nature: the kernels pick them).
   */
  public static List<Row> compare(RunResult sim, RunResult lab) {
    List<Row> rows = new ArrayList<>();
    for (ActionResult a : sim.actions()) {
      ActionResult b =
          lab.actions().stream().filter(x -> x.index() == a.index()).findFirst().orElse(null);
      List<ConnectionResult> labConns =
          b == null ? new ArrayList<>() : new ArrayList<>(b.connections());
      String what = a.kind() + (a.to() == null ? "" : " " + a.from() + " -> " + a.to());
      for (ConnectionResult s : a.connections()) {
        ConnectionResult l = null;
        for (ConnectionResult x : labConns) {
          if (x.pod().equals(s.pod())) {
            l = x;
            break;
          }
        }
        if (l != null) {
          labConns.remove(l);
        }
        rows.add(new Row(a.index(), what, s.pod(), s, l, differences(s, l)));
      }
      for (ConnectionResult l : labConns) {
        rows.add(new Row(a.index(), what, l.pod(), null, l, List.of("only in the lab")));
      }
    }
    return rows;
  }

  private static List<String> differences(ConnectionResult s, ConnectionResult l) {
    List<String> d = new ArrayList<>();
    if (l == null) {
      d.add("only in the simulation");
      return d;
    }
    diff(d, "podIP", s.podIP(), l.podIP());
    diff(d, "node", s.node(), l.node());
    diff(d, "seenSource", s.seenSource(), l.seenSource());
    diff(d, "gateway", s.gateway(), l.gateway());
    diff(d, "verdict", s.verdict(), l.verdict());
    diff(d, "dropReason", s.dropReason(), l.dropReason());
    diff(d, "replyReceived", s.replyReceived(), l.replyReceived());
    return d;
  }

  private static void diff(List<String> d, String field, Object a, Object b) {
    if (!Objects.equals(a, b)) {
      d.add(field + ": simulated " + a + ", live " + b);
    }
  }

  /** The side-by-side table of {@code lab validate}. */
  public static String sideBySide(List<Row> rows) {
    Table t =
        new Table(
            "ITEM",
            "ACTION",
            "POD",
            "SIMULATED (seen, gateway, verdict)",
            "LIVE (seen, gateway, verdict)",
            "");
    for (Row r : rows) {
      t.row(
          "timeline[" + r.item() + "]",
          r.action(),
          r.pod(),
          brief(r.sim()),
          brief(r.lab()),
          r.same() ? "same" : "DIFFERENT");
    }
    StringBuilder sb = new StringBuilder(t.toString());
    for (Row r : rows) {
      for (String d : r.differences()) {
        sb.append("timeline[")
            .append(r.item())
            .append("] ")
            .append(r.pod())
            .append(": ")
            .append(d)
            .append('\n');
      }
    }
    return sb.toString();
  }

  private static String brief(ConnectionResult c) {
    if (c == null) {
      return "-";
    }
    return (c.seenSource() == null ? "-" : c.seenSource())
        + ", "
        + (c.gateway() == null ? "-" : c.gateway())
        + ", "
        + c.verdict()
        + (c.dropReason() == null ? "" : " " + c.dropReason())
        + (c.replyReceived() ? "" : " (no reply)");
  }

  /** A left-aligned text table (three spaces between columns, no trailing spaces). */
  static final class Table {
    private final List<String[]> rows = new ArrayList<>();

    Table(String... header) {
      rows.add(header);
    }

    void row(String... cells) {
      rows.add(cells);
    }

    @Override
    public String toString() {
      int cols = rows.get(0).length;
      int[] w = new int[cols];
      for (String[] r : rows) {
        for (int c = 0; c < cols; c++) {
          w[c] = Math.max(w[c], r[c] == null ? 1 : r[c].length());
        }
      }
      StringBuilder sb = new StringBuilder();
      for (String[] r : rows) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cols; c++) {
          String cell = r[c] == null ? "-" : r[c];
          line.append(cell);
          if (c < cols - 1) {
            line.append(" ".repeat(w[c] - cell.length() + 3));
          }
        }
        sb.append(line.toString().stripTrailing()).append('\n');
      }
      return sb.toString();
    }
  }
}
