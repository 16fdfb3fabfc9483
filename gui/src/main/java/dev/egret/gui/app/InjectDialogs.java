package dev.egret.gui.app;

import dev.egret.gui.model.Injection;
import dev.egret.gui.model.NodeState;
import dev.egret.gui.model.PodState;
import dev.egret.gui.model.Times;
import dev.egret.gui.model.TopologyFrame;
import dev.egret.scenarios.model.Action;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.event.ActionEvent;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

/**
 * The dialogs that build an event to inject at the paused time: {@code nodeDown}, {@code nodeUp},
 * {@code reschedule} and {@code label}, offering the nodes and pods of that moment.
 */
final class InjectDialogs {
  private InjectDialogs() {}

  static Optional<Action> nodeDown(Window owner, TopologyFrame f, long t) {
    List<String> up = new ArrayList<>();
    for (NodeState n : f.nodes()) {
      if (n.up()) {
        up.add(n.name());
      }
    }
    ComboBox<String> node = combo(up);
    return show(
        owner,
        "nodeDown at " + Times.precise(t),
        grid("node", node),
        () -> {
          return node.getValue() == null ? null : Injection.nodeDown(node.getValue());
        });
  }

  static Optional<Action> nodeUp(Window owner, TopologyFrame f, long t) {
    List<String> down = new ArrayList<>();
    for (NodeState n : f.nodes()) {
      if (!n.up()) {
        down.add(n.name());
      }
    }
    ComboBox<String> node = combo(down);
    return show(
        owner,
        "nodeUp at " + Times.precise(t),
        grid("node", node),
        () -> {
          return node.getValue() == null ? null : Injection.nodeUp(node.getValue());
        });
  }

  static Optional<Action> reschedule(Window owner, TopologyFrame f, long t) {
    ComboBox<String> pod = combo(pods(f));
    ComboBox<String> node = combo(f.nodes().stream().map(NodeState::name).toList());
    return show(
        owner,
        "reschedule at " + Times.precise(t),
        grid("pod", pod, "to node", node),
        () -> {
          if (pod.getValue() == null || node.getValue() == null) {
            return null;
          }
          return Injection.reschedule(pod.getValue(), node.getValue());
        });
  }

  static Optional<Action> label(Window owner, TopologyFrame f, long t) {
    List<String> targets = new ArrayList<>();
    for (NodeState n : f.nodes()) {
      targets.add("node " + n.name());
    }
    for (String p : pods(f)) {
      targets.add("pod " + p);
    }
    ComboBox<String> target = combo(targets);
    TextField set = new TextField();
    set.setPromptText("key=value,key2=value2");
    TextField remove = new TextField();
    remove.setPromptText("key,key2");
    return show(
        owner,
        "label at " + Times.precise(t),
        grid("node or pod", target, "set", set, "remove", remove),
        () -> {
          if (target.getValue() == null) {
            return null;
          }
          Map<String, String> s = parseSet(set.getText());
          List<String> r = parseList(remove.getText());
          if (s.isEmpty() && r.isEmpty()) {
            return null;
          }
          String v = target.getValue();
          String name = v.substring(v.indexOf(' ') + 1);
          return v.startsWith("node ")
              ? Injection.labelNode(name, s, r)
              : Injection.labelPod(name, s, r);
        });
  }

  /** {@code a=1, b=2} → {a: 1, b: 2}; throws on an item without {@code =}. */
  static Map<String, String> parseSet(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String item : parseList(text)) {
      int eq = item.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("\"" + item + "\" is not key=value");
      }
      out.put(item.substring(0, eq).trim(), item.substring(eq + 1).trim());
    }
    return out;
  }

  static List<String> parseList(String text) {
    List<String> out = new ArrayList<>();
    for (String s : text == null ? new String[0] : text.split(",")) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    return out;
  }

  private static List<String> pods(TopologyFrame f) {
    List<String> out = new ArrayList<>();
    for (NodeState n : f.nodes()) {
      for (PodState p : n.pods()) {
        out.add(p.key());
      }
    }
    out.sort(null);
    return out;
  }

  private static ComboBox<String> combo(List<String> items) {
    ComboBox<String> c = new ComboBox<>();
    c.getItems().setAll(items);
    if (!items.isEmpty()) {
      c.setValue(items.get(0));
    }
    c.setPrefWidth(260);
    return c;
  }

  private static GridPane grid(Object... labelsAndFields) {
    GridPane g = new GridPane();
    g.setHgap(8);
    g.setVgap(8);
    for (int i = 0; i < labelsAndFields.length; i += 2) {
      g.add(new Label((String) labelsAndFields[i]), 0, i / 2);
      g.add((javafx.scene.Node) labelsAndFields[i + 1], 1, i / 2);
    }
    return g;
  }

  private static Optional<Action> show(
      Window owner, String title, GridPane content, java.util.function.Supplier<Action> build) {
    Dialog<Action> d = new Dialog<>();
    d.initOwner(owner);
    d.setTitle("Inject an event");
    d.setHeaderText(title + " (the run is replayed with it)");
    Label error = new Label();
    error.setStyle("-fx-text-fill: #c62828;");
    content.add(error, 0, content.getRowCount(), 2, 1);
    d.getDialogPane().setContent(content);
    d.getDialogPane().getButtonTypes().setAll(ButtonType.OK, ButtonType.CANCEL);
    Action[] built = new Action[1];
    Button ok = (Button) d.getDialogPane().lookupButton(ButtonType.OK);
    ok.addEventFilter(
        ActionEvent.ACTION,
        e -> {
          try {
            built[0] = build.get();
            if (built[0] == null) {
              error.setText("fill in every field");
              e.consume();
            }
          } catch (IllegalArgumentException ex) {
            error.setText(ex.getMessage());
            e.consume();
          }
        });
    d.setResultConverter(b -> b == ButtonType.OK ? built[0] : null);
    return d.showAndWait();
  }
}
