package dev.egret.scenarios.traffic;

import dev.egret.sim.Event;
import dev.egret.sim.Simulation;

/**
 * A client activity: one connection or flow of a traffic action ({@link HttpActivity}, {@link
 * TcpActivity}, {@link UdpActivity}, {@link PingActivity}). It is an {@link Event}: scheduled at
 * the action's time, {@link #run(Simulation)} starts it. It owns its {@link FlowReport}, reports to
 * its {@link ClientObserver} (exactly one {@code finished}), and keeps one cancellable deadline
 * (the action's timeout, or the end of a collection window). Not extensible outside this package.
 */
public abstract class ClientFlow implements Event {
  private static final long NO_HANDLE = -1;

  final HostStack host;
  final FlowReport report;
  final ClientObserver observer;
  private boolean done;
  private long deadlineHandle = NO_HANDLE;
  private final Event deadlineEvent =
      sim -> {
        deadlineHandle = NO_HANDLE;
        onDeadline();
      };

  ClientFlow(HostStack host, FlowReport report, ClientObserver observer) {
    this.host = host;
    this.report = report;
    this.observer = observer == null ? ClientObserver.NONE : observer;
  }

  /** The flow's report (complete once finished). */
  public FlowReport report() {
    return report;
  }

  /** Whether the client application is done with the flow. */
  public boolean isDone() {
    return done;
  }

  final long now() {
    return host.sim().now();
  }

  final void started(int localPort) {
    report.localPort = localPort;
    report.startedAt = now();
    observer.started(report);
  }

  final void answered() {
    if (report.firstAnswerAt == FlowReport.NEVER) {
      report.firstAnswerAt = now();
      observer.firstAnswer(report);
    }
  }

  /** Sets (or moves) the deadline at which {@link #onDeadline()} runs. */
  final void deadlineAt(long at) {
    Simulation sim = host.sim();
    if (deadlineHandle != NO_HANDLE) {
      sim.cancel(deadlineHandle);
    }
    deadlineHandle = sim.scheduleAt(at, deadlineEvent);
  }

  /** Withdraws the deadline. */
  final void cancelDeadline() {
    if (deadlineHandle != NO_HANDLE) {
      host.sim().cancel(deadlineHandle);
      deadlineHandle = NO_HANDLE;
    }
  }

  /** The deadline came. */
  abstract void onDeadline();

  /** Fills the report's counters just before it is finished. */
  void collect() {}

  /** Reports the end once; later calls are ignored. */
  final void finish(FlowOutcome outcome) {
    if (done) {
      return;
    }
    done = true;
    cancelDeadline();
    collect();
    report.outcome = outcome;
    report.finishedAt = now();
    observer.finished(report);
  }
}
