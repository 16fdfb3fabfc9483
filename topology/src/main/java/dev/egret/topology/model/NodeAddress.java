package dev.egret.topology.model;

/**
 * One {@code status.addresses} item of a Node: an IPv4 address (host order) and its type. Non-IP
 * types (Hostname, DNS) are not kept.
 */
public record NodeAddress(AddressType type, int ip) {}
