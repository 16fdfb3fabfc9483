package dev.egret.gui.model;

import dev.egret.datapath.egress.EgressPolicyMap4;
import dev.egret.datapath.net.Ip4;
import dev.egret.topology.controlplane.egressgateway.EntryExplanation;
import dev.egret.topology.controlplane.egressgateway.GatewayConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The control plane's recorded reason for an egress map entry, as lines of text: the entry, then
 * for each contributing policy its selector, CIDR, gateway choice and egress IP.
 */
public final class ExplanationText {
  private ExplanationText() {}

  /** Lines explaining {@code x} (a packet {@code saddr → daddr} looked up on {@code x.node()}). */
  public static List<String> lines(EntryExplanation x, int saddr, int daddr) {
    List<String> out = new ArrayList<>();
    String packet = Ip4.format(saddr) + " → " + Ip4.format(daddr);
    String reconciled =
        x.reconciledAt() < 0 ? "" : " (maps written at " + Times.seconds(x.reconciledAt()) + ")";
    if (x.inMap() == null) {
      out.add("Egress map of " + x.node() + reconciled + ": no entry matches " + packet + ".");
      out.add("No egress policy steers it: it leaves through its own node (masqueraded).");
      return out;
    }
    var e = x.inMap();
    out.add("Egress map of " + x.node() + reconciled + ", entry for " + packet + ":");
    out.add(
        "  "
            + Ip4.format(e.sourceIp())
            + " "
            + e.destination()
            + "  egress IP "
            + Ip4.format(e.egressIp())
            + "  gateway IP "
            + gatewayText(e.gatewayIp()));
    if (x.isConflict()) {
      out.add("  " + x.contributions().size() + " policies write this key; the map holds one.");
    }
    for (EntryExplanation.Provenance p : x.contributions()) {
      var c = p.contribution();
      out.add(
          "  policy "
              + c.policy()
              + ": selectors["
              + c.selectorIndex()
              + "] selects "
              + c.endpoint()
              + ", "
              + c.cidrField()
              + " = "
              + c.cidr());
      GatewayConfig g = p.gateway();
      if (c.excluded()) {
        out.add("    excluded CIDR: the packet is not steered (gateway 0.0.0.1)");
      } else if (g == null || g.node() == null) {
        out.add("    no node matches the gateway's nodeSelector: gateway 0.0.0.0, drop");
      } else {
        out.add(
            "    gateway "
                + g.node()
                + " "
                + Ip4.format(g.gatewayIp())
                + " ("
                + g.gatewayIpSource()
                + "), first by name of "
                + g.matchCount()
                + " matching node"
                + (g.matchCount() == 1 ? "" : "s")
                + (p.gatewayCount() > 1
                    ? ", slot " + p.gatewaySlot() + " of " + p.gatewayCount()
                    : ""));
        var d = g.derivation();
        if (d != null) {
          out.add(
              "    egress IP "
                  + Ip4.format(d.egressIp())
                  + " on "
                  + g.node()
                  + (d.iface() == null ? "" : " via " + d.iface())
                  + " ("
                  + d.path().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                  + (d.failed() ? "; " + d.failure() : "")
                  + ")");
        }
      }
    }
    return out;
  }

  private static String gatewayText(int ip) {
    if (ip == EgressPolicyMap4.EGRESS_GATEWAY_NO_GATEWAY) {
      return "0.0.0.0 (Not Found: drop NO_EGRESS_GATEWAY)";
    }
    if (ip == EgressPolicyMap4.EGRESS_GATEWAY_EXCLUDED_CIDR) {
      return "0.0.0.1 (Excluded CIDR)";
    }
    return Ip4.format(ip);
  }
}
