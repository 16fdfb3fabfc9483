package dev.egret.scenarios.run;

import dev.egret.datapath.identity.Identities;
import dev.egret.datapath.monitor.MonitorEvent;
import dev.egret.datapath.net.Ip4;
import dev.egret.datapath.node.NodeContext;
import dev.egret.datapath.packet.Eth;
import dev.egret.datapath.packet.Ipv4;
import dev.egret.scenarios.record.EndpointInfo;
import dev.egret.scenarios.record.FlowRecord;
import dev.egret.topology.identity.Identity;
import dev.egret.topology.model.Pod;
import dev.egret.topology.node.SimNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Copies each monitor notification of each node into a {@link FlowRecord}, resolving its source and
 * destination endpoints the way Hubble does: a pod by its IP (identity labels prefixed {@code
 * k8s:}, its workload from its owner), a node address as {@code reserved:host} on its own node or
 * {@code reserved:remote-node} elsewhere, anything else as {@code reserved:world}. The source is
 * looked up by the packet's original address ({@code orig_ip4}) when it was SNATed.
 */
final class FlowRecorder {
  private static final EndpointInfo WORLD =
      EndpointInfo.reserved(Identities.WORLD_ID, "reserved:world");
  private static final EndpointInfo HOST =
      EndpointInfo.reserved(Identities.HOST_ID, "reserved:host");
  private static final EndpointInfo REMOTE_NODE =
      EndpointInfo.reserved(Identities.REMOTE_NODE_ID, "reserved:remote-node");

  private final World world;

  FlowRecorder(World world) {
    this.world = world;
  }

  void record(SimNode node, MonitorEvent ev) {
    byte[] frame = ev.copyFrame();
    int src = 0;
    int dst = 0;
    if (frame.length >= Eth.HLEN + Ipv4.MIN_HLEN && Eth.proto(frame, 0) == Eth.ETH_P_IP) {
      src = Ipv4.saddr(frame, Eth.HLEN);
      dst = Ipv4.daddr(frame, Eth.HLEN);
    }
    int origSrc = ev.origIp4() != 0 ? ev.origIp4() : src;
    long tag = ev.tag();
    FlowRecord r =
        new FlowRecord(
            world.sim.now(),
            node.name(),
            ev.type(),
            ev.program() == null ? "" : ev.program().toString(),
            ev.observationPoint(),
            ev.traceReason(),
            ev.dropReason(),
            ev.extError(),
            ev.srcIdentity(),
            ev.dstIdentity(),
            ev.ifindex(),
            node.context().ifname(ev.ifindex()),
            ev.origIp4(),
            ev.sourceEndpointId(),
            ev.direction(),
            frame,
            endpoint(node, origSrc),
            endpoint(node, dst),
            tag);
    world.listener.flow(r);
  }

  private EndpointInfo endpoint(SimNode viewer, int ip) {
    if (ip == 0) {
      return WORLD;
    }
    int owner = world.index.owner(ip);
    if (owner < 0) {
      return WORLD;
    }
    String ownerNode = world.index.name(owner);
    Pod pod = podWithIp(ip);
    if (pod == null) {
      return ownerNode.equals(viewer.name()) ? HOST : REMOTE_NODE;
    }
    int epId = 0;
    if (ownerNode.equals(viewer.name())) {
      int ep = viewer.context().lookupEndpoint(ip);
      epId = ep == NodeContext.NO_ENDPOINT ? 0 : viewer.context().endpointId(ep);
    }
    List<String> labels = new ArrayList<>();
    Identity id = world.cluster.identities().lookup(pod.identity());
    if (id != null) {
      for (Map.Entry<String, String> e : id.labels().asMap().entrySet()) {
        labels.add("k8s:" + e.getKey() + "=" + e.getValue());
      }
    }
    String kind = null;
    String name = null;
    if (pod.owner() != null && pod.owner().contains("/")) {
      kind = pod.owner().substring(0, pod.owner().indexOf('/'));
      name = pod.owner().substring(pod.owner().indexOf('/') + 1);
    }
    return new EndpointInfo(epId, pod.identity(), pod.namespace(), pod.name(), labels, kind, name);
  }

  private Pod podWithIp(int ip) {
    PodHost ph = world.podsByIp.get(ip);
    return ph == null ? null : world.cluster.pod(ph.key());
  }

  static String describe(int ip) {
    return Ip4.format(ip);
  }
}
