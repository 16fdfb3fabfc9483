package dev.egret.gui.panel;

import dev.egret.gui.model.Recording;
import dev.egret.gui.model.SnatSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.geometry.Insets;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.VBox;

/**
 * Per node that did SNAT (gateways first), two charts over the run: the SNAT mappings in use, and
 * the rate of allocation retries and of failed allocations (DROP_NAT_NO_MAPPING) per second.
 */
public final class SnatCharts extends ScrollPane {
  static final double CHART_HEIGHT = 230;
  private static final double NANOS_PER_SECOND = 1e9;

  private final VBox box = new VBox(6);

  public SnatCharts() {
    box.setPadding(new Insets(8));
    setContent(box);
    setFitToWidth(true);
    getStyleClass().add("snat-charts");
  }

  /** Draws the charts of {@code r}. */
  public void setRecording(Recording r) {
    box.getChildren().clear();
    List<String> order = new ArrayList<>(r.gatewaysEver());
    for (String n : r.snat().keySet()) {
      if (!order.contains(n)) {
        order.add(n);
      }
    }
    Map<String, List<SnatSample>> snat = r.snat();
    if (order.isEmpty() || snat.isEmpty()) {
      box.getChildren().add(new Label("No node did SNAT in this run."));
      return;
    }
    for (String n : order) {
      List<SnatSample> samples = snat.get(n);
      if (samples == null) {
        continue;
      }
      boolean gw = r.gatewaysEver().contains(n);
      Label title = new Label(n + (gw ? " (egress gateway)" : ""));
      title.setStyle("-fx-font-weight: bold; -fx-font-size: 13px;");
      box.getChildren().addAll(title, inUse(n, samples), retries(n, samples));
    }
  }

  /** The chart titles shown, for tests. */
  public List<String> chartTitles() {
    List<String> out = new ArrayList<>();
    box.getChildren()
        .forEach(
            c -> {
              if (c instanceof LineChart<?, ?> l) {
                out.add(l.getTitle());
              }
            });
    return out;
  }

  /** The largest y of series {@code series} of the chart titled {@code title}, or -1. */
  public double max(String title, String series) {
    for (var c : box.getChildren()) {
      if (c instanceof LineChart<?, ?> l && title.equals(l.getTitle())) {
        for (XYChart.Series<?, ?> s : l.getData()) {
          if (series.equals(s.getName())) {
            return s.getData().stream()
                .mapToDouble(d -> ((Number) d.getYValue()).doubleValue())
                .max()
                .orElse(-1);
          }
        }
      }
    }
    return -1;
  }

  private static LineChart<Number, Number> chart(String title, String yLabel) {
    NumberAxis x = new NumberAxis();
    x.setLabel("simulated time (s)");
    x.setForceZeroInRange(true);
    NumberAxis y = new NumberAxis();
    y.setLabel(yLabel);
    LineChart<Number, Number> c = new LineChart<>(x, y);
    c.setTitle(title);
    c.setAnimated(false);
    c.setCreateSymbols(false);
    c.setPrefHeight(CHART_HEIGHT);
    c.setMinHeight(CHART_HEIGHT);
    return c;
  }

  private static LineChart<Number, Number> inUse(String node, List<SnatSample> samples) {
    LineChart<Number, Number> c = chart(node + ": SNAT mappings in use", "mappings");
    XYChart.Series<Number, Number> s = new XYChart.Series<>();
    s.setName("in use");
    for (SnatSample p : samples) {
      s.getData().add(new XYChart.Data<>(p.time() / NANOS_PER_SECOND, p.inUse()));
    }
    c.getData().add(s);
    return c;
  }

  private static LineChart<Number, Number> retries(String node, List<SnatSample> samples) {
    LineChart<Number, Number> c =
        chart(node + ": allocation retries and failures per second", "per second");
    XYChart.Series<Number, Number> retries = new XYChart.Series<>();
    retries.setName("retries");
    XYChart.Series<Number, Number> failed = new XYChart.Series<>();
    failed.setName("failed allocations (NO_MAPPING)");
    // A step function: each sample's increase, spread over the time since the previous sample.
    SnatSample prev = null;
    for (SnatSample p : samples) {
      double t = p.time() / NANOS_PER_SECOND;
      if (prev == null || p.time() <= prev.time()) {
        retries.getData().add(new XYChart.Data<>(t, 0));
        failed.getData().add(new XYChart.Data<>(t, 0));
      } else {
        double from = prev.time() / NANOS_PER_SECOND;
        double dt = t - from;
        double r = (p.retries() - prev.retries()) / dt;
        double f = (p.failed() - prev.failed()) / dt;
        retries.getData().add(new XYChart.Data<>(from, r));
        retries.getData().add(new XYChart.Data<>(t, r));
        failed.getData().add(new XYChart.Data<>(from, f));
        failed.getData().add(new XYChart.Data<>(t, f));
      }
      prev = p;
    }
    c.getData().add(retries);
    c.getData().add(failed);
    return c;
  }
}
