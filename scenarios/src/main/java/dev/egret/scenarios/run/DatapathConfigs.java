package dev.egret.scenarios.run;

import dev.egret.datapath.config.CiliumVersion;
import dev.egret.datapath.config.DatapathConfig;
import dev.egret.datapath.config.TunnelProtocol;
import dev.egret.datapath.monitor.MonitorAggregation;
import dev.egret.scenarios.model.CiliumSettings;
import dev.egret.sim.Durations;

/** Maps a scenario's {@code spec.cilium} onto the datapath's configuration. */
public final class DatapathConfigs {
  private DatapathConfigs() {}

  /** The datapath configuration of a scenario's {@code spec.cilium} (the lab uses it too). */
  public static DatapathConfig of(CiliumSettings c, long seed) {
    DatapathConfig.Builder b =
        DatapathConfig.builder()
            .version(version(c))
            .snatPortRange(c.snatPortMin(), c.snatPortMax())
            .ctLifetimes(
                seconds(c.ctTcp()),
                seconds(c.ctNonTcp()),
                seconds(c.ctTcpSyn()),
                seconds(c.ctTcpClose()))
            .egressPolicyMapSize(c.egressPolicyMapMax())
            .monitorAggregation(
                c.monitorAggregation() == CiliumSettings.MonitorAggregation.MEDIUM
                    ? MonitorAggregation.MEDIUM
                    : MonitorAggregation.NONE)
            .tunnelProtocol(
                c.tunnel() == CiliumSettings.Tunnel.GENEVE
                    ? TunnelProtocol.GENEVE
                    : TunnelProtocol.VXLAN)
            .tunnelHashSeed(seed);
    if (c.ctGcInterval() != CiliumSettings.DYNAMIC_GC) {
      b.ctGcInterval(c.ctGcInterval());
    }
    return b.build();
  }

  static CiliumVersion version(CiliumSettings c) {
    return CiliumVersion.parse(c.version().label());
  }

  private static int seconds(long nanos) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, nanos / Durations.SECOND));
  }
}
