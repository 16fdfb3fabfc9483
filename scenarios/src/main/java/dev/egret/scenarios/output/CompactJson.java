package dev.egret.scenarios.output;

/**
 * A minimal streaming writer of compact JSON into a reusable {@link StringBuilder}: objects,
 * arrays, fields in the order they are written, commas handled. Strings are quoted by {@link
 * JsonText}. Nesting depth is bounded by {@link #MAX_DEPTH}; misuse is a programming error and
 * throws {@link IllegalStateException}.
 */
final class CompactJson {
  static final int MAX_DEPTH = 16;

  private final StringBuilder sb;
  private final boolean[] needComma = new boolean[MAX_DEPTH];
  private int depth;

  CompactJson(StringBuilder sb) {
    this.sb = sb;
  }

  CompactJson beginObject() {
    value();
    sb.append('{');
    push();
    return this;
  }

  CompactJson endObject() {
    pop();
    sb.append('}');
    return this;
  }

  CompactJson beginArray() {
    value();
    sb.append('[');
    push();
    return this;
  }

  CompactJson endArray() {
    pop();
    sb.append(']');
    return this;
  }

  /** Writes a field name; the next call writes its value. */
  CompactJson name(String name) {
    comma();
    JsonText.appendQuoted(sb, name);
    sb.append(':');
    return this;
  }

  CompactJson value(String s) {
    value();
    JsonText.appendQuoted(sb, s);
    return this;
  }

  CompactJson value(long n) {
    value();
    sb.append(n);
    return this;
  }

  CompactJson value(boolean b) {
    value();
    sb.append(b);
    return this;
  }

  /** Writes pre-formatted JSON text as the next value (e.g. a timestamp built in place). */
  StringBuilder rawValue() {
    value();
    return sb;
  }

  CompactJson field(String name, String s) {
    return name(name).value(s);
  }

  CompactJson field(String name, long n) {
    return name(name).value(n);
  }

  CompactJson field(String name, boolean b) {
    return name(name).value(b);
  }

  /** Forgets any unfinished nesting, to start a new document in the same buffer. */
  CompactJson reset() {
    depth = 0;
    return this;
  }

  /** Whether every object and array opened has been closed. */
  boolean complete() {
    return depth == 0;
  }

  private boolean afterName() {
    int n = sb.length();
    return n > 0 && sb.charAt(n - 1) == ':';
  }

  /** Before a value: a comma when it is an array element after another one. */
  private void value() {
    if (depth > 0 && !afterName()) {
      comma();
    }
  }

  private void comma() {
    if (depth == 0) {
      throw new IllegalStateException("a field or element outside any object or array");
    }
    if (needComma[depth - 1]) {
      sb.append(',');
    }
    needComma[depth - 1] = true;
  }

  private void push() {
    if (depth == MAX_DEPTH) {
      throw new IllegalStateException("JSON nested deeper than " + MAX_DEPTH);
    }
    needComma[depth++] = false;
  }

  private void pop() {
    if (depth == 0) {
      throw new IllegalStateException("closing more than was opened");
    }
    depth--;
  }
}
