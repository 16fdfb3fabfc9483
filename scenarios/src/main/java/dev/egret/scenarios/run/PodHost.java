package dev.egret.scenarios.run;

import dev.egret.scenarios.traffic.HostStack;
import java.util.function.Function;

/**
 * One incarnation of a pod in the simulation: its host stack on its node, with its IP there. The
 * stack is built on first use (a frame for the pod, or traffic from it): a cluster of 150,000 pods
 * of which a few hundred talk would otherwise hold 150,000 stacks. Building one draws nothing from
 * shared random streams (its streams derive from its name), so when it is built changes nothing.
 */
final class PodHost {
  private final String key;
  private final String node;
  private final int ip;
  private final Function<PodHost, HostStack> factory;
  private HostStack host;
  private boolean gone;

  PodHost(String key, String node, int ip, Function<PodHost, HostStack> factory) {
    this.key = key;
    this.node = node;
    this.ip = ip;
    this.factory = factory;
  }

  String key() {
    return key;
  }

  String node() {
    return node;
  }

  int ip() {
    return ip;
  }

  /** The pod's stack, built now if it was not yet. */
  HostStack host() {
    if (host == null) {
      host = factory.apply(this);
    }
    return host;
  }

  /** The stack if it was built, else null. */
  HostStack hostIfBuilt() {
    return host;
  }

  /** This incarnation ended (the pod moved or went): a stack built later sends nowhere. */
  void markGone() {
    gone = true;
  }

  boolean isGone() {
    return gone;
  }
}
