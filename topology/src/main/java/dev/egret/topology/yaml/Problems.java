package dev.egret.topology.yaml;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/** Collects the problems found while reading inputs, in the order they were found. */
public final class Problems {
  private final List<Problem> list = new ArrayList<>();
  private int errors;

  public void add(Problem p) {
    list.add(p);
    if (p.isError()) {
      errors++;
    }
  }

  public void error(Location at, String field, String message) {
    add(new Problem(Severity.ERROR, at, field, message));
  }

  public void warning(Location at, String field, String message) {
    add(new Problem(Severity.WARNING, at, field, message));
  }

  public boolean hasErrors() {
    return errors > 0;
  }

  public int errorCount() {
    return errors;
  }

  public List<Problem> all() {
    return Collections.unmodifiableList(list);
  }

  public List<Problem> errors() {
    return list.stream().filter(Problem::isError).toList();
  }

  public List<Problem> warnings() {
    return list.stream().filter(p -> !p.isError()).toList();
  }

  /** All problems sorted by file, line and column (stable for equal places). */
  public List<Problem> sorted() {
    List<Problem> s = new ArrayList<>(list);
    s.sort(
        Comparator.comparing((Problem p) -> p.location().file())
            .thenComparingInt(p -> p.location().line())
            .thenComparingInt(p -> p.location().column()));
    return s;
  }

  /** Adds every problem of {@code other}. */
  public void addAll(Problems other) {
    other.list.forEach(this::add);
  }
}
