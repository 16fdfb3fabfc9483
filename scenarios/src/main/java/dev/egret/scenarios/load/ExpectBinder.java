package dev.egret.scenarios.load;

import dev.egret.datapath.egress.EgressPolicyMap4;
import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.net.Ip4;
import dev.egret.scenarios.model.ActionExpect;
import dev.egret.scenarios.model.Comparison;
import dev.egret.scenarios.model.EndExpectation;
import dev.egret.topology.yaml.Problems;
import dev.egret.topology.yaml.YamlValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Binds expectations: on traffic actions, and at the end of the run ({@code spec.expect}). */
final class ExpectBinder {
  static final Set<String> ACTION_FIELDS =
      Set.of(
          "seenSource", "gateway", "verdict", "dropReason", "succeeded", "failed", "successRate");
  static final Set<String> VERDICTS = Set.of("FORWARDED", "DROPPED", "LOST");

  private final Problems p;
  private final Origins origins;

  ExpectBinder(Problems p, Origins origins) {
    this.p = p;
    this.origins = origins;
  }

  ActionExpect bindAction(YamlValue e) {
    if (!e.expectObject(p, "a map of expectations")) {
      return null;
    }
    e.warnUnknownFields(p, ACTION_FIELDS, "expect");
    String seenText = null;
    int seenIp = 0;
    int seenPort = -1;
    YamlValue sv = e.get("seenSource");
    if (!sv.isAbsent()) {
      seenText = sv.asString(p, "");
      String host = seenText;
      int colon = seenText.lastIndexOf(':');
      if (colon >= 0) {
        host = seenText.substring(0, colon);
        String ps = seenText.substring(colon + 1);
        if (!ps.matches("\\d{1,5}") || Integer.parseInt(ps) > 65535) {
          p.error(sv.location(), sv.path(), "\"" + seenText + "\": the port must be 0..65535");
          seenText = null;
        } else {
          seenPort = Integer.parseInt(ps);
        }
      }
      if (seenText != null) {
        try {
          seenIp = Ip4.parse(host);
        } catch (IllegalArgumentException ex) {
          p.error(sv.location(), sv.path(), ex.getMessage() + "; seenSource is an IP or IP:PORT");
          seenText = null;
        }
      }
    }
    String gateway = e.get("gateway").asString(p, null);
    String verdict = null;
    YamlValue vv = e.get("verdict");
    if (!vv.isAbsent()) {
      verdict = vv.asString(p, "");
      if (!VERDICTS.contains(verdict)) {
        p.error(
            vv.location(),
            vv.path(),
            "\"" + verdict + "\" is not a verdict; use FORWARDED," + " DROPPED or LOST");
        verdict = null;
      }
    }
    String reason = bindDropReason(e.get("dropReason"));
    long succeeded = e.get("succeeded").asLong(p, 0, Long.MAX_VALUE, -1);
    long failed = e.get("failed").asLong(p, 0, Long.MAX_VALUE, -1);
    Comparison rate = null;
    YamlValue rv = e.get("successRate");
    if (!rv.isAbsent()) {
      String t = rv.asText(p, "");
      try {
        rate = Comparison.parse(t);
        if (rate.value() < 0 || rate.value() > 1) {
          p.error(
              rv.location(),
              rv.path(),
              "\"" + t + "\": a success rate is between 0 and 1," + " e.g. \">= 0.99\"");
          rate = null;
        }
      } catch (NumberFormatException ex) {
        p.error(
            rv.location(),
            rv.path(),
            "\"" + t + "\" is not a comparison; write e.g." + " \">= 0.99\"");
      }
    }
    if (reason != null && verdict != null && !verdict.equals("DROPPED")) {
      p.error(vv.location(), vv.path(), "a dropReason implies verdict DROPPED, not " + verdict);
    }
    return new ActionExpect(
        seenText,
        seenIp,
        seenPort,
        gateway,
        verdict,
        reason,
        succeeded,
        failed,
        rate,
        e.location());
  }

  private String bindDropReason(YamlValue v) {
    if (v.isAbsent()) {
      return null;
    }
    String r = v.asString(p, "");
    String canonical = DropReasonNames.canonical(r);
    if (canonical == null) {
      p.error(
          v.location(),
          v.path(),
          "\""
              + r
              + "\" is not a Hubble drop reason; e.g. "
              + "NO_EGRESS_GATEWAY, NO_MAPPING_FOR_NAT_MASQUERADE, FIB_LOOKUP_FAILED");
    }
    return canonical;
  }

  List<EndExpectation> bindEnd(YamlValue list) {
    List<EndExpectation> out = new ArrayList<>();
    int i = -1;
    for (YamlValue item : list.items(p)) {
      i++;
      if (!item.expectObject(p, "{drops: ...}, {egressMap: ...} or {snat: ...}")) {
        continue;
      }
      List<String> keys = item.fieldNames();
      if (keys.size() != 1 || !Set.of("drops", "egressMap", "snat").contains(keys.get(0))) {
        p.error(
            item.location(),
            item.path(),
            "each item is one of drops, egressMap or snat"
                + (keys.isEmpty() ? "" : ", got " + String.join(", ", keys)));
        continue;
      }
      YamlValue v = item.get(keys.get(0));
      EndExpectation e =
          switch (keys.get(0)) {
            case "drops" -> bindDrops(i, v);
            case "egressMap" -> bindEgressMap(i, v);
            default -> bindSnat(i, v);
          };
      if (e != null) {
        out.add(origins.put(e, v));
      }
    }
    return out;
  }

  private EndExpectation bindDrops(int i, YamlValue v) {
    if (!v.expectObject(p, "{reason, min | max | equals}")) {
      return null;
    }
    v.warnUnknownFields(p, Set.of("reason", "min", "max", "equals"), "drops");
    if (!v.get("reason").require(p, "a Hubble drop reason, e.g. NO_EGRESS_GATEWAY")) {
      return null;
    }
    String reason = bindDropReason(v.get("reason"));
    long min = v.get("min").asLong(p, 0, Long.MAX_VALUE, -1);
    long max = v.get("max").asLong(p, 0, Long.MAX_VALUE, -1);
    long eq = v.get("equals").asLong(p, 0, Long.MAX_VALUE, -1);
    if (min < 0 && max < 0 && eq < 0) {
      p.error(v.location(), v.path(), "give min, max or equals");
      return null;
    }
    if (min >= 0 && max >= 0 && min > max) {
      p.error(v.get("min").location(), v.get("min").path(), "min " + min + " is above max " + max);
      return null;
    }
    return reason == null ? null : new EndExpectation.Drops(i, reason, min, max, eq, v.location());
  }

  private EndExpectation bindEgressMap(int i, YamlValue v) {
    if (!v.expectObject(p, "{node, entries}")) {
      return null;
    }
    v.warnUnknownFields(p, Set.of("node", "entries"), "egressMap");
    String node = v.get("node").asString(p, null);
    if (node == null) {
      v.get("node").require(p, "the node whose map is checked");
      return null;
    }
    List<EndExpectation.MapRow> rows = new ArrayList<>();
    boolean ok = true;
    for (YamlValue r : v.get("entries").items(p)) {
      EndExpectation.MapRow row = bindRow(r);
      if (row == null) {
        ok = false;
      } else {
        rows.add(row);
      }
    }
    return ok ? new EndExpectation.EgressMap(i, node, rows, v.location()) : null;
  }

  /**
   * A map row as {@code cilium-dbg bpf egress list} shows it, either as one string ({@code
   * "10.0.1.23 172.18.0.0/16 0.0.0.0 172.18.0.3"}, gateway possibly {@code Not Found} or {@code
   * Excluded CIDR}) or as {sourceIP, destinationCIDR, egressIP, gatewayIP}.
   */
  private EndExpectation.MapRow bindRow(YamlValue r) {
    String src;
    String dst;
    String egress;
    String gw;
    YamlValue at = r;
    if (r.isScalar()) {
      String[] f = r.asString(p, "").trim().split("\\s+", 4);
      if (f.length != 4) {
        p.error(
            r.location(),
            r.path(),
            "write \"SOURCE_IP DESTINATION_CIDR EGRESS_IP GATEWAY\" as" + " egress list prints it");
        return null;
      }
      src = f[0];
      dst = f[1];
      egress = f[2];
      gw = f[3];
    } else if (r.expectObject(p, "a row")) {
      r.warnUnknownFields(
          p, Set.of("sourceIP", "destinationCIDR", "egressIP", "gatewayIP"), "an egress map row");
      src = r.get("sourceIP").asString(p, null);
      dst = r.get("destinationCIDR").asString(p, null);
      egress = r.get("egressIP").asString(p, "0.0.0.0");
      gw = r.get("gatewayIP").asString(p, null);
      if (src == null || dst == null || gw == null) {
        p.error(
            r.location(),
            r.path(),
            "needs sourceIP, destinationCIDR and gatewayIP (and" + " egressIP, default 0.0.0.0)");
        return null;
      }
    } else {
      return null;
    }
    try {
      int gateway =
          switch (gw) {
            case "Not Found" -> EgressPolicyMap4.EGRESS_GATEWAY_NO_GATEWAY;
            case "Excluded CIDR" -> EgressPolicyMap4.EGRESS_GATEWAY_EXCLUDED_CIDR;
            default -> Ip4.parse(gw);
          };
      return new EndExpectation.MapRow(
          Ip4.parse(src), Cidr4.parse(dst), Ip4.parse(egress), gateway);
    } catch (IllegalArgumentException ex) {
      p.error(at.location(), at.path(), ex.getMessage());
      return null;
    }
  }

  private EndExpectation bindSnat(int i, YamlValue v) {
    if (!v.expectObject(p, "{node, maxRetries, exhaustedMax}")) {
      return null;
    }
    v.warnUnknownFields(
        p, Set.of("node", "maxRetries", "exhaustedMax", "inUseAtFirstExhaustionMax"), "snat");
    String node = v.get("node").asString(p, null);
    if (node == null) {
      v.get("node").require(p, "the gateway node");
      return null;
    }
    long maxRetries = v.get("maxRetries").asLong(p, 0, 128, -1);
    long exhausted = v.get("exhaustedMax").asLong(p, 0, Long.MAX_VALUE, -1);
    long inUse = v.get("inUseAtFirstExhaustionMax").asLong(p, 0, 65536, -1);
    if (maxRetries < 0 && exhausted < 0 && inUse < 0) {
      p.error(
          v.location(), v.path(), "give maxRetries, exhaustedMax and/or inUseAtFirstExhaustionMax");
      return null;
    }
    return new EndExpectation.Snat(i, node, maxRetries, exhausted, inUse, v.location());
  }
}
