package dev.egret.topology.k8s;

import dev.egret.topology.model.LabelSelector;
import dev.egret.topology.model.Labels;
import dev.egret.topology.model.Operator;
import dev.egret.topology.model.Requirement;
import dev.egret.topology.yaml.Problems;
import dev.egret.topology.yaml.YamlValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Binds label maps and {@code LabelSelector}s with the CRD's rules: label values at most 63
 * characters matching {@code ^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$}, label keys as
 * Kubernetes qualified names, expression operators In, NotIn, Exists, DoesNotExist, {@code values}
 * non-empty for In/NotIn and empty for Exists/DoesNotExist (apimachinery {@code NewRequirement}).
 */
final class SelectorBinder {
  static final int MAX_LABEL_VALUE = 63;
  static final int MAX_LABEL_NAME = 63;
  static final int MAX_LABEL_PREFIX = 253;
  private static final Pattern VALUE =
      Pattern.compile("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$");
  private static final Pattern NAME = Pattern.compile("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
  private static final Set<String> SELECTOR_FIELDS = Set.of("matchLabels", "matchExpressions");
  private static final Set<String> EXPRESSION_FIELDS = Set.of("key", "operator", "values");

  private SelectorBinder() {}

  /** A label selector, or null when absent. */
  static LabelSelector selector(YamlValue v, Problems p) {
    if (v.isAbsent()) {
      return null;
    }
    if (!v.expectObject(p, "a label selector ({matchLabels: {...}, matchExpressions: [...]})")) {
      return null;
    }
    v.warnUnknownFields(p, SELECTOR_FIELDS, "a label selector");
    Labels ml = labels(v.get("matchLabels"), p);
    List<Requirement> me = new ArrayList<>();
    for (YamlValue e : v.get("matchExpressions").items(p)) {
      if (!e.expectObject(p, "a match expression ({key, operator, values})")) {
        continue;
      }
      e.warnUnknownFields(p, EXPRESSION_FIELDS, "a match expression");
      String key = null;
      if (e.get("key").require(p, "the label key to test")) {
        key = e.get("key").asString(p, null);
        if (key != null) {
          checkKey(e.get("key"), key, p);
        }
      }
      Operator op = null;
      YamlValue opv = e.get("operator");
      if (opv.require(p, "one of In, NotIn, Exists, DoesNotExist")) {
        String s = opv.asString(p, null);
        if (s != null) {
          op = Operator.parse(s);
          if (op == null) {
            p.error(
                opv.location(),
                opv.path(),
                "\""
                    + s
                    + "\" is not a supported operator (must be one of In, NotIn, Exists,"
                    + " DoesNotExist)");
          }
        }
      }
      YamlValue vs = e.get("values");
      List<String> values = new ArrayList<>();
      List<YamlValue> items = vs.items(p);
      for (YamlValue item : items) {
        String s = item.asString(p, "");
        checkValue(item, s, p);
        values.add(s);
      }
      if (op == Operator.In || op == Operator.NotIn) {
        if (items.isEmpty()) {
          p.error(
              vs.location(),
              vs.path(),
              "must be a non-empty list for operator " + op + " (e.g. values: [a, b])");
        }
      } else if (op != null && !items.isEmpty()) {
        p.error(vs.location(), vs.path(), "must be empty for operator " + op + " (remove values)");
      }
      if (key != null && op != null) {
        me.add(new Requirement(key, op, values));
      }
    }
    return new LabelSelector(ml.asMap(), me);
  }

  /** A label map (metadata.labels, matchLabels, nodeSelector); absent → empty. */
  static Labels labels(YamlValue v, Problems p) {
    if (v.isAbsent()) {
      return Labels.EMPTY;
    }
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, YamlValue> e : v.fields(p, "a map of labels (key: value)").entrySet()) {
      YamlValue item = e.getValue();
      checkKey(item, e.getKey(), p);
      String s = item.isAbsent() ? "" : item.asString(p, "");
      checkValue(item, s, p);
      out.put(e.getKey(), s);
    }
    return Labels.of(out);
  }

  static void checkValue(YamlValue at, String s, Problems p) {
    if (s.length() > MAX_LABEL_VALUE) {
      p.error(
          at.location(),
          at.path(),
          "label value is "
              + s.length()
              + " characters long; at most "
              + MAX_LABEL_VALUE
              + " are allowed");
    } else if (!VALUE.matcher(s).matches()) {
      p.error(
          at.location(),
          at.path(),
          "\""
              + s
              + "\" is not a valid label value (letters, digits, '-', '_' and '.', starting and"
              + " ending with a letter or digit)");
    }
  }

  static void checkKey(YamlValue at, String key, Problems p) {
    int slash = key.indexOf('/');
    String prefix = slash < 0 ? null : key.substring(0, slash);
    String name = slash < 0 ? key : key.substring(slash + 1);
    String why = null;
    if (prefix != null
        && (prefix.isEmpty()
            || prefix.length() > MAX_LABEL_PREFIX
            || !DNS_SUBDOMAIN.matcher(prefix).matches())) {
      why = "its prefix \"" + prefix + "\" is not a DNS subdomain (e.g. example.com)";
    } else if (name.isEmpty() || name.length() > MAX_LABEL_NAME || !NAME.matcher(name).matches()) {
      why =
          "its name part must be 1-63 letters, digits, '-', '_' or '.', starting and ending with a"
              + " letter or digit";
    }
    if (why != null) {
      p.error(at.keyLocation(), at.path(), "\"" + key + "\" is not a valid label key: " + why);
    }
  }

  static boolean isDnsSubdomain(String s) {
    return !s.isEmpty() && s.length() <= MAX_LABEL_PREFIX && DNS_SUBDOMAIN.matcher(s).matches();
  }
}
