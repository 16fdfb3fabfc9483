/**
 * Kubernetes and Cilium resources bound from YAML/JSON, with the API server's and agent's
 * validation.
 */
package dev.egret.topology.k8s;
