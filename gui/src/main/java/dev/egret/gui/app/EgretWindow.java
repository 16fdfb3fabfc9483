package dev.egret.gui.app;

import dev.egret.scenarios.model.Scenario;
import javafx.stage.Stage;

/** Placeholder: the main window. */
final class EgretWindow {
  EgretWindow(Stage stage) {}

  void open(Scenario s, long t) {}
}
