package dev.egret.scenarios.load;

import dev.egret.datapath.monitor.DropReason;

/** Accepts a drop reason as Hubble names it, as Cilium's BPF code names it, or as its number. */
final class DropReasonNames {
  private DropReasonNames() {}

  /** The Hubble name for {@code s}, or null when it names no drop reason. */
  static String canonical(String s) {
    String t = s.trim();
    for (DropReason r : DropReason.values()) {
      if (r == DropReason.UNKNOWN) {
        continue;
      }
      if (r.hubbleName().equals(t) || r.name().equals(t) || Integer.toString(r.code()).equals(t)) {
        return r.hubbleName();
      }
    }
    return null;
  }
}
