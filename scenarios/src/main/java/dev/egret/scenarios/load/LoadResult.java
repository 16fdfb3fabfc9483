package dev.egret.scenarios.load;

import dev.egret.scenarios.model.Scenario;
import dev.egret.topology.yaml.Problems;

/**
 * What loading a scenario gave: the scenario when there is no error, and every problem found.
 *
 * @param scenario null when {@code problems.hasErrors()}
 */
public record LoadResult(Scenario scenario, Problems problems) {
  public boolean ok() {
    return scenario != null && !problems.hasErrors();
  }
}
