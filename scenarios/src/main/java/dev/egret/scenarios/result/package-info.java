/**
 * The result document of a run (SPEC §5, {@code result.json} and {@code egret run --json}):
 * simulated facts only, so two runs with the same seed give byte-identical documents.
 */
package dev.egret.scenarios.result;
