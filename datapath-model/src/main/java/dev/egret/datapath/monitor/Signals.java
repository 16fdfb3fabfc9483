package dev.egret.datapath.monitor;

/**
 * The datapath-to-agent signals of bpf/lib/signal.h ({@code cilium_signals}): the datapath asks the
 * agent to run conntrack GC early when CT insertions fail ({@code SIGNAL_CT_FILL_UP}) or when SNAT
 * needed more than {@code SNAT_SIGNAL_THRES} retries ({@code SIGNAL_NAT_FILL_UP}). Counted here and
 * forwarded to an optional listener (the simulator's agent model), allocation-free.
 */
public final class Signals {
  /** {@code SIGNAL_NAT_FILL_UP}. */
  public static final int SIGNAL_NAT_FILL_UP = 0;

  /** {@code SIGNAL_CT_FILL_UP}. */
  public static final int SIGNAL_CT_FILL_UP = 1;

  /** {@code SIGNAL_PROTO_V4}. */
  public static final int SIGNAL_PROTO_V4 = 0;

  /** Receives signals on the packet path; schedule work, do not process packets re-entrantly. */
  @FunctionalInterface
  public interface Listener {
    void onSignal(int signal, int proto, long nowNanos);
  }

  private Listener listener;
  private long natFillUp;
  private long ctFillUp;

  public void setListener(Listener l) {
    this.listener = l;
  }

  /** {@code send_signal_nat_fill_up} / {@code send_signal_ct_fill_up}. */
  public void send(int signal, int proto, long nowNanos) {
    if (signal == SIGNAL_NAT_FILL_UP) {
      natFillUp++;
    } else {
      ctFillUp++;
    }
    Listener l = listener;
    if (l != null) {
      l.onSignal(signal, proto, nowNanos);
    }
  }

  public long natFillUpCount() {
    return natFillUp;
  }

  public long ctFillUpCount() {
    return ctFillUp;
  }
}
