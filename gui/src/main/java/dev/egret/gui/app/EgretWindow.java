package dev.egret.gui.app;

import dev.egret.gui.model.Connection;
import dev.egret.gui.model.ConnectionTrace;
import dev.egret.gui.model.Injection;
import dev.egret.gui.model.Playhead;
import dev.egret.gui.model.Recorder;
import dev.egret.gui.model.Recording;
import dev.egret.gui.model.StateProbe;
import dev.egret.gui.model.TimeState;
import dev.egret.gui.model.Times;
import dev.egret.gui.model.TraceStep;
import dev.egret.gui.panel.EgressMapPanel;
import dev.egret.gui.panel.ExplainPanel;
import dev.egret.gui.panel.FlowTable;
import dev.egret.gui.panel.GatewayStatePanel;
import dev.egret.gui.panel.SnatCharts;
import dev.egret.gui.view.TimelineBar;
import dev.egret.gui.view.TopologyView;
import dev.egret.scenarios.explain.ExplainRequest;
import dev.egret.scenarios.explain.Explainer;
import dev.egret.scenarios.explain.ExplanationText;
import dev.egret.scenarios.model.Action;
import dev.egret.scenarios.model.Scenario;
import dev.egret.scenarios.model.TimelineItem;
import dev.egret.scenarios.record.FlowRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javafx.animation.AnimationTimer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Separator;
import javafx.scene.control.Slider;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;

/**
 * The visualizer's main window: the toolbar (open, play/pause, step, speed, inject), the topology
 * view over the timeline, the panels (egress map, SNAT and conntrack, SNAT charts, explain) and the
 * flow table.
 *
 * <p>A scenario is run once and recorded ({@link Recorder}); playing, stepping and scrubbing only
 * read the recording. Panels that show map contents at the current time read them from a run
 * stopped at that time ({@link StateProbe}), refreshed when the time settles. Injected events are
 * added to the scenario's timeline at the paused time and the whole run is recorded again (runs are
 * deterministic, so the part before the injection is unchanged). Simulations run off the FX thread.
 */
public final class EgretWindow {
  static final double WIDTH = 1500;
  static final double HEIGHT = 940;
  static final long FLOW_REFRESH_NANOS = 200_000_000L;
  static final long STATE_REFRESH_NANOS = 1_000_000_000L;

  private final Stage stage;
  private final TopologyView topology = new TopologyView();
  private final TimelineBar timeline = new TimelineBar();
  private final FlowTable flows = new FlowTable();
  private final EgressMapPanel egress = new EgressMapPanel();
  private final GatewayStatePanel gateway = new GatewayStatePanel();
  private final SnatCharts charts = new SnatCharts();
  private final ExplainPanel explain = new ExplainPanel();
  private final TabPane tabs = new TabPane();
  private final Button play = new Button("▶ Play");
  private final Button next = new Button("Next ▸|");
  private final Button back = new Button("|◂ Back");
  private final Button start = new Button("⇤");
  private final Slider speed = new Slider();
  private final Label speedLabel = new Label();
  private final CheckBox skipIdle = new CheckBox("skip idle");
  private final Label clock = new Label("no scenario");
  private final MenuButton inject = new MenuButton("Inject event");
  private final Button clearInjected = new Button("Clear injected");
  private final Label status = new Label("Open a scenario (File: Open…).");
  private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
  private final Background runner = new Background("egret-run");
  private final Background prober = new Background("egret-state");
  private final List<TimelineItem> injected = new ArrayList<>();

  private Scenario base;
  private Recording recording;
  private Playhead playhead;
  private String selectedNode;
  private long selectedTag;
  private TimeState state;
  private long generation;
  private long lastFlowRefresh;
  private long lastStateRefresh;
  private boolean probing;
  private long pendingProbe = -1;
  private long lastPulse;

  public EgretWindow(Stage stage) {
    this.stage = stage;
    stage.setTitle("egret");
    BorderPane root = new BorderPane();
    root.setTop(toolbar());
    VBox left = new VBox(topology, timeline);
    VBox.setVgrow(topology, Priority.ALWAYS);
    tabs.getTabs()
        .addAll(
            tab("Egress map", egress),
            tab("SNAT & conntrack", gateway),
            tab("SNAT charts", charts),
            tab("Explain", explain));
    tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    SplitPane upper = new SplitPane(left, tabs);
    upper.setDividerPositions(0.64);
    SplitPane main = new SplitPane(upper, flows);
    main.setOrientation(Orientation.VERTICAL);
    main.setDividerPositions(0.7);
    root.setCenter(main);
    HBox bar = new HBox(8, status);
    bar.setPadding(new Insets(3, 8, 3, 8));
    bar.setAlignment(Pos.CENTER_LEFT);
    root.setBottom(bar);
    javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
    Scene scene =
        new Scene(root, Math.min(WIDTH, screen.getWidth()), Math.min(HEIGHT, screen.getHeight()));
    scene
        .getAccelerators()
        .put(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN), this::chooseFile);
    scene.getAccelerators().put(new KeyCodeCombination(KeyCode.SPACE), this::togglePlay);
    scene.getAccelerators().put(new KeyCodeCombination(KeyCode.RIGHT), this::stepNext);
    scene.getAccelerators().put(new KeyCodeCombination(KeyCode.LEFT), this::stepBack);
    stage.setScene(scene);

    topology.setOnNodeSelected(this::selectNode);
    timeline.setOnSeek(this::seek);
    flows.setOnSelect(this::selectFlow);
    new AnimationTimer() {
      @Override
      public void handle(long now) {
        pulse(now);
      }
    }.start();
    setControlsEnabled(false);
  }

  private static Tab tab(String name, javafx.scene.Node content) {
    Tab t = new Tab(name, content);
    t.setId("tab-" + name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z]+", "-"));
    return t;
  }

  private ToolBar toolbar() {
    Button open = new Button("Open…");
    open.setOnAction(e -> chooseFile());
    play.setId("play");
    next.setId("step");
    back.setId("step-back");
    start.setId("to-start");
    play.setOnAction(e -> togglePlay());
    next.setOnAction(e -> stepNext());
    back.setOnAction(e -> stepBack());
    start.setOnAction(e -> seek(0));
    play.setMinWidth(86);
    next.setTooltip(new Tooltip("next event (→)"));
    back.setTooltip(new Tooltip("previous event (←)"));
    start.setTooltip(new Tooltip("back to 0"));
    speed.setMin(Math.log10(Playhead.MIN_SPEED));
    speed.setMax(Math.log10(Playhead.MAX_SPEED));
    speed.setValue(Math.log10(Playhead.DEFAULT_SPEED));
    speed.setPrefWidth(160);
    speed.setId("speed");
    speed.setTooltip(new Tooltip("simulated time per real second"));
    speed
        .valueProperty()
        .addListener(
            (o, a, b) -> {
              double v = Math.pow(10, b.doubleValue());
              if (playhead != null) {
                playhead.setSpeed(v);
              }
              speedLabel.setText(Times.duration(v) + "/s");
            });
    speedLabel.setText(Times.duration(Playhead.DEFAULT_SPEED) + "/s");
    speedLabel.setMinWidth(70);
    skipIdle.setSelected(true);
    skipIdle.setTooltip(new Tooltip("jump over stretches where nothing is on the wire"));
    skipIdle
        .selectedProperty()
        .addListener(
            (o, a, b) -> {
              if (playhead != null) {
                playhead.setSkipIdle(b);
              }
            });
    clock.setId("clock");
    clock.setStyle("-fx-font-family: 'DejaVu Sans Mono'; -fx-font-weight: bold;");
    clock.setMinWidth(150);
    MenuItem down = new MenuItem("nodeDown…");
    MenuItem up = new MenuItem("nodeUp…");
    MenuItem resched = new MenuItem("reschedule…");
    MenuItem label = new MenuItem("label…");
    down.setOnAction(e -> injectWith(InjectDialogs::nodeDown));
    up.setOnAction(e -> injectWith(InjectDialogs::nodeUp));
    resched.setOnAction(e -> injectWith(InjectDialogs::reschedule));
    label.setOnAction(e -> injectWith(InjectDialogs::label));
    inject.getItems().setAll(down, up, resched, label);
    inject.setId("inject");
    inject.setTooltip(new Tooltip("add an event at the current (paused) time and replay"));
    clearInjected.setOnAction(e -> clearInjected());
    clearInjected.setDisable(true);
    Button fit = new Button("Fit");
    fit.setOnAction(e -> topology.fit());
    return new ToolBar(
        open,
        new Separator(),
        start,
        back,
        play,
        next,
        new Label("speed"),
        speed,
        speedLabel,
        skipIdle,
        new Separator(),
        clock,
        new Separator(),
        inject,
        clearInjected,
        new Separator(),
        fit);
  }

  // ------------------------------------------------------------------ opening and running

  /** Opens {@code s} and shows it at time {@code t} once it is recorded. */
  public void open(Scenario s, long t) {
    base = s;
    injected.clear();
    selectedNode = null;
    selectedTag = 0;
    explain.clear();
    record(t);
  }

  /** Opens a scenario file; problems are shown as file:line:column messages. */
  public void openFile(Path file) {
    StringWriter w = new StringWriter();
    Scenario s = GuiCommand.loadScenario(file, new PrintWriter(w));
    if (s == null) {
      Alert a = new Alert(Alert.AlertType.ERROR, w.toString());
      a.setHeaderText("Cannot open " + file.getFileName());
      a.initOwner(stage);
      a.getDialogPane().setMinWidth(720);
      a.show();
      return;
    }
    open(s, 0);
  }

  private void chooseFile() {
    FileChooser c = new FileChooser();
    c.setTitle("Open a scenario");
    c.getExtensionFilters().add(new FileChooser.ExtensionFilter("Scenarios", "*.yaml", "*.yml"));
    java.io.File f = c.showOpenDialog(stage);
    if (f != null) {
      openFile(f.toPath());
    }
  }

  private void record(long keepTime) {
    Scenario s = Injection.apply(base, injected);
    List<TimelineItem> inj = List.copyOf(injected);
    long gen = ++generation;
    busy.set(true);
    status.setText("running " + s.name() + "…");
    runner.run(
        () -> Recorder.record(s, inj),
        r -> {
          if (gen == generation) {
            show(r, keepTime);
          }
        },
        e -> {
          busy.set(false);
          status.setText("the run failed: " + e);
          Alert a = new Alert(Alert.AlertType.ERROR, String.valueOf(e));
          a.setHeaderText("egret: the run failed");
          a.initOwner(stage);
          a.show();
        });
  }

  private void show(Recording r, long t) {
    recording = r;
    if (playhead == null) {
      playhead = new Playhead(r);
      playhead.setSpeed(Math.pow(10, speed.getValue()));
      playhead.setSkipIdle(skipIdle.isSelected());
    } else {
      playhead.setRecording(r);
    }
    playhead.seek(t);
    state = null;
    stage.setTitle("egret — " + r.scenario().name());
    topology.setRecording(r);
    timeline.setRecording(r);
    flows.setRecording(r);
    charts.setRecording(r);
    clearInjected.setDisable(injected.isEmpty());
    setControlsEnabled(true);
    status.setText(summary(r));
    if (selectedTag != 0) {
      selectTag(selectedTag);
    }
    refreshTime(true);
    busy.set(false);
  }

  private static String summary(Recording r) {
    var res = r.result();
    long failed = res.expectations().stream().filter(e -> !e.passed()).count();
    Map<String, Long> drops = new TreeMap<>();
    r.drops().forEach(d -> drops.merge(d.lost() ? "LOST" : d.reason(), 1L, Long::sum));
    return r.scenario().name()
        + ": "
        + (res.expectations().isEmpty()
            ? "no expectations"
            : failed == 0
                ? "all " + res.expectations().size() + " expectations hold"
                : failed + " of " + res.expectations().size() + " expectations FAIL")
        + "  ·  "
        + r.hops().size()
        + " frames on the wire, "
        + r.flows().size()
        + " flows"
        + (drops.isEmpty() ? "" : ", drops " + drops)
        + (r.injected().isEmpty() ? "" : "  ·  " + r.injected().size() + " injected")
        + (r.warnings().isEmpty() ? "" : "  ·  " + r.warnings().size() + " warnings");
  }

  private void setControlsEnabled(boolean b) {
    for (var c : List.of(play, next, back, start, inject)) {
      c.setDisable(!b);
    }
  }

  // ------------------------------------------------------------------ time

  private void pulse(long now) {
    long dt = lastPulse == 0 ? 0 : now - lastPulse;
    lastPulse = now;
    if (playhead == null || !playhead.isPlaying()) {
      return;
    }
    playhead.advance(dt);
    if (!playhead.isPlaying()) {
      play.setText("▶ Play");
    }
    refreshTime(false);
  }

  private void refreshTime(boolean force) {
    if (playhead == null) {
      return;
    }
    long t = playhead.time();
    topology.showTime(t);
    timeline.setTime(t);
    clock.setText("t = " + Times.precise(t));
    long now = System.nanoTime();
    boolean playing = playhead.isPlaying();
    if (force || !playing || now - lastFlowRefresh > FLOW_REFRESH_NANOS) {
      flows.setTime(t);
      lastFlowRefresh = now;
    }
    if (force || !playing || now - lastStateRefresh > STATE_REFRESH_NANOS) {
      requestState(t);
      lastStateRefresh = now;
    }
  }

  /** Moves to simulated time {@code t}. */
  public void seek(long t) {
    if (playhead != null) {
      playhead.seek(t);
      refreshTime(true);
    }
  }

  /** Moves to the next event. */
  public void stepNext() {
    if (playhead != null) {
      playhead.pause();
      play.setText("▶ Play");
      playhead.stepNext();
      refreshTime(true);
    }
  }

  /** Moves to the previous event. */
  public void stepBack() {
    if (playhead != null) {
      playhead.pause();
      play.setText("▶ Play");
      playhead.stepBack();
      refreshTime(true);
    }
  }

  /** Plays or pauses. */
  public void togglePlay() {
    if (playhead == null) {
      return;
    }
    if (playhead.isPlaying()) {
      playhead.pause();
      play.setText("▶ Play");
      refreshTime(true);
    } else {
      playhead.play();
      play.setText("⏸ Pause");
    }
  }

  // ------------------------------------------------------------------ state at time

  private void requestState(long t) {
    pendingProbe = t;
    if (!probing) {
      probeNext();
    }
  }

  private void probeNext() {
    if (pendingProbe < 0 || recording == null) {
      probing = false;
      return;
    }
    long t = pendingProbe;
    pendingProbe = -1;
    probing = true;
    Scenario s = recording.scenario();
    long gen = generation;
    prober.run(
        () -> StateProbe.at(s, t),
        st -> {
          if (gen == generation) {
            state = st;
            egress.show(st, selectedNode);
            gateway.show(st, selectedNode != null ? selectedNode : firstGateway());
          }
          probeNext();
        },
        e -> {
          status.setText("reading the state at " + Times.precise(t) + " failed: " + e);
          probeNext();
        });
  }

  private String firstGateway() {
    List<String> g = recording == null ? List.of() : recording.gatewaysEver();
    return g.isEmpty() ? null : g.get(0);
  }

  // ------------------------------------------------------------------ selection

  private void selectNode(String n) {
    selectedNode = n;
    topology.setSelectedNode(n);
    egress.selectNode(n);
    gateway.selectNode(n);
  }

  private void selectFlow(FlowRecord f) {
    if (f.tag() != 0) {
      selectTag(f.tag());
    }
  }

  private void selectTag(long tag) {
    selectedTag = tag;
    topology.setSelectedTag(tag);
    Connection c = recording.connection(tag);
    List<TraceStep> trace = ConnectionTrace.of(recording, tag);
    explain.show(c, outcome(trace), trace);
    tabs.getSelectionModel().select(3);
    if (c == null) {
      explain.showDecision(List.of("No connection is recorded for this flow."));
      return;
    }
    ExplainRequest req = c.explainRequest();
    if (req == null) {
      explain.showDecision(List.of("This connection did not come from a pod; nothing to explain."));
      return;
    }
    Scenario s = recording.scenario();
    prober.run(
        () -> ExplanationText.render(Explainer.explain(s, req)),
        text -> {
          if (selectedTag == tag) {
            explain.showDecision(List.of(text.stripTrailing()));
          }
        },
        e -> explain.showDecision(List.of("egret explain failed: " + e)));
  }

  /** What became of a connection, from its trace: drops and losses, or none. */
  static String outcome(List<TraceStep> trace) {
    Map<String, Integer> n = new TreeMap<>();
    for (TraceStep s : trace) {
      if (s.kind() == TraceStep.Kind.DROP) {
        n.merge(s.what(), 1, Integer::sum);
      } else if (s.kind() == TraceStep.Kind.LOST) {
        n.merge("LOST (" + s.detail() + ")", 1, Integer::sum);
      }
    }
    if (n.isEmpty()) {
      return "no drop, no loss";
    }
    StringBuilder sb = new StringBuilder();
    n.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(" ×").append(v));
    return sb.toString();
  }

  // ------------------------------------------------------------------ injection

  private interface DialogFactory {
    Optional<Action> show(javafx.stage.Window owner, dev.egret.gui.model.TopologyFrame f, long t);
  }

  private void injectWith(DialogFactory d) {
    if (recording == null) {
      return;
    }
    pause();
    long t = playhead.time();
    d.show(stage, recording.frameAt(t), t).ifPresent(this::inject);
  }

  /** Pauses playback. */
  public void pause() {
    if (playhead != null && playhead.isPlaying()) {
      togglePlay();
    }
  }

  /**
   * Adds {@code a} to the run at the current time and replays it ("while paused": playback is
   * paused first).
   */
  public void inject(Action a) {
    if (recording == null) {
      return;
    }
    pause();
    injected.add(Injection.item(base, injected, playhead.time(), a));
    record(playhead.time());
  }

  /** Removes every injected event and replays. */
  public void clearInjected() {
    if (!injected.isEmpty()) {
      injected.clear();
      record(playhead == null ? 0 : playhead.time());
    }
  }

  // ------------------------------------------------------------------ for tests and embedding

  public Stage stage() {
    return stage;
  }

  public Recording recording() {
    return recording;
  }

  public Playhead playhead() {
    return playhead;
  }

  public TopologyView topology() {
    return topology;
  }

  public TimelineBar timeline() {
    return timeline;
  }

  public FlowTable flows() {
    return flows;
  }

  public EgressMapPanel egressPanel() {
    return egress;
  }

  public GatewayStatePanel gatewayPanel() {
    return gateway;
  }

  public SnatCharts charts() {
    return charts;
  }

  public ExplainPanel explainPanel() {
    return explain;
  }

  /**
   * Shows the panel tab {@code index} (0 egress map, 1 SNAT and conntrack, 2 charts, 3 explain).
   */
  public void showTab(int index) {
    tabs.getSelectionModel().select(index);
  }

  /** The state the panels show (null until read). */
  public TimeState state() {
    return state;
  }

  /** Whether a run is being recorded. */
  public ReadOnlyBooleanProperty busyProperty() {
    return busy.getReadOnlyProperty();
  }

  /** Whether the panels' state is being read. */
  public boolean probing() {
    return probing || pendingProbe >= 0;
  }
}
