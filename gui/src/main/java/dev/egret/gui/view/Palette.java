package dev.egret.gui.view;

import javafx.scene.paint.Color;

/** The colours of the topology view, named for what they mean. */
public final class Palette {
  public static final Color BACKGROUND = Color.web("#f6f8fb");
  public static final Color TEXT = Color.web("#1f2933");
  public static final Color MUTED_TEXT = Color.web("#5f6b7a");

  public static final Color NODE_FILL = Color.web("#ffffff");
  public static final Color NODE_STROKE = Color.web("#4f6d9a");
  public static final Color NODE_HEADER = Color.web("#dde7f5");

  /** A gateway node's header: the colour that says "this node is an egress gateway". */
  public static final Color GATEWAY_HEADER = Color.web("#ffc46b");

  public static final Color GATEWAY_FILL = Color.web("#fff8ec");
  public static final Color GATEWAY_STROKE = Color.web("#d97a00");
  public static final Color GATEWAY_TEXT = Color.web("#8a4b00");

  public static final Color DOWN_FILL = Color.web("#efefef");
  public static final Color DOWN_HEADER = Color.web("#cfcfcf");
  public static final Color DOWN_STROKE = Color.web("#8d8d8d");

  public static final Color POD_FILL = Color.web("#eef4ff");
  public static final Color POD_STROKE = Color.web("#a9bfe3");

  public static final Color EXTERNAL_FILL = Color.web("#e9f6ec");
  public static final Color EXTERNAL_STROKE = Color.web("#2e7d32");
  public static final Color ROUTER_FILL = Color.web("#e7ebef");
  public static final Color ROUTER_STROKE = Color.web("#455a64");

  public static final Color BUS = Color.web("#90a4ae");
  public static final Color UPLINK = Color.web("#b0bec5");
  public static final Color TUNNEL = Color.web("#7e57c2");

  /** A packet with its pod's own address. */
  public static final Color PACKET = Color.web("#1e6fd9");

  /** A packet whose pod-side address was translated (SNAT or masquerade). */
  public static final Color SNAT = Color.web("#e65100");

  public static final Color DROP = Color.web("#d32f2f");
  public static final Color LOST = Color.web("#616161");
  public static final Color HIGHLIGHT = Color.web("#00acc1");
  public static final Color SELECTED = Color.web("#00838f");

  private Palette() {}
}
