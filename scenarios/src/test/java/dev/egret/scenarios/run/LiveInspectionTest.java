package dev.egret.scenarios.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.scenarios.load.LoadResult;
import dev.egret.scenarios.load.ScenarioLoader;
import dev.egret.scenarios.model.TimelineItem;
import dev.egret.topology.cluster.ClusterEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link RunListener#started} hands the listener a live view of the world before it is set up. */
class LiveInspectionTest {
  private static Path example(String name) {
    Path dir =
        Files.isDirectory(Path.of("examples"))
            ? Path.of("examples")
            : Path.of("scenarios/examples");
    return dir.resolve(name);
  }

  @Test
  void listenerSeesTheWorldBeingBuiltAndChanging() {
    LoadResult lr = ScenarioLoader.load(example("006-gateway-failure.yaml"));
    assertTrue(lr.ok(), lr.problems().all().toString());
    List<String> events = new ArrayList<>();
    RunView[] live = new RunView[1];
    List<Boolean> gwUpAtActions = new ArrayList<>();
    new ScenarioRun(
            lr.scenario(),
            RunOptions.DEFAULT,
            new RunListener() {
              @Override
              public void started(RunView l) {
                live[0] = l;
                assertEquals(0, l.now());
                assertEquals(0, l.cluster().nodes().size(), "nothing is set up yet");
                l.cluster()
                    .addListener(
                        e -> {
                          if (e instanceof ClusterEvent.NodeUpserted u && u.old() == null) {
                            events.add("node " + u.now().name());
                          }
                        });
              }

              @Override
              public void action(TimelineItem item) {
                gwUpAtActions.add(live[0].isUp("gw"));
              }
            })
        .run();
    assertNotNull(live[0]);
    assertEquals(List.of("node gw", "node worker"), events);
    // Actions at 1s, 5s (nodeDown gw: seen before it is carried out), 6s, 12s (nodeUp), 13s, ...
    assertEquals(List.of(true, true, false, false, true, true, true), gwUpAtActions);
  }
}
