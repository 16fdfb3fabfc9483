/** Cilium's reserved security identities and the identity helpers of bpf/lib/identity.h. */
package dev.egret.datapath.identity;
