package dev.egret.topology.model;

import dev.egret.datapath.net.Ip4;

/**
 * A pod as the cluster knows it. A pod is <em>pending</em> while {@code nodeName} is null (no node
 * fits, or its node does not exist yet); only running pods have an IP, an identity and a
 * CiliumEndpoint.
 *
 * @param uid the pod's (and its CiliumEndpoint's) UID; feeds the 1.18 gateway hash
 * @param labels the pod's own labels
 * @param serviceAccount {@code spec.serviceAccountName} ("default" when unset)
 * @param nodeSelector {@code spec.nodeSelector} used by the scheduler
 * @param requestedNode {@code spec.nodeName} as given, or null
 * @param requestedIp an explicit IP ({@code status.podIP} or the scenario's {@code ip}), or 0
 * @param nodeName the node it runs on, or null while pending
 * @param ip its IP on that node (host order), or 0 while pending
 * @param identity its security identity, or 0 while pending
 * @param lxcIfindex the ifindex of its lxc interface on its node, or 0 while pending
 * @param owner "Deployment/name" or "DaemonSet/name" for controller-made pods, else null
 */
public record Pod(
    String namespace,
    String name,
    String uid,
    Labels labels,
    String serviceAccount,
    Labels nodeSelector,
    String requestedNode,
    int requestedIp,
    String nodeName,
    int ip,
    int identity,
    int lxcIfindex,
    String owner) {

  /** {@code namespace/name}. */
  public String key() {
    return namespace + "/" + name;
  }

  public boolean isRunning() {
    return nodeName != null;
  }

  /** This pod placed on a node with an IP, identity and lxc interface. */
  public Pod running(String node, int podIp, int id, int lxc) {
    return new Pod(
        namespace,
        name,
        uid,
        labels,
        serviceAccount,
        nodeSelector,
        requestedNode,
        requestedIp,
        node,
        podIp,
        id,
        lxc,
        owner);
  }

  /** This pod, not placed. */
  public Pod pending() {
    return running(null, 0, 0, 0);
  }

  public Pod withLabels(Labels l) {
    return new Pod(
        namespace,
        name,
        uid,
        l,
        serviceAccount,
        nodeSelector,
        requestedNode,
        requestedIp,
        nodeName,
        ip,
        identity,
        lxcIfindex,
        owner);
  }

  public Pod withIdentity(int id) {
    return running(nodeName, ip, id, lxcIfindex);
  }

  /** This pod asked to run on {@code node} (a reschedule): no explicit IP any more. */
  public Pod requestingNode(String node) {
    return new Pod(
        namespace,
        name,
        uid,
        labels,
        serviceAccount,
        nodeSelector,
        node,
        0,
        nodeName,
        ip,
        identity,
        lxcIfindex,
        owner);
  }

  @Override
  public String toString() {
    return key() + (isRunning() ? "@" + nodeName + "(" + Ip4.format(ip) + ")" : "(pending)");
  }
}
