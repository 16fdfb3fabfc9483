package dev.egret.gui.app;

import dev.egret.gui.model.Recorder;
import dev.egret.gui.model.Recording;
import dev.egret.scenarios.load.LoadResult;
import dev.egret.scenarios.load.ScenarioLoader;
import dev.egret.scenarios.model.Scenario;
import dev.egret.sim.Durations;
import dev.egret.topology.yaml.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.scene.image.WritableImage;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code egret gui}: the visualizer. With {@code --snapshot OUT.png} it renders the topology view
 * at {@code --at T} to a PNG without a display (Monocle headless) and exits; otherwise it opens the
 * window, which needs a display. Exit codes: 0 done, 2 bad input or no display to open a window on
 * (one message, no stack trace), 3 internal error.
 */
@Command(
    name = "gui",
    mixinStandardHelpOptions = true,
    description =
        "The visualizer: the topology with its pods, gateways and tunnels, packets moving hop by"
            + " hop (SNAT and drops where they happen), the timeline, Hubble-like flows, egress"
            + " maps, SNAT and conntrack tables and charts. Opening a window needs a display;"
            + " --snapshot renders the topology view at time T to a PNG without one.",
    footer =
        "%nWithout a display (no DISPLAY or WAYLAND_DISPLAY) the window cannot open: run it under"
            + " xvfb-run -a (packages xvfb, libgtk-3-0), or use --snapshot. Exit codes: 0 done,"
            + " 2 bad input or no display to open a window on, 3 internal error.")
public final class GuiCommand implements Callable<Integer> {
  static final int EXIT_OK = 0;
  static final int EXIT_INVALID = 2;
  static final int EXIT_INTERNAL = 3;

  private static final Pattern SIZE = Pattern.compile("(\\d{2,5})x(\\d{2,5})");
  private static final int MAX_SIDE = 8000;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "SCENARIO.yaml",
      description = "the scenario to open (required with --snapshot)")
  Path scenarioFile;

  @Option(
      names = "--snapshot",
      paramLabel = "OUT.png",
      description = "render the topology view to this PNG file and exit (no display needed)")
  Path snapshot;

  @Option(
      names = "--at",
      paramLabel = "T",
      description =
          "the simulated time to show, e.g. 8.0004s (default 0: after start-up reconciliation)")
  String at;

  @Option(
      names = "--size",
      paramLabel = "WxH",
      description =
          "snapshot size in pixels (default: 1600 wide, up to 2400 for large clusters, as high"
              + " as the drawing needs)")
  String size;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    try {
      return run(err);
    } finally {
      err.flush();
      spec.commandLine().getOut().flush();
    }
  }

  private int run(PrintWriter err) {
    Long t = parseAt(err);
    if (t == null) {
      return EXIT_INVALID;
    }
    if (snapshot == null) {
      if (size != null) {
        err.println("--size applies to --snapshot only");
        return EXIT_INVALID;
      }
      Scenario s = scenarioFile == null ? null : load(err);
      if (scenarioFile != null && s == null) {
        return EXIT_INVALID;
      }
      return EgretApp.open(s, t, err);
    }
    if (scenarioFile == null) {
      err.println("--snapshot needs a scenario: egret gui --snapshot OUT.png SCENARIO.yaml");
      return EXIT_INVALID;
    }
    Path dir = snapshot.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      err.println("--snapshot " + snapshot + ": directory " + dir + " does not exist");
      return EXIT_INVALID;
    }
    if (Files.isDirectory(snapshot)) {
      err.println("--snapshot " + snapshot + ": is a directory; give a file name such as out.png");
      return EXIT_INVALID;
    }
    Scenario s = load(err);
    if (s == null) {
      return EXIT_INVALID;
    }
    Recording r = Recorder.record(s);
    if (t > r.endNanos()) {
      err.println(
          "--at "
              + at
              + ": the run ends at "
              + Durations.format(r.endNanos())
              + "; give a time up to that");
      return EXIT_INVALID;
    }
    int width = SnapshotRenderer.widthFor(r);
    int height = SnapshotRenderer.heightFor(r, width);
    if (size != null) {
      Matcher m = SIZE.matcher(size);
      if (!m.matches()
          || Integer.parseInt(m.group(1)) > MAX_SIDE
          || Integer.parseInt(m.group(2)) > MAX_SIDE) {
        err.println(
            "--size " + size + ": use WIDTHxHEIGHT in pixels, e.g. 1600x900 (at most 8000)");
        return EXIT_INVALID;
      }
      width = Integer.parseInt(m.group(1));
      height = Integer.parseInt(m.group(2));
    }
    FxRuntime.startHeadless();
    int w = width;
    int h = height;
    WritableImage img;
    try {
      img = FxRuntime.call(() -> SnapshotRenderer.render(r, t, w, h));
    } catch (Exception e) {
      throw new IllegalStateException("rendering failed", e);
    }
    try {
      SnapshotRenderer.writePng(img, snapshot);
    } catch (IOException e) {
      err.println("--snapshot " + snapshot + ": cannot write: " + e.getMessage());
      return EXIT_INVALID;
    }
    spec.commandLine()
        .getOut()
        .println(
            "wrote "
                + snapshot
                + " ("
                + w
                + "x"
                + h
                + ", "
                + s.name()
                + " at "
                + Durations.format(t)
                + ")");
    return EXIT_OK;
  }

  private Long parseAt(PrintWriter err) {
    if (at == null) {
      return 0L;
    }
    try {
      long v = Durations.parse(at);
      if (v < 0) {
        throw new IllegalArgumentException("a time cannot be negative");
      }
      return v;
    } catch (IllegalArgumentException e) {
      err.println("--at " + at + ": " + e.getMessage());
      return null;
    }
  }

  /** The scenario, or null after printing its problems as {@code file:line:column: ...}. */
  private Scenario load(PrintWriter err) {
    return loadScenario(scenarioFile, err);
  }

  /** Loads {@code file}, printing its errors; null when it has any. */
  static Scenario loadScenario(Path file, PrintWriter err) {
    if (Files.isDirectory(file)) {
      err.println(file + ": is a directory; give a scenario YAML file");
      return null;
    }
    LoadResult r = ScenarioLoader.load(file);
    for (Problem p : r.problems().sorted()) {
      if (p.isError()) {
        err.println(p.format());
      }
    }
    if (!r.ok()) {
      int n = r.problems().errorCount();
      err.println(n + (n == 1 ? " error" : " errors") + " in " + file + "; nothing was run");
      return null;
    }
    return r.scenario();
  }
}
