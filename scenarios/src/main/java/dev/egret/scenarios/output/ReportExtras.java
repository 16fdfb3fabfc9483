package dev.egret.scenarios.output;

import java.nio.file.Path;

/**
 * What the human report shows beyond the (deterministic) {@link
 * dev.egret.scenarios.result.RunResult}: facts that are not simulated or not in the result
 * document.
 *
 * @param description the scenario's {@code metadata.description}, null or empty when none
 * @param wallNanos the wall-clock time of the run (simulation and outputs), nanoseconds
 * @param outputDirectory where {@code --out} put the files, null without {@code --out}
 */
public record ReportExtras(String description, long wallNanos, Path outputDirectory) {}
