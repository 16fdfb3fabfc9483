package dev.egret.scenarios.output;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A run that is interrupted: creates the output directory for {@code args[0]}, writes a partial
 * file, says "ready" and waits to be killed. Used by {@link OutputDirectoryTest} in a child JVM.
 */
public final class InterruptedRunMain {
  private InterruptedRunMain() {}

  public static void main(String[] args) throws Exception {
    OutputDirectory out = OutputDirectory.create(Path.of(args[0]));
    Files.writeString(out.resolve(OutputFiles.RESULT_JSON), "{\"partial\":");
    System.out.println("ready");
    System.out.flush();
    Thread.sleep(60_000);
  }
}
