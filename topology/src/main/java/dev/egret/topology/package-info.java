/**
 * The cluster model, Kubernetes and Cilium resources, the egress gateway control plane, the
 * underlay network graph and the simulated node.
 */
package dev.egret.topology;
