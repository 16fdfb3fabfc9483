package dev.egret.datapath.monitor;

/**
 * Receives the datapath's trace and drop notifications ({@code cilium monitor}'s event stream). The
 * event is a flyweight that is only valid during the call: copy what you keep (including the frame
 * bytes, see {@link MonitorEvent#copyFrame()}). Listeners run on the packet path, so they should be
 * quick; they must not process packets of the same datapath re-entrantly.
 */
@FunctionalInterface
public interface MonitorListener {
  void onEvent(MonitorEvent event);
}
