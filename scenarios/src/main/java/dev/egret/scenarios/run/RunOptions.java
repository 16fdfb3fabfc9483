package dev.egret.scenarios.run;

/**
 * How to run a scenario.
 *
 * @param seed overrides the scenario's seed when not null ({@code --seed})
 * @param until stops the simulation at this time, in nanoseconds, or -1 for no limit ({@code
 *     --until}); the run otherwise ends when the last action's traffic is over
 * @param maxConnectionDetails an action with more connections than this is reported as a {@link
 *     dev.egret.scenarios.result.ConnectionSummaryResult} instead of one result per connection
 *     ({@code --max-connection-details}); negative: never summarise
 */
public record RunOptions(Long seed, long until, long maxConnectionDetails) {
  /** Actions with more connections than this are summarised by default. */
  public static final long DEFAULT_MAX_CONNECTION_DETAILS = 10_000;

  public static final RunOptions DEFAULT = new RunOptions(null, -1);

  public RunOptions(Long seed, long until) {
    this(seed, until, DEFAULT_MAX_CONNECTION_DETAILS);
  }
}
