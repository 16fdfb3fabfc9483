package dev.egret.datapath;

import dev.egret.datapath.config.DatapathConfig;
import dev.egret.datapath.ct.Conntrack;
import dev.egret.datapath.ct.CtGc;
import dev.egret.datapath.ct.Tuple4;
import dev.egret.datapath.monitor.Metrics;
import dev.egret.datapath.monitor.Monitor;
import dev.egret.datapath.monitor.Signals;
import dev.egret.datapath.monitor.TraceCtx;
import dev.egret.datapath.nat.NatMap4;
import dev.egret.datapath.nat.NatTarget;
import dev.egret.datapath.nat.SnatV4;
import dev.egret.datapath.node.FibResult;
import dev.egret.datapath.tunnel.TunnelDevice;

/**
 * One node's datapath state: its configuration, its BPF maps ({@code cilium_ct4_global}, {@code
 * cilium_ct_any4_global}, {@code cilium_snat_v4_external}, {@code cilium_metrics}), its monitor,
 * signals and CT GC state, plus scratch space the programs reuse so that they allocate nothing. The
 * egress policy map, the ipcache and the endpoints are not here: the {@link
 * dev.egret.datapath.node.NodeContext} supplies them (the control plane owns and may swap them).
 *
 * <p>The programs ({@code dev.egret.datapath.program.BpfLxc}, {@code BpfOverlay}, {@code BpfHost},
 * {@code BpfXdp}) are static functions of (this state, a NodeContext, an Skb). A Datapath is
 * confined to one thread at a time; an idle node costs a few hundred bytes (maps grow on first
 * use).
 */
public final class Datapath {
  private final DatapathConfig config;
  private final Signals signals = new Signals();
  private final Monitor monitor;
  private final Metrics metrics = new Metrics();
  private final Conntrack conntrack;
  private final NatMap4 natMap;
  private final SnatV4 snat;
  private final CtGc ctGc;
  private final TunnelDevice tunnelDevice;

  /** Scratch reused by the programs (never shared across threads). */
  public final Scratch scratch = new Scratch();

  public Datapath(DatapathConfig config) {
    this.config = config;
    this.monitor = new Monitor(config.monitorAggregation());
    this.conntrack = new Conntrack(config, signals);
    this.natMap = new NatMap4(config.natMapSize());
    this.snat = new SnatV4(config, conntrack, natMap, signals);
    this.ctGc = new CtGc(config);
    this.tunnelDevice = new TunnelDevice(config);
  }

  public DatapathConfig config() {
    return config;
  }

  /** The monitor: attach {@link dev.egret.datapath.monitor.MonitorListener}s here. */
  public Monitor monitor() {
    return monitor;
  }

  /** {@code cilium_metrics}. */
  public Metrics metrics() {
    return metrics;
  }

  /** Datapath-to-agent signals (NAT and CT fill-up). */
  public Signals signals() {
    return signals;
  }

  /** The conntrack maps and logic. */
  public Conntrack conntrack() {
    return conntrack;
  }

  /** {@code cilium_snat_v4_external}. */
  public NatMap4 natMap() {
    return natMap;
  }

  /** The SNAT engine. */
  public SnatV4 snat() {
    return snat;
  }

  /** The agent's CT garbage collector state for this node. */
  public CtGc ctGc() {
    return ctGc;
  }

  /** The node's tunnel device model (outer headers for TC-path encapsulation, decapsulation). */
  public TunnelDevice tunnelDevice() {
    return tunnelDevice;
  }

  /** Scratch objects shared by the programs of one datapath. */
  public static final class Scratch {
    public final Tuple4 tuple = new Tuple4();
    public final Tuple4 tuple2 = new Tuple4();
    public final TraceCtx trace = new TraceCtx();
    public final TraceCtx trace2 = new TraceCtx();
    public final NatTarget target = new NatTarget();
    public final FibResult fib = new FibResult();

    /** {@code ext_err} of the last DROP_NO_FIB: the FIB result code. */
    public int extErr;

    Scratch() {}
  }
}
