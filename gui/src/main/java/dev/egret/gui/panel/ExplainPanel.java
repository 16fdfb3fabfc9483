package dev.egret.gui.panel;

import dev.egret.gui.model.Connection;
import dev.egret.gui.model.Times;
import dev.egret.gui.model.TraceStep;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The decision trace of the selected connection: what the control plane had written into the source
 * node's egress map for its packets (policy, selector, CIDR, gateway, egress IP), then every step
 * the run recorded for it, hop by hop (monitor events with addresses before and after SNAT, frames
 * on the wire, drops and losses).
 */
public final class ExplainPanel extends VBox {
  private static final double[] STEP_WIDTHS = {105, 110, 150, 760};

  private final Label title = new Label("Select a flow to see its connection's trace.");
  private final TextArea decision = new TextArea();
  private final TextTableView steps = new TextTableView("no connection selected");

  public ExplainPanel() {
    super(6);
    setPadding(new Insets(8));
    title.setWrapText(true);
    title.setStyle("-fx-font-weight: bold;");
    decision.setEditable(false);
    decision.setWrapText(false);
    decision.setPrefRowCount(16);
    decision.setId("explain-decision");
    decision.setStyle("-fx-font-family: 'DejaVu Sans Mono'; -fx-font-size: 11.5px;");
    steps.setId("explain-steps");
    VBox.setVgrow(steps, Priority.ALWAYS);
    VBox.setVgrow(decision, Priority.ALWAYS);
    Label recorded = new Label("Recorded steps of this connection");
    recorded.setStyle("-fx-font-weight: bold;");
    getChildren().addAll(title, decision, recorded, steps);
  }

  /** Shows the trace of connection {@code c} ({@code verdict}: its result, or null). */
  public void show(Connection c, String verdict, List<TraceStep> trace) {
    title.setText(
        (c == null ? "connection" : c.describe()) + (verdict == null ? "" : "   " + verdict));
    decision.setText("running egret explain…");
    List<List<String>> rows = new ArrayList<>();
    for (TraceStep s : trace) {
      rows.add(List.of(Times.precise(s.time()), s.where(), s.what(), s.detail()));
    }
    steps.show(List.of("time", "where", "what", "detail"), rows, STEP_WIDTHS);
  }

  /** Shows the {@code egret explain} text for the connection. */
  public void showDecision(List<String> lines) {
    decision.setText(String.join("\n", lines));
  }

  /** Clears the panel. */
  public void clear() {
    title.setText("Select a flow to see its connection's trace.");
    decision.setText("");
    steps.show(List.of("time", "where", "what", "detail"), List.of(), STEP_WIDTHS);
  }

  /** The trace rows shown. */
  public List<List<String>> stepRows() {
    return steps.rows();
  }

  /** The decision text shown. */
  public String decisionText() {
    return decision.getText();
  }
}
