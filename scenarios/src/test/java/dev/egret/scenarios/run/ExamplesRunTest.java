package dev.egret.scenarios.run;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.scenarios.load.LoadResult;
import dev.egret.scenarios.load.ScenarioLoader;
import dev.egret.scenarios.output.ResultJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every example scenario runs in the build and passes its own expectations. */
class ExamplesRunTest {
  static Stream<Path> exampleFiles() throws IOException {
    Path dir =
        Files.isDirectory(Path.of("examples"))
            ? Path.of("examples")
            : Path.of("scenarios/examples");
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> l = s.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
      return l.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("exampleFiles")
  void passesItsOwnExpectations(Path file) {
    LoadResult lr = ScenarioLoader.load(file);
    assertTrue(lr.ok(), lr.problems().all().toString());
    RunOutcome out = new ScenarioRun(lr.scenario(), RunOptions.DEFAULT, null).run();
    String json = ResultJson.toJson(out.result());
    assertTrue(out.result().passed(), file + " failed:\n" + json);
  }
}
