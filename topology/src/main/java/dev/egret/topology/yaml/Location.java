package dev.egret.topology.yaml;

/**
 * A place in an input file; line and column are 1-based, as editors show them.
 *
 * @param file the file as the user named it (relative paths stay relative)
 */
public record Location(String file, int line, int column) {
  /** A location for problems that concern a whole file. */
  public static Location ofFile(String file) {
    return new Location(file, 1, 1);
  }

  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
