package dev.egret.gui.view;

import dev.egret.gui.model.ActionText;
import dev.egret.gui.model.DropEvent;
import dev.egret.gui.model.Recording;
import dev.egret.gui.model.Times;
import dev.egret.scenarios.model.TimelineItem;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import javafx.scene.Group;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Line;
import javafx.scene.shape.Polygon;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Text;

/**
 * The scrubber over simulated time: a track from 0 to the end of the run with the scenario's
 * timeline items marked above it (traffic in grey, events such as {@code nodeDown} in purple,
 * injected ones outlined), drops (red) and losses (grey) as ticks whose height grows with their
 * count, and the current time as a cursor. Click or drag to move the time. Marks have the style
 * class {@code timeline-mark}, drop ticks {@code timeline-drop}.
 */
public final class TimelineBar extends Region {
  static final double HEIGHT = 86;
  static final double PAD_X = 18;
  static final double TRACK_Y = 50;
  static final double TRACK_H = 8;
  static final double MARK_SIZE = 7;
  static final double LABEL_ROWS = 2;
  static final double LABEL_ROW_H = 14;
  static final double TICK_MAX = 18;
  static final double BUCKET_PX = 3;
  static final double AXIS_TICK_PX = 90;

  private final Group content = new Group();
  private final Group cursor = new Group();
  private final Line cursorLine = new Line();
  private final Circle handle = new Circle(7, Palette.SELECTED);
  private Recording recording;
  private long time;
  private LongConsumer onSeek = t -> {};

  public TimelineBar() {
    getStyleClass().add("timeline-bar");
    setMinHeight(HEIGHT);
    setPrefHeight(HEIGHT);
    setMaxHeight(HEIGHT);
    setStyle(
        "-fx-background-color: #ffffff; -fx-border-color: #d5dbe3; -fx-border-width: 1 0 1 0;");
    cursorLine.setStroke(Palette.SELECTED);
    cursorLine.setStrokeWidth(2);
    handle.setStroke(Color.WHITE);
    handle.setStrokeWidth(2);
    cursor.getChildren().addAll(cursorLine, handle);
    cursor.setMouseTransparent(true);
    getChildren().addAll(content, cursor);
    addEventHandler(MouseEvent.MOUSE_PRESSED, this::seekTo);
    addEventHandler(MouseEvent.MOUSE_DRAGGED, this::seekTo);
  }

  /** Called with the time the user clicked or dragged to. */
  public void setOnSeek(LongConsumer c) {
    onSeek = c == null ? t -> {} : c;
  }

  public void setRecording(Recording r) {
    recording = r;
    requestLayout();
  }

  /** Moves the cursor to {@code t}. */
  public void setTime(long t) {
    time = t;
    placeCursor();
  }

  /** The x of time {@code t} on the track. */
  public double xOf(long t) {
    double w = Math.max(1, getWidth() - 2 * PAD_X);
    long end = recording == null ? 1 : Math.max(1, recording.endNanos());
    return PAD_X + w * Math.max(0, Math.min(1, (double) t / end));
  }

  /** The time at x. */
  long timeAt(double x) {
    double w = Math.max(1, getWidth() - 2 * PAD_X);
    long end = recording == null ? 0 : recording.endNanos();
    return (long) (Math.max(0, Math.min(1, (x - PAD_X) / w)) * end);
  }

  private void seekTo(MouseEvent e) {
    if (recording != null) {
      onSeek.accept(timeAt(e.getX()));
    }
  }

  @Override
  protected void layoutChildren() {
    content.getChildren().clear();
    if (recording != null && getWidth() > 2 * PAD_X) {
      drawAxis();
      drawDrops();
      drawMarks();
    }
    placeCursor();
  }

  private void drawAxis() {
    double w = getWidth() - 2 * PAD_X;
    Rectangle track = new Rectangle(PAD_X, TRACK_Y, w, TRACK_H);
    track.setArcWidth(TRACK_H);
    track.setArcHeight(TRACK_H);
    track.setFill(Color.web("#e3e8ef"));
    content.getChildren().add(track);
    long end = recording.endNanos();
    long step = niceStep(end, w / AXIS_TICK_PX);
    for (long t = 0; t <= end; t += step) {
      double x = xOf(t);
      Line tick = new Line(x, TRACK_Y + TRACK_H, x, TRACK_Y + TRACK_H + 5);
      tick.setStroke(Palette.MUTED_TEXT);
      Text label = new Text(Times.duration(t));
      label.setFont(Fonts.plain(10));
      label.setFill(Palette.MUTED_TEXT);
      label.setX(x - Fonts.width(label) / 2);
      label.setY(TRACK_Y + TRACK_H + 17);
      content.getChildren().addAll(tick, label);
      if (step <= 0) {
        break;
      }
    }
  }

  /** A round step (1, 2 or 5 × 10^k ns) giving about {@code ticks} ticks over {@code end}. */
  static long niceStep(long end, double ticks) {
    double raw = Math.max(1, end / Math.max(1, ticks));
    double mag = Math.pow(10, Math.floor(Math.log10(raw)));
    double n = raw / mag;
    double nice = n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10;
    return Math.max(1, (long) (nice * mag));
  }

  private void drawDrops() {
    double w = getWidth() - 2 * PAD_X;
    int buckets = (int) Math.max(1, w / BUCKET_PX);
    int[] drops = new int[buckets + 1];
    int[] lost = new int[buckets + 1];
    long end = Math.max(1, recording.endNanos());
    for (DropEvent d : recording.drops()) {
      int b = (int) Math.min(buckets, (double) d.time() / end * buckets);
      if (d.lost()) {
        lost[b]++;
      } else {
        drops[b]++;
      }
    }
    for (int b = 0; b <= buckets; b++) {
      double x = PAD_X + b * BUCKET_PX + 1;
      if (drops[b] > 0) {
        content.getChildren().add(tick(x, drops[b], Palette.DROP, "timeline-drop"));
      }
      if (lost[b] > 0) {
        content.getChildren().add(tick(x + 1, lost[b], Palette.LOST, "timeline-lost"));
      }
    }
  }

  private static Line tick(double x, int count, Color c, String styleClass) {
    double h = Math.min(TICK_MAX, 5 + 3 * Math.log(1 + count) / Math.log(2));
    Line l = new Line(x, TRACK_Y + TRACK_H / 2 - h / 2, x, TRACK_Y + TRACK_H / 2 + h / 2);
    l.setStroke(c);
    l.setStrokeWidth(2);
    l.getStyleClass().add(styleClass);
    return l;
  }

  private void drawMarks() {
    List<double[]> rowEnds = new ArrayList<>();
    for (int i = 0; i < LABEL_ROWS; i++) {
      rowEnds.add(new double[] {Double.NEGATIVE_INFINITY});
    }
    long last = -1;
    for (TimelineItem item : recording.actions()) {
      double x = xOf(item.at());
      boolean injected = recording.injected().contains(item);
      boolean traffic = ActionText.isTraffic(item.action());
      Color c = traffic ? Palette.MUTED_TEXT : Palette.TUNNEL;
      Polygon mark =
          new Polygon(
              x - MARK_SIZE,
              TRACK_Y - MARK_SIZE - 2,
              x + MARK_SIZE,
              TRACK_Y - MARK_SIZE - 2,
              x,
              TRACK_Y - 1);
      mark.setFill(injected ? Color.WHITE : c);
      mark.setStroke(c);
      mark.setStrokeWidth(injected ? 2 : 1);
      mark.getStyleClass().add("timeline-mark");
      mark.setUserData(item);
      String text = ActionText.describe(item.action());
      Tooltip.install(
          mark,
          new Tooltip(Times.seconds(item.at()) + "  " + text + (injected ? " (injected)" : "")));
      content.getChildren().add(mark);
      if (item.at() == last) {
        continue;
      }
      last = item.at();
      Text label = new Text(item.action().kind() + (injected ? "*" : ""));
      label.setFont(traffic ? Fonts.plain(10) : Fonts.bold(10));
      label.setFill(c);
      double lw = Fonts.width(label);
      for (int row = 0; row < LABEL_ROWS; row++) {
        double[] endX = rowEnds.get(row);
        if (x - lw / 2 > endX[0] + 4) {
          label.setX(x - lw / 2);
          label.setY(TRACK_Y - MARK_SIZE - 6 - row * LABEL_ROW_H);
          endX[0] = x + lw / 2;
          content.getChildren().add(label);
          break;
        }
      }
    }
  }

  private void placeCursor() {
    double x = xOf(time);
    cursorLine.setStartX(x);
    cursorLine.setEndX(x);
    cursorLine.setStartY(6);
    cursorLine.setEndY(TRACK_Y + TRACK_H + 6);
    handle.setCenterX(x);
    handle.setCenterY(TRACK_Y + TRACK_H / 2);
    cursor.setVisible(recording != null);
  }
}
