package dev.egret.gui.panel;

import dev.egret.gui.model.TimeState;
import dev.egret.gui.model.Times;
import dev.egret.topology.egresslist.EgressList;
import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The selected node's egress policy map at the current time, as {@code cilium-dbg bpf egress list}
 * prints it on that node (the same text as {@code egret egress-list --node N --at T}), split into
 * its columns.
 */
public final class EgressMapPanel extends VBox {
  private final NodeChooser node = new NodeChooser();
  private final Label at = new Label();
  private final Label note = new Label();
  private final TextTableView table = new TextTableView("no entries");
  private TimeState state;

  public EgressMapPanel() {
    super(6);
    setPadding(new Insets(8));
    node.setId("egress-node");
    table.setId("egress-table");
    HBox top = new HBox(8, new Label("cilium-dbg bpf egress list on"), node, at);
    top.setAlignment(Pos.CENTER_LEFT);
    note.setWrapText(true);
    note.setStyle("-fx-text-fill: #5f6b7a;");
    VBox.setVgrow(table, Priority.ALWAYS);
    getChildren().addAll(top, table, note);
    node.valueProperty().addListener((o, a, b) -> render());
  }

  /** Shows the maps of {@code s}, on {@code preferred} when given. */
  public void show(TimeState s, String preferred) {
    state = s;
    node.offer(s.nodes(), preferred);
    if (preferred != null && s.nodes().contains(preferred)) {
      node.setValue(preferred);
    }
    render();
  }

  /** Selects the node whose map is shown. */
  public void selectNode(String n) {
    if (node.getItems().contains(n)) {
      node.setValue(n);
    }
  }

  public String node() {
    return node.getValue();
  }

  /** The rows shown, cell by cell. */
  public List<List<String>> rows() {
    return table.rows();
  }

  /** The column names shown. */
  public List<String> header() {
    return table.getColumns().stream().map(c -> c.getText()).toList();
  }

  private void render() {
    if (state == null || node.getValue() == null) {
      return;
    }
    EgressList l = state.egressLists().get(node.getValue());
    at.setText("at t = " + Times.precise(state.time()));
    if (l == null) {
      table.show(List.of(), List.of());
      note.setText("");
      return;
    }
    table.show(EgressListTable.header(l.stdout()), EgressListTable.rows(l.stdout()));
    note.setText(l.stderr().strip());
  }
}
