package dev.egret.scenarios.load;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every example scenario loads without errors. */
class ExamplesLoadTest {
  static Path examples() {
    Path p = Path.of("examples");
    return Files.isDirectory(p) ? p : Path.of("scenarios/examples");
  }

  static Stream<Path> exampleFiles() throws IOException {
    try (Stream<Path> s = Files.list(examples())) {
      List<Path> l = s.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
      assertFalse(l.isEmpty(), "no examples found");
      return l.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("exampleFiles")
  void loadsWithoutErrors(Path file) {
    LoadResult r = ScenarioLoader.load(file);
    r.problems().all().forEach(p -> System.out.println(p.format()));
    assertTrue(r.ok(), "problems: " + r.problems().errors());
  }
}
