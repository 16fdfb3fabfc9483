package dev.egret.topology.model;

/** Kubernetes {@code NodeAddressType}s (only the IP kinds matter for Cilium's node IP). */
public enum AddressType {
  InternalIP,
  ExternalIP,
  Hostname,
  InternalDNS,
  ExternalDNS
}
