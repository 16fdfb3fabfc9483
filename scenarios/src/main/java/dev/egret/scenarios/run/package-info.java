/**
 * Replaying a scenario: the simulation world (cluster, control plane, simulated nodes, underlay,
 * pods and external hosts), the timeline driver, the record of what happened and the evaluation of
 * expectations into a {@link dev.egret.scenarios.result.RunResult}.
 */
package dev.egret.scenarios.run;
