package dev.egret.gui;

import dev.egret.scenarios.load.LoadResult;
import dev.egret.scenarios.load.ScenarioLoader;
import dev.egret.scenarios.model.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;

/** The example scenarios, found from the gui module or the repository root. */
public final class Examples {
  public static final String RESCHEDULE = "001-reschedule-keeps-egress-ip.yaml";
  public static final String GATEWAY_FAILURE = "006-gateway-failure.yaml";
  public static final String SNAT_EXHAUSTION = "005-snat-port-exhaustion.yaml";

  private Examples() {}

  public static Path path(String name) {
    for (String dir : new String[] {"../scenarios/examples", "scenarios/examples"}) {
      Path p = Path.of(dir, name);
      if (Files.exists(p)) {
        return p.toAbsolutePath().normalize();
      }
    }
    throw new IllegalStateException(
        "example " + name + " not found from " + Path.of("").toAbsolutePath());
  }

  public static Scenario load(String name) {
    LoadResult r = ScenarioLoader.load(path(name));
    if (!r.ok()) {
      throw new IllegalStateException(r.problems().all().toString());
    }
    return r.scenario();
  }
}
