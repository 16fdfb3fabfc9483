package dev.egret.gui.panel;

import dev.egret.gui.model.CtRow;
import dev.egret.gui.model.NatRow;
import dev.egret.gui.model.TimeState;
import dev.egret.gui.model.Times;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The selected gateway's SNAT map ({@code cilium-dbg bpf nat list}) and conntrack entries ({@code
 * cilium-dbg bpf ct list global}) at the current time.
 */
public final class GatewayStatePanel extends VBox {
  static final List<String> NAT_HEADER =
      List.of("proto", "dir", "from", "to", "translation", "created", "needs CT");
  static final List<String> CT_HEADER =
      List.of("proto", "dir", "from", "to", "expires in", "packets", "bytes", "flags", "src ID");

  private static final double[] NAT_WIDTHS = {55, 45, 170, 170, 220, 80, 70};
  private static final double[] CT_WIDTHS = {55, 45, 170, 170, 80, 65, 65, 190, 60};

  private final NodeChooser node = new NodeChooser();
  private final Label at = new Label();
  private final Label natTitle = new Label();
  private final Label ctTitle = new Label();
  private final TextTableView nat = new TextTableView("no SNAT entries");
  private final TextTableView ct = new TextTableView("no conntrack entries");
  private TimeState state;

  public GatewayStatePanel() {
    super(6);
    setPadding(new Insets(8));
    node.setId("gateway-node");
    nat.setId("nat-table");
    ct.setId("ct-table");
    HBox top = new HBox(8, new Label("Node"), node, at);
    top.setAlignment(Pos.CENTER_LEFT);
    natTitle.setStyle("-fx-font-weight: bold;");
    ctTitle.setStyle("-fx-font-weight: bold;");
    VBox.setVgrow(nat, Priority.ALWAYS);
    VBox.setVgrow(ct, Priority.ALWAYS);
    getChildren().addAll(top, natTitle, nat, ctTitle, ct);
    node.valueProperty().addListener((o, a, b) -> render());
  }

  /** Shows the state of {@code s}; picks {@code preferred} (the selected gateway) when given. */
  public void show(TimeState s, String preferred) {
    state = s;
    node.offer(s.nodes(), preferred);
    render();
  }

  /** Selects the node shown. */
  public void selectNode(String n) {
    if (node.getItems().contains(n)) {
      node.setValue(n);
    }
  }

  public String node() {
    return node.getValue();
  }

  /** The SNAT rows shown. */
  public List<List<String>> natRows() {
    return nat.rows();
  }

  /** The conntrack rows shown. */
  public List<List<String>> ctRows() {
    return ct.rows();
  }

  private void render() {
    if (state == null || node.getValue() == null) {
      return;
    }
    String n = node.getValue();
    at.setText("at t = " + Times.precise(state.time()));
    List<List<String>> natRows = new ArrayList<>();
    for (NatRow r : state.nat().getOrDefault(n, List.of())) {
      natRows.add(
          List.of(
              r.proto(),
              r.direction(),
              r.from(),
              r.to(),
              r.xlate(),
              r.age() + "s ago",
              r.needsCt() ? "1" : "0"));
    }
    List<List<String>> ctRows = new ArrayList<>();
    for (CtRow r : state.ct().getOrDefault(n, List.of())) {
      ctRows.add(
          List.of(
              r.proto(),
              r.direction(),
              r.from(),
              r.to(),
              r.expiresIn() + "s",
              Long.toString(r.packets()),
              Long.toString(r.bytes()),
              r.flags(),
              Integer.toString(r.sourceSecurityId())));
    }
    natTitle.setText("SNAT map cilium_snat_v4_external: " + natRows.size() + " entries");
    ctTitle.setText(
        "Conntrack cilium_ct4_global + cilium_ct_any4_global: " + ctRows.size() + " entries");
    nat.show(NAT_HEADER, natRows, NAT_WIDTHS);
    ct.show(CT_HEADER, ctRows, CT_WIDTHS);
  }
}
