package dev.egret.topology.controlplane.egressgateway;

import dev.egret.sim.Simulation;

/**
 * When the manager's reconciliation runs. The manager never owns a clock: it asks its trigger.
 * Three modes: {@link #immediate()} runs every request at once (the {@code egress-list} command and
 * tests); {@link #manual()} folds requests until {@link #runPending()}; {@link #simulation} is
 * Cilium's {@code pkg/trigger} with a minimum interval on a simulation clock.
 */
public abstract class ReconcileTrigger {
  Runnable action;
  private Runnable afterRun = () -> {};

  void bind(Runnable reconcile) {
    this.action =
        () -> {
          reconcile.run();
          afterRun.run();
        };
  }

  /** Called after every reconciliation this trigger runs (observers: the GUI, the report). */
  public void setAfterRun(Runnable r) {
    this.afterRun = r == null ? () -> {} : r;
  }

  /** Asks for a reconciliation. */
  public abstract void request();

  /** The current time in nanoseconds (0 when there is no clock). */
  public abstract long now();

  /** Runs a pending request now (manual mode); false when none. */
  public boolean runPending() {
    return false;
  }

  /** Every request runs synchronously, at once. */
  public static ReconcileTrigger immediate() {
    return new ReconcileTrigger() {
      @Override
      public void request() {
        action.run();
      }

      @Override
      public long now() {
        return 0;
      }
    };
  }

  /** Requests fold together until {@link #runPending()}. */
  public static ReconcileTrigger manual() {
    return new ReconcileTrigger() {
      private boolean pending;

      @Override
      public void request() {
        pending = true;
      }

      @Override
      public long now() {
        return 0;
      }

      @Override
      public boolean runPending() {
        if (!pending) {
          return false;
        }
        pending = false;
        action.run();
        return true;
      }
    };
  }

  /**
   * Cilium's leading-edge rate limit (pkg/trigger, reference §6.1) on a simulation clock: after an
   * idle period a request runs at once (as an event at the current time, so requests of the same
   * instant fold); requests within {@code minInterval} of the last run fold into one run when the
   * interval expires. No periodic resync.
   */
  public static ReconcileTrigger simulation(Simulation sim, long minInterval) {
    return new SimulationTrigger(sim, minInterval);
  }

  private static final class SimulationTrigger extends ReconcileTrigger {
    private final Simulation sim;
    private final long minInterval;
    private long lastRun = Long.MIN_VALUE;
    private boolean scheduled;

    SimulationTrigger(Simulation sim, long minInterval) {
      this.sim = sim;
      this.minInterval = minInterval;
    }

    @Override
    public void request() {
      if (scheduled) {
        return;
      }
      scheduled = true;
      long at = lastRun == Long.MIN_VALUE ? sim.now() : Math.max(sim.now(), lastRun + minInterval);
      sim.scheduleAt(
          at,
          s -> {
            scheduled = false;
            lastRun = s.now();
            action.run();
          });
    }

    @Override
    public long now() {
      return sim.now();
    }
  }
}
