/**
 * The egress gateway manager (pkg/egressgateway): policies, gateway selection, egress IP
 * derivation, per-node egress policy maps, reconciliation triggers, provenance and warnings.
 */
package dev.egret.topology.controlplane.egressgateway;
