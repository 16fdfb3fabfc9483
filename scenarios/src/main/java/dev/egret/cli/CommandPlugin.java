package dev.egret.cli;

/**
 * A subcommand contributed by a module the CLI does not depend on (the GUI's {@code gui}), found
 * with {@link java.util.ServiceLoader}.
 */
public interface CommandPlugin {
  /** A picocli command object ({@code @Command}-annotated). */
  Object command();
}
