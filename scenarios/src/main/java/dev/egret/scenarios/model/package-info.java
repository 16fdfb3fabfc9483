/**
 * The scenario model (SPEC §3, {@code egret.dev/v1alpha1} {@code Scenario}): immutable records
 * produced by {@link dev.egret.scenarios.load.ScenarioLoader} after validation.
 */
package dev.egret.scenarios.model;
