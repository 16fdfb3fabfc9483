package dev.egret.scenarios.run;

/**
 * How to run a scenario.
 *
 * @param seed overrides the scenario's seed when not null ({@code --seed})
 * @param until stops the simulation at this time, in nanoseconds, or -1 for no limit ({@code
 *     --until}); the run otherwise ends when the last action's traffic is over
 */
public record RunOptions(Long seed, long until) {
  public static final RunOptions DEFAULT = new RunOptions(null, -1);
}
