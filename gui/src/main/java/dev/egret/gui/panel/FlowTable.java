package dev.egret.gui.panel;

import dev.egret.datapath.monitor.DropReason;
import dev.egret.gui.model.Recording;
import dev.egret.gui.model.TimeIndex;
import dev.egret.gui.model.Times;
import dev.egret.scenarios.output.FlowFilter;
import dev.egret.scenarios.output.HubbleCompactPrinter;
import dev.egret.scenarios.record.FlowRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The flows of the run as {@code hubble observe} lists them, one row per monitor event, with
 * filters like its flags: pod ({@code --pod}, a name prefix, {@code namespace/} allowed), node
 * ({@code --node-name}), verdict and drop reason. By default only flows up to the current time are
 * listed, the newest last (as {@code hubble observe --follow} would have shown them so far).
 * Selecting a row selects its connection.
 */
public final class FlowTable extends VBox {
  static final String ANY = "any";
  private static final int STAMP_LENGTH = "Jan  1 00:00:02.000: ".length();

  private final TextField pod = new TextField();
  private final ComboBox<String> node = new ComboBox<>();
  private final ComboBox<String> verdict = new ComboBox<>();
  private final ComboBox<String> reason = new ComboBox<>();
  private final CheckBox upToNow = new CheckBox("up to now");
  private final Label count = new Label();
  private final Label error = new Label();
  private final TableView<FlowRecord> table = new TableView<>();
  private final HubbleCompactPrinter printer = new HubbleCompactPrinter();
  private Recording recording;
  private List<FlowRecord> matching = List.of();
  private long[] matchingTimes = new long[0];
  private long time;
  private int shown = -1;
  private Consumer<FlowRecord> onSelect = f -> {};

  public FlowTable() {
    super(4);
    setPadding(new Insets(4));
    getStyleClass().add("flow-table");
    pod.setPromptText("pod: default/my-app");
    pod.setPrefColumnCount(14);
    pod.setId("flow-filter-pod");
    node.setId("flow-filter-node");
    verdict.setId("flow-filter-verdict");
    reason.setId("flow-filter-reason");
    verdict.getItems().setAll(ANY, "FORWARDED", "DROPPED");
    verdict.setValue(ANY);
    node.setValue(ANY);
    reason.setValue(ANY);
    upToNow.setSelected(true);
    error.setStyle("-fx-text-fill: #c62828;");
    HBox filters =
        new HBox(
            8,
            new Label("Flows"),
            pod,
            new Label("node"),
            node,
            new Label("verdict"),
            verdict,
            new Label("reason"),
            reason,
            upToNow,
            count,
            error);
    filters.setAlignment(Pos.CENTER_LEFT);
    pod.textProperty().addListener((o, a, b) -> refilter());
    node.valueProperty().addListener((o, a, b) -> refilter());
    verdict.valueProperty().addListener((o, a, b) -> refilter());
    reason.valueProperty().addListener((o, a, b) -> refilter());
    upToNow.selectedProperty().addListener((o, a, b) -> showUpTo(true));

    TableColumn<FlowRecord, String> t = column("time", 110);
    t.setCellValueFactory(c -> new ReadOnlyStringWrapper(Times.precise(c.getValue().timeNanos())));
    TableColumn<FlowRecord, String> n = column("node", 110);
    n.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().node()));
    TableColumn<FlowRecord, FlowRecord> v = new TableColumn<>("verdict");
    v.setPrefWidth(90);
    v.setSortable(false);
    v.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
    v.setCellFactory(c -> new VerdictCell());
    TableColumn<FlowRecord, String> line = column("flow (hubble observe)", 820);
    line.setCellValueFactory(c -> new ReadOnlyStringWrapper(hubble(c.getValue())));
    table.getColumns().setAll(List.of(t, n, v, line));
    table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
    table.setPlaceholder(new Label("no flows"));
    table.setId("flow-table");
    table.setStyle("-fx-font-family: 'DejaVu Sans Mono'; -fx-font-size: 11.5px;");
    table
        .getSelectionModel()
        .selectedItemProperty()
        .addListener(
            (o, a, b) -> {
              if (b != null) {
                onSelect.accept(b);
              }
            });
    VBox.setVgrow(table, Priority.ALWAYS);
    getChildren().addAll(filters, table);
  }

  private static TableColumn<FlowRecord, String> column(String name, double width) {
    TableColumn<FlowRecord, String> c = new TableColumn<>(name);
    c.setPrefWidth(width);
    c.setSortable(false);
    return c;
  }

  /** The compact line without its time stamp (the time has its own column). */
  private String hubble(FlowRecord r) {
    String s = printer.format(r);
    return s.length() > STAMP_LENGTH ? s.substring(STAMP_LENGTH) : s;
  }

  /** Called with the flow the user selects. */
  public void setOnSelect(Consumer<FlowRecord> c) {
    onSelect = c == null ? f -> {} : c;
  }

  /** Lists the flows of {@code r}. */
  public void setRecording(Recording r) {
    recording = r;
    List<String> nodes = new ArrayList<>();
    nodes.add(ANY);
    nodes.addAll(r.nodeNames());
    String keepNode = node.getValue();
    node.getItems().setAll(nodes);
    node.setValue(nodes.contains(keepNode) ? keepNode : ANY);
    TreeSet<String> reasons = new TreeSet<>();
    for (FlowRecord f : r.flows()) {
      if (f.isDrop() && f.dropReason() != null) {
        reasons.add(f.dropReason().hubbleName());
      }
    }
    String keepReason = reason.getValue();
    reason.getItems().setAll(ANY);
    reason.getItems().addAll(reasons);
    reason.setValue(reason.getItems().contains(keepReason) ? keepReason : ANY);
    refilter();
  }

  /** Lists flows up to {@code t} (when "up to now" is on). */
  public void setTime(long t) {
    time = t;
    showUpTo(false);
  }

  /** Sets the pod filter ({@code namespace/name-prefix}). */
  public void filterPod(String s) {
    pod.setText(s);
  }

  /** Sets the node filter (null: any). */
  public void filterNode(String n) {
    node.setValue(n == null ? ANY : n);
  }

  /** Sets the verdict filter (null: any). */
  public void filterVerdict(String v) {
    verdict.setValue(v == null ? ANY : v);
  }

  /** Sets the drop reason filter (null: any). */
  public void filterReason(String r) {
    if (r != null && !reason.getItems().contains(r)) {
      reason.getItems().add(r);
    }
    reason.setValue(r == null ? ANY : r);
  }

  /** Whether only flows up to the current time are listed. */
  public void setUpToNow(boolean b) {
    upToNow.setSelected(b);
  }

  /** The flows listed now. */
  public List<FlowRecord> rows() {
    return table.getItems();
  }

  /** Selects the listed flow {@code r}. */
  public void select(FlowRecord r) {
    table.getSelectionModel().select(r);
    table.scrollTo(r);
  }

  /** The filter the controls describe; throws with a message when one is invalid. */
  FlowFilter filter() {
    FlowFilter f = FlowFilter.ALL;
    if (!pod.getText().isBlank()) {
      f = f.withPod(pod.getText());
    }
    if (node.getValue() != null && !ANY.equals(node.getValue())) {
      f = f.withNode(node.getValue());
    }
    if (verdict.getValue() != null && !ANY.equals(verdict.getValue())) {
      f = f.withVerdict(verdict.getValue());
    }
    if (reason.getValue() != null && !ANY.equals(reason.getValue())) {
      f = f.withDropReason(reason.getValue());
    }
    return f;
  }

  private void refilter() {
    if (recording == null) {
      return;
    }
    FlowFilter f;
    try {
      f = filter();
      error.setText("");
    } catch (IllegalArgumentException e) {
      error.setText(e.getMessage());
      return;
    }
    List<FlowRecord> m = new ArrayList<>();
    for (FlowRecord r : recording.flows()) {
      if (f.test(r)) {
        m.add(r);
      }
    }
    matching = m;
    matchingTimes = m.stream().mapToLong(FlowRecord::timeNanos).toArray();
    showUpTo(true);
  }

  private void showUpTo(boolean force) {
    int n = upToNow.isSelected() ? TimeIndex.countAtOrBefore(matchingTimes, time) : matching.size();
    if (n == shown && !force) {
      return;
    }
    shown = n;
    FlowRecord selected = table.getSelectionModel().getSelectedItem();
    table.setItems(FXCollections.observableList(matching.subList(0, n)));
    count.setText(n + (n == matching.size() ? "" : " of " + matching.size()) + " flows");
    if (selected != null && table.getItems().contains(selected)) {
      table.getSelectionModel().select(selected);
    } else if (n > 0 && upToNow.isSelected()) {
      table.scrollTo(n - 1);
    }
  }

  /** The verdict in colour: FORWARDED green, DROPPED red with the reason. */
  private static final class VerdictCell extends TableCell<FlowRecord, FlowRecord> {
    @Override
    protected void updateItem(FlowRecord r, boolean empty) {
      super.updateItem(r, empty);
      if (empty || r == null) {
        setText(null);
        setStyle("");
        return;
      }
      if (r.isDrop()) {
        DropReason d = r.dropReason();
        setText("DROPPED");
        setStyle("-fx-text-fill: #c62828; -fx-font-weight: bold;");
        setTooltip(new javafx.scene.control.Tooltip(d == null ? "" : d.hubbleName()));
      } else {
        setText("FORWARDED");
        setStyle("-fx-text-fill: #2e7d32;");
        setTooltip(null);
      }
    }
  }
}
