package dev.egret.cli;

import dev.egret.sim.Durations;
import picocli.CommandLine;

/** Parses {@code --until 30s} style options into nanoseconds. */
final class DurationConverter implements CommandLine.ITypeConverter<Long> {
  @Override
  public Long convert(String value) {
    try {
      return Durations.parse(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
