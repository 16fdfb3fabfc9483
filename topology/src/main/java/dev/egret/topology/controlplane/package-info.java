/** The Cilium control plane: versions and, in sub-packages, the egress gateway manager. */
package dev.egret.topology.controlplane;
