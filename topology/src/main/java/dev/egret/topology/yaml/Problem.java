package dev.egret.topology.yaml;

/**
 * One thing wrong (or surprising) in an input, located precisely.
 *
 * @param field the field path, e.g. {@code spec.destinationCIDRs[1]}; empty for whole-file problems
 * @param message what is wrong and what would be right
 */
public record Problem(Severity severity, Location location, String field, String message) {

  /**
   * The SPEC §6 form: {@code file:line:column: field: message}, with {@code warning: } after the
   * location for warnings.
   */
  public String format() {
    StringBuilder sb = new StringBuilder().append(location).append(": ");
    if (severity == Severity.WARNING) {
      sb.append("warning: ");
    }
    if (!field.isEmpty()) {
      sb.append(field).append(": ");
    }
    return sb.append(message).toString();
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  @Override
  public String toString() {
    return format();
  }
}
