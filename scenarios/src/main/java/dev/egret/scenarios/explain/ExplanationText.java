package dev.egret.scenarios.explain;

import dev.egret.datapath.net.Ip4;
import dev.egret.sim.Durations;

/** Renders an {@link Explanation} as the text {@code egret explain} prints. */
public final class ExplanationText {
  private ExplanationText() {}

  public static String render(Explanation e) {
    ExplainRequest r = e.request();
    StringBuilder sb = new StringBuilder();
    sb.append("Explaining ")
        .append(r.pod())
        .append(" → ")
        .append(Ip4.format(r.dstIp()))
        .append(r.dstPort() > 0 ? ":" + r.dstPort() : "")
        .append(" (")
        .append(r.protocol())
        .append(") at ")
        .append(Durations.format(r.at()))
        .append('\n');
    if (e.podIp() == null) {
      sb.append("No probe could be sent.\n");
      for (String n : e.notes()) {
        sb.append("  ").append(n).append('\n');
      }
      return sb.toString();
    }
    sb.append("Pod ")
        .append(r.pod())
        .append(": ")
        .append(e.podIp())
        .append(" on ")
        .append(e.node())
        .append("\n\n");
    long t0 = e.steps().isEmpty() ? 0 : e.steps().get(0).timeNanos();
    boolean inReply = false;
    int n = 0;
    for (Step s : e.steps()) {
      if (s.reply() && !inReply) {
        sb.append("Reply:\n");
        inReply = true;
      }
      n++;
      String rel = "+" + Durations.format(s.timeNanos() - t0);
      sb.append(String.format("%3d. %-8s %s  %s%n", n, rel, s.where(), s.what()));
      if (!s.packet().isEmpty()) {
        sb.append("              ").append(s.packet()).append('\n');
      }
      for (String w : s.why()) {
        sb.append("              · ").append(w).append('\n');
      }
    }
    sb.append('\n');
    sb.append("Verdict: ").append(e.verdict());
    if (e.dropReason() != null) {
      sb.append(" (").append(e.dropReason()).append(")");
    }
    sb.append('\n');
    sb.append("The destination saw: ")
        .append(e.seenSource() == null ? "nothing" : e.seenSource())
        .append('\n');
    sb.append("Gateway: ").append(e.gateway() == null ? "none" : e.gateway()).append('\n');
    sb.append("Reply received by the pod: ").append(e.replied() ? "yes" : "no").append('\n');
    if (!e.notes().isEmpty()) {
      sb.append("\nNotes:\n");
      for (String note : e.notes()) {
        sb.append("  - ").append(note).append('\n');
      }
    }
    return sb.toString();
  }
}
