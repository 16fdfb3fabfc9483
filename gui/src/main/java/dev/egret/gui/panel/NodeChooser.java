package dev.egret.gui.panel;

import java.util.List;
import java.util.Objects;
import javafx.scene.control.ComboBox;

/** A node picker that keeps its choice when the node list is refreshed. */
final class NodeChooser extends ComboBox<String> {
  NodeChooser() {
    setPromptText("node");
  }

  /** Offers {@code nodes}; keeps the current node if still there, else picks {@code fallback}. */
  void offer(List<String> nodes, String fallback) {
    String keep = getValue();
    if (!Objects.equals(getItems(), nodes)) {
      getItems().setAll(nodes);
    }
    if (keep != null && nodes.contains(keep)) {
      setValue(keep);
    } else if (fallback != null && nodes.contains(fallback)) {
      setValue(fallback);
    } else if (!nodes.isEmpty()) {
      setValue(nodes.get(0));
    }
  }
}
