package dev.egret.scenarios.run;

import dev.egret.scenarios.traffic.HostStack;

/** One incarnation of a pod in the simulation: its host stack on its node, with its IP there. */
record PodHost(String key, String node, int ip, HostStack host) {}
