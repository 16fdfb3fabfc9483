package dev.egret.gui.view;

/**
 * How long things stay on the topology view after they happen, in simulated time: tunnels after
 * their last frame, drop and loss marks, SNAT callouts, and the banner of the last action.
 */
public final class ViewWindows {
  /** A tunnel is drawn while its frames are on the wire and this long after the last one. */
  public static final long TUNNEL = 1_000_000_000L;

  /** Drops, losses and SNAT callouts stay this long. */
  public static final long MARKS = 1_000_000_000L;

  /** The last actions are named on the view; those younger than this in bold. */
  public static final long BANNER = 3_000_000_000L;

  private ViewWindows() {}
}
