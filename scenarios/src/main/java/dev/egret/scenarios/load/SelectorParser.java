package dev.egret.scenarios.load;

import dev.egret.topology.model.LabelSelector;
import dev.egret.topology.model.Operator;
import dev.egret.topology.model.Requirement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses Kubernetes label-selector strings as {@code kubectl -l} takes them: comma-separated
 * requirements {@code key}, {@code !key}, {@code key=value}, {@code key==value}, {@code
 * key!=value}, {@code key in (a,b)}, {@code key notin (a,b)}. Empty means "everything".
 */
public final class SelectorParser {
  private SelectorParser() {}

  /** Parses or throws {@link IllegalArgumentException} naming the problem. */
  public static LabelSelector parse(String text) {
    Map<String, String> eq = new LinkedHashMap<>();
    List<Requirement> exprs = new ArrayList<>();
    String s = text.trim();
    if (s.isEmpty()) {
      return LabelSelector.ALL;
    }
    for (String part : splitTopLevel(s)) {
      String p = part.trim();
      if (p.isEmpty()) {
        throw new IllegalArgumentException("empty requirement in selector \"" + text + "\"");
      }
      java.util.regex.Matcher bad = BAD_OPERATOR.matcher(p);
      if (bad.find()) {
        throw new IllegalArgumentException(
            "\""
                + p
                + "\": \""
                + bad.group()
                + "\" is not a selector operator; use key=value, key!=value, key in (a,b),"
                + " key notin (a,b), key (exists) or !key (does not exist)");
      }
      String lower = p.toLowerCase();
      int in = indexOfWord(lower, " in ");
      int notin = indexOfWord(lower, " notin ");
      if (notin > 0 || in > 0) {
        boolean not = notin > 0;
        int at = not ? notin : in;
        String key = p.substring(0, at).trim();
        String rest = p.substring(at + (not ? 7 : 4)).trim();
        if (!rest.startsWith("(") || !rest.endsWith(")")) {
          throw new IllegalArgumentException(
              "\"" + p + "\": the values of in/notin go in parentheses, e.g. tier in (a,b)");
        }
        List<String> values = new ArrayList<>();
        for (String v : rest.substring(1, rest.length() - 1).split(",")) {
          if (!v.trim().isEmpty()) {
            values.add(checkValue(v.trim(), p));
          }
        }
        if (values.isEmpty()) {
          throw new IllegalArgumentException("\"" + p + "\": in/notin needs at least one value");
        }
        exprs.add(new Requirement(checkKey(key, p), not ? Operator.NotIn : Operator.In, values));
      } else if (p.contains("!=")) {
        String[] kv = p.split("!=", 2);
        exprs.add(
            new Requirement(
                checkKey(kv[0].trim(), p), Operator.NotIn, List.of(checkValue(kv[1].trim(), p))));
      } else if (p.contains("==") || p.contains("=")) {
        String[] kv = p.contains("==") ? p.split("==", 2) : p.split("=", 2);
        eq.put(checkKey(kv[0].trim(), p), checkValue(kv[1].trim(), p));
      } else if (p.startsWith("!")) {
        exprs.add(
            new Requirement(checkKey(p.substring(1).trim(), p), Operator.DoesNotExist, List.of()));
      } else {
        exprs.add(new Requirement(checkKey(p, p), Operator.Exists, List.of()));
      }
    }
    return new LabelSelector(eq, exprs);
  }

  /** Operators of other languages people try: regex match, comparisons, YAML-style colons. */
  private static final java.util.regex.Pattern BAD_OPERATOR =
      java.util.regex.Pattern.compile("=~|!~|~=|~|<=|>=|<|>|===|:");

  private static int indexOfWord(String s, String word) {
    return s.indexOf(word);
  }

  private static List<String> splitTopLevel(String s) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
        if (depth < 0) {
          throw new IllegalArgumentException("unbalanced ')' in selector \"" + s + "\"");
        }
      } else if (c == ',' && depth == 0) {
        parts.add(s.substring(start, i));
        start = i + 1;
      }
    }
    if (depth != 0) {
      throw new IllegalArgumentException("unbalanced '(' in selector \"" + s + "\"");
    }
    parts.add(s.substring(start));
    return parts;
  }

  private static final String NAME = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";

  private static String checkKey(String key, String part) {
    if (!key.matches(
        "(" + "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?" + NAME)) {
      throw new IllegalArgumentException(
          "\"" + part + "\": \"" + key + "\" is not a valid label key");
    }
    return key;
  }

  private static String checkValue(String v, String part) {
    if (!v.isEmpty() && (v.length() > 63 || !v.matches(NAME))) {
      throw new IllegalArgumentException(
          "\""
              + part
              + "\": \""
              + v
              + "\" is not a valid label value (at most 63 characters:"
              + " letters, digits, '-', '_', '.', starting and ending with a letter or digit)");
    }
    return v;
  }
}
