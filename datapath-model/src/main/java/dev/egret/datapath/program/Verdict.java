package dev.egret.datapath.program;

import dev.egret.datapath.monitor.DropReason;

/**
 * A program's verdict as one {@code int}, without allocation:
 *
 * <ul>
 *   <li>{@link #OK} (0): {@code CTX_ACT_OK} — TC_ACT_OK / XDP_PASS: the packet continues (to the
 *       stack, or on the device it was on);
 *   <li>{@link #redirect(int)}: {@code CTX_ACT_REDIRECT} after {@code ctx_redirect(ifindex)} — the
 *       packet goes out of (or into, for an lxc) that interface;
 *   <li>negative: {@code CTX_ACT_DROP} with a Cilium drop reason ({@code -DropReason.code()}).
 * </ul>
 */
public final class Verdict {
  /** {@code CTX_ACT_OK}. */
  public static final int OK = 0;

  private static final int REDIRECT_FLAG = 1 << 30;
  private static final int IFINDEX_MASK = REDIRECT_FLAG - 1;

  private Verdict() {}

  /** {@code CTX_ACT_REDIRECT} to {@code ifindex} (0 ≤ ifindex < 2^30). */
  public static int redirect(int ifindex) {
    return REDIRECT_FLAG | (ifindex & IFINDEX_MASK);
  }

  /** A drop with {@code reason}. */
  public static int drop(DropReason reason) {
    return -reason.code();
  }

  public static boolean isOk(int v) {
    return v == OK;
  }

  public static boolean isRedirect(int v) {
    return v > 0 && (v & REDIRECT_FLAG) != 0;
  }

  public static boolean isDrop(int v) {
    return v < 0;
  }

  /** The redirect target of a redirect verdict. */
  public static int ifindex(int v) {
    if (!isRedirect(v)) {
      throw new IllegalArgumentException("not a redirect verdict: " + toString(v));
    }
    return v & IFINDEX_MASK;
  }

  /** The drop reason of a drop verdict. */
  public static DropReason dropReason(int v) {
    if (!isDrop(v)) {
      throw new IllegalArgumentException("not a drop verdict: " + toString(v));
    }
    return DropReason.of(-v);
  }

  /** E.g. {@code OK}, {@code REDIRECT(42)}, {@code DROP(194 NO_EGRESS_GATEWAY)}. */
  public static String toString(int v) {
    if (isOk(v)) {
      return "OK";
    }
    if (isRedirect(v)) {
      return "REDIRECT(" + (v & IFINDEX_MASK) + ")";
    }
    if (isDrop(v)) {
      return "DROP(" + (-v) + " " + DropReason.of(-v).hubbleName() + ")";
    }
    return "UNKNOWN(" + v + ")";
  }
}
