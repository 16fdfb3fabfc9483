package dev.egret.topology.cluster;

/**
 * Something the cluster could not do as asked, or did with a caveat (a pod that no node fits, an
 * explicit pod IP outside its node's pod CIDR, an IP already taken).
 *
 * @param subject what it concerns, e.g. {@code Pod/default/my-app}
 */
public record ClusterNotice(String subject, String message) {
  @Override
  public String toString() {
    return subject + ": " + message;
  }
}
