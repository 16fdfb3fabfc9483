package dev.egret.gui.panel;

import java.util.List;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

/** A table of text rows with named columns (egress lists, SNAT and conntrack entries). */
final class TextTableView extends TableView<List<String>> {
  TextTableView(String placeholder) {
    setPlaceholder(new Label(placeholder));
    setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
    setStyle("-fx-font-family: 'DejaVu Sans Mono'; -fx-font-size: 11.5px;");
  }

  /** Shows {@code rows} under {@code header}, with column widths guessed from the header. */
  void show(List<String> header, List<List<String>> rows) {
    show(header, rows, null);
  }

  /** Shows {@code rows} under {@code header}; {@code widths} (pixels) when given. */
  void show(List<String> header, List<List<String>> rows, double[] widths) {
    if (!sameHeader(header)) {
      getColumns().clear();
      for (int i = 0; i < header.size(); i++) {
        int col = i;
        TableColumn<List<String>, String> c = new TableColumn<>(header.get(i));
        c.setSortable(false);
        c.setPrefWidth(
            widths != null && i < widths.length
                ? widths[i]
                : Math.max(70, 9 * header.get(i).length() + 30));
        c.setCellValueFactory(
            r -> new ReadOnlyStringWrapper(col < r.getValue().size() ? r.getValue().get(col) : ""));
        getColumns().add(c);
      }
    }
    setItems(FXCollections.observableArrayList(rows));
  }

  private boolean sameHeader(List<String> header) {
    if (getColumns().size() != header.size()) {
      return false;
    }
    for (int i = 0; i < header.size(); i++) {
      if (!getColumns().get(i).getText().equals(header.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** The rows shown. */
  List<List<String>> rows() {
    return getItems();
  }
}
