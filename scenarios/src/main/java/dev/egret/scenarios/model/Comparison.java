package dev.egret.scenarios.model;

/** A numeric comparison such as {@code >= 0.99}. */
public record Comparison(String operator, double value, String text) {

  /** Parses {@code >= 0.99}, {@code < 1}, {@code == 1}, or a bare number (meaning ==). */
  public static Comparison parse(String s) {
    String t = s.trim();
    for (String op : new String[] {">=", "<=", "==", "!=", ">", "<", "="}) {
      if (t.startsWith(op)) {
        double v = Double.parseDouble(t.substring(op.length()).trim());
        return new Comparison(op.equals("=") ? "==" : op, v, t);
      }
    }
    return new Comparison("==", Double.parseDouble(t), t);
  }

  public boolean test(double x) {
    return switch (operator) {
      case ">=" -> x >= value;
      case "<=" -> x <= value;
      case ">" -> x > value;
      case "<" -> x < value;
      case "!=" -> x != value;
      default -> x == value;
    };
  }

  @Override
  public String toString() {
    return text;
  }
}
