package dev.egret.scenarios.load;

import java.util.regex.Pattern;

/** Kubernetes name and label syntax checks, with messages that say what is allowed. */
final class Names {
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern LABEL_NAME =
      Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final Pattern IFNAME = Pattern.compile("[A-Za-z0-9][-A-Za-z0-9_.@]*");

  private Names() {}

  /** Null when {@code s} is a valid RFC 1123 subdomain name (nodes, most objects), else why not. */
  static String checkSubdomain(String s) {
    if (s.isEmpty()) {
      return "must not be empty";
    }
    if (s.length() > 253) {
      return "\"" + s + "\" is longer than 253 characters";
    }
    if (!DNS_SUBDOMAIN.matcher(s).matches()) {
      return "\""
          + s
          + "\" is not a valid name (lowercase letters, digits, '-' and '.', starting"
          + " and ending with a letter or digit)";
    }
    return null;
  }

  /** Null when {@code s} is a valid RFC 1123 label (namespaces), else why not. */
  static String checkDnsLabel(String s) {
    if (s.isEmpty()) {
      return "must not be empty";
    }
    if (s.length() > 63 || !DNS_LABEL.matcher(s).matches()) {
      return "\""
          + s
          + "\" is not a valid namespace name (at most 63 lowercase letters, digits"
          + " and '-', starting and ending with a letter or digit)";
    }
    return null;
  }

  /** Null when {@code k} is a valid label key, else why not. */
  static String checkLabelKey(String k) {
    String name = k;
    int slash = k.indexOf('/');
    if (slash >= 0) {
      String prefix = k.substring(0, slash);
      name = k.substring(slash + 1);
      if (prefix.isEmpty() || prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
        return "label key \""
            + k
            + "\" has an invalid prefix (a DNS subdomain such as"
            + " example.com/)";
      }
    }
    if (name.isEmpty() || name.length() > 63 || !LABEL_NAME.matcher(name).matches()) {
      return "label key \""
          + k
          + "\" is invalid (a name of at most 63 letters, digits, '-', '_'"
          + " and '.', optionally prefixed with a DNS subdomain and '/')";
    }
    return null;
  }

  /** Null when {@code v} is a valid label value, else why not. */
  static String checkLabelValue(String v) {
    if (v.isEmpty()) {
      return null;
    }
    if (v.length() > 63 || !LABEL_NAME.matcher(v).matches()) {
      return "label value \""
          + v
          + "\" is invalid (at most 63 letters, digits, '-', '_' and '.',"
          + " starting and ending with a letter or digit)";
    }
    return null;
  }

  /** Null when {@code s} is a valid Linux interface name (IFNAMSIZ 16 including the NUL). */
  static String checkInterface(String s) {
    if (s.isEmpty() || s.length() > 15 || !IFNAME.matcher(s).matches() || s.contains("/")) {
      return "\"" + s + "\" is not a valid interface name (1 to 15 characters, no spaces or '/')";
    }
    return null;
  }
}
